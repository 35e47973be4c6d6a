import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/public.decorator.js';
import { ReadinessIndicator } from './readiness.indicator.js';

@ApiTags('system')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicator,
  ) {}

  /** Answers while the process can serve; checks nothing external, so AWS trouble never restarts pods. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness probe' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready when the configuration is loaded and every account's credentials resolve (cached, time-boxed). */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness probe: configuration loaded and every account reachable' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.check('accounts')]);
  }
}
