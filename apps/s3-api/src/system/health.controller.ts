import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ErrorBodyDto } from '../common/error-body.dto.js';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/public.decorator.js';
import { ReadinessIndicator } from './readiness.indicator.js';

/** What the server sends when a probe fails: the error body, with Terminus's per-check detail. */
const NOT_READY = {
  description: 'Not ready: an account cannot be reached (Code NotReady); Health holds the result of every check',
  schema: {
    allOf: [
      { $ref: getSchemaPath(ErrorBodyDto) },
      { type: 'object', properties: { Health: { type: 'object', description: 'status, info, error and details of every check, per account' } } },
    ],
  },
} as const;

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
  @ApiServiceUnavailableResponse(NOT_READY)
  @HealthCheck()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness probe' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready when the configuration is loaded and every account's credentials resolve (cached, time-boxed). */
  @Get('ready')
  @ApiServiceUnavailableResponse(NOT_READY)
  @HealthCheck()
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness probe: configuration loaded and every account reachable' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.check('accounts')]);
  }
}
