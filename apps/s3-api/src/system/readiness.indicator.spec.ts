import { HealthIndicatorService } from '@nestjs/terminus';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadinessIndicator } from './readiness.indicator.js';

/** Keeps the event loop busy, as a request handler stuck in a tight loop would. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('ReadinessIndicator', () => {
  const indicator = new ReadinessIndicator(new HealthIndicatorService());
  afterEach(() => indicator.onModuleDestroy());

  it('is up while the event loop keeps up, down after it was blocked past the limit, and up again', async () => {
    indicator.onModuleInit();
    await sleep(250);
    expect(indicator.check('eventLoop')).toEqual({ eventLoop: { status: 'up', lagMs: expect.any(Number) } });
    block(1_200);
    await sleep(150);
    expect(indicator.check('eventLoop')).toEqual({
      eventLoop: { status: 'down', lagMs: expect.any(Number), error: expect.stringContaining('event loop lagged') },
    });
    await sleep(250);
    expect(indicator.check('eventLoop').eventLoop.status).toBe('up');
  });
});
