import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { Public } from '../common/public.decorator.js';
import { METRICS_REGISTRY } from '../common/metrics-registry.js';

@ApiTags('system')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics: process, HTTP requests and AWS calls' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    void response.header('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
