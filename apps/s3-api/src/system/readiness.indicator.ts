import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** How often the event loop's lag is sampled. */
const SAMPLE_MS = 100;
/** Lag past which requests wait too long to be served: a second is an eternity for this API. */
const MAX_LAG_MS = 1_000;

/**
 * Whether this process can serve: its configuration is loaded (or it would not have started) and
 * its event loop keeps up (no timer ran more than a second late since the previous probe). Nothing
 * external: an AWS account that cannot be reached is reported per account (the metric and
 * /health/accounts) and never takes the pods out of service.
 */
@Injectable()
export class ReadinessIndicator implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private last = performance.now();
  private maxLagMs = 0;

  constructor(private readonly indicator: HealthIndicatorService) {}

  onModuleInit(): void {
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.maxLagMs = Math.max(this.maxLagMs, now - this.last - SAMPLE_MS);
      this.last = now;
    }, SAMPLE_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  check(key: string): HealthIndicatorResult {
    const lagMs = Math.round(this.maxLagMs);
    this.maxLagMs = 0;
    const session = this.indicator.check(key);
    return lagMs <= MAX_LAG_MS
      ? session.up({ lagMs })
      : session.down({ lagMs, error: `the event loop lagged ${lagMs} ms since the previous probe, more than ${MAX_LAG_MS} ms` });
  }
}
