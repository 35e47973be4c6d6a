import { describe, expect, it } from 'vitest';
import { AwsSandbox, ManualClock } from '#aws-sandbox';
import { PROPAGATION_BUDGET_MS, PropagationWaits } from './propagation-waits.js';

const notYet = Object.assign(new Error('not yet'), { awsCode: 'NoSuchBucket' });
const waitsOn = (clock: ManualClock) => new PropagationWaits({ sandbox: new AwsSandbox({ clock }) });

describe('PropagationWaits', () => {
  it("retries only the answer named, backing off on the sandbox's clock, and gives up within its budget", async () => {
    const clock = new ManualClock(0);
    const waits = waitsOn(clock);
    let calls = 0;
    await expect(
      waits.retry(
        'tag the new bucket',
        (error) => error === notYet,
        async () => (++calls < 4 ? Promise.reject(notYet) : 'tagged'),
      ),
    ).resolves.toBe('tagged');
    // 100 + 200 + 400 ms on the clock, none in real time.
    expect([calls, clock.now()]).toEqual([4, 700]);

    const other = new Error('refused');
    await expect(
      waits.retry(
        'x',
        (error) => error === notYet,
        () => Promise.reject(other),
      ),
    ).rejects.toBe(other);

    const started = clock.now();
    await expect(
      waits.retry(
        'never',
        () => true,
        () => Promise.reject(notYet),
      ),
    ).rejects.toBe(notYet);
    expect(clock.now() - started).toBeLessThanOrEqual(PROPAGATION_BUDGET_MS);
    expect(clock.now() - started).toBeGreaterThan(PROPAGATION_BUDGET_MS / 2);
  });

  it('reads until the answer shows the change, and returns the last answer when it never does', async () => {
    const clock = new ManualClock(0);
    const waits = waitsOn(clock);
    let reads = 0;
    expect(
      await waits.until(
        'the new key',
        async () => ++reads,
        (n) => n === 3,
      ),
    ).toBe(3);
    expect(
      await waits.until(
        'a key that never shows',
        async () => 'stale',
        () => false,
      ),
    ).toBe('stale');
  });

  it('stops reading once told to stop, also in the middle of a wait', async () => {
    const clock = new ManualClock(0);
    const stop = new AbortController();
    let reads = 0;
    const read = async () => (++reads === 2 && stop.abort(), reads);
    expect(await waitsOn(clock).until('a policy', read, () => false, stop.signal)).toBe(2);
    expect(clock.now()).toBe(100);

    // A wait that would never end on its own ends when the stop comes.
    const stuck = new PropagationWaits({ sandbox: new AwsSandbox({ clock: { now: () => 0, sleep: () => new Promise<void>(() => undefined) } }) });
    const stopping = new AbortController();
    const waiting = stuck.until(
      'a policy',
      async () => 'stale',
      () => false,
      stopping.signal,
    );
    setImmediate(() => stopping.abort());
    expect(await waiting).toBe('stale');
  });
});
