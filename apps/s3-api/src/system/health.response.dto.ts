import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** One check of a probe. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';
  /**
   * How late the event loop ran since the previous probe, in milliseconds (readiness).
   * @example 3
   */
  lagMs?: number;
  /** Why the check is down. */
  error?: string;
}

/** Checks by name: `eventLoop` for readiness, none for liveness. */
const CHECKS = (description: string, example: Record<string, HealthIndicatorDto>) =>
  ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) }, description, example });

/** A probe's answer (Terminus's health check result). */
@ApiExtraModels(HealthIndicatorDto)
export class HealthCheckDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: 'ok' | 'error' | 'shutting_down';
  @CHECKS('The checks that are up.', { eventLoop: { status: 'up', lagMs: 3 } })
  info?: Record<string, HealthIndicatorDto>;
  @CHECKS('The checks that are down.', {})
  error?: Record<string, HealthIndicatorDto>;
  @CHECKS('Every check.', { eventLoop: { status: 'up', lagMs: 3 } })
  details!: Record<string, HealthIndicatorDto>;
}
