import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { usableAccounts } from '../common/authenticator.js';
import { WhoamiResponseDto } from './whoami.response.dto.js';

@ApiTags('system')
@Controller('whoami')
export class WhoamiController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({
    operationId: 'whoami',
    summary: "The token's name and the accounts it may use",
    description: 'Answered from the configuration alone, with no AWS call. Any other account answers 403 AccountNotAllowed.',
  })
  @ApiOkResponse({ type: WhoamiResponseDto, description: 'The token (by name) and its accounts' })
  whoami(@Req() request: FastifyRequest): WhoamiResponseDto {
    return {
      Token: request.tokenName ?? '',
      Accounts: usableAccounts(this.config, request.tokenName).map((account) => ({
        Account: account.name,
        Id: account.id,
        Region: account.region,
        AllowedRegions: [...account.allowedRegions],
        Domains: Object.keys(account.domains),
      })),
    };
  }
}
