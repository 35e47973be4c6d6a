import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BUILD_INFO } from '../generated/build-info.js';
import { Probe, Public } from '../common/public.decorator.js';
import { VersionResponseDto } from './version.response.dto.js';

@ApiTags('system')
@Public()
@Controller()
export class SystemController {
  @Get('ping')
  @Probe()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ operationId: 'ping', summary: 'Liveness ping: answers pong' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'pong', schema: { type: 'string', example: 'pong' } })
  ping(): string {
    return 'pong';
  }

  @Get('version')
  @ApiOperation({ operationId: 'getVersion', summary: 'Version, git commit and build time of this server' })
  @ApiOkResponse({ type: VersionResponseDto })
  version(): VersionResponseDto {
    return { ...BUILD_INFO };
  }
}
