import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import { AccountsHealth } from '#aws';
import { usableAccounts } from '../common/authenticator.js';
import { ErrorBodyDto } from '../common/error-body.dto.js';
import { Probe } from '../common/public.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { AccountsHealthResponseDto } from './accounts-health.response.dto.js';
import { HealthCheckDto } from './health.response.dto.js';
import { ReadinessIndicator } from './readiness.indicator.js';

/** What the server sends when a probe fails: the error body, with Terminus's per-check detail. */
const NOT_READY = {
  description: 'Not ready: this process cannot serve in time (Code NotReady); Health holds the result of every check',
  schema: { allOf: [{ $ref: getSchemaPath(ErrorBodyDto) }, { type: 'object', properties: { Health: { $ref: getSchemaPath(HealthCheckDto) } } }] },
} as const;

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicator,
    private readonly accounts: AccountsHealth,
    private readonly config: AppConfig,
  ) {}

  /** Answers while the process can serve; checks nothing external, so AWS trouble never restarts pods. */
  @Get('live')
  @Probe()
  @ApiOkResponse({ type: HealthCheckDto, description: 'The process can serve' })
  @ApiServiceUnavailableResponse(NOT_READY)
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness probe' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready when this process can serve: configuration loaded, event loop keeping up. Names no account. */
  @Get('ready')
  @Probe()
  @ApiOkResponse({ type: HealthCheckDto, description: 'Ready' })
  @ApiServiceUnavailableResponse(NOT_READY)
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness probe: this process can serve (configuration loaded, event loop keeping up)' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.check('eventLoop')]);
  }

  @Get('accounts')
  @ApiOperation({
    operationId: 'getAccountsHealth',
    summary: 'Whether each account this token may use can be reached',
    description:
      "Each account's credentials are checked through STS at most once a minute. The metric `s3api_account_reachable` says the same for every account.",
  })
  @ApiOkResponse({ type: AccountsHealthResponseDto })
  async accountsHealth(@Req() request: FastifyRequest): Promise<AccountsHealthResponseDto> {
    const allowed = usableAccounts(this.config, request.tokenName);
    const results = await this.accounts.checkAll(allowed);
    return {
      Accounts: results.map((result, i) => ({
        Account: result.account,
        Id: allowed[i]!.id,
        Reachable: result.ok,
        ...(result.error !== undefined ? { Error: result.error } : {}),
      })),
    };
  }
}
