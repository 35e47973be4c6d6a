import { describe, expect, it } from 'vitest';
import { settleRunningWork, trackWork } from './running-work.js';

describe('running work', () => {
  it('waits for work that starts while it waits, such as an undo begun by a request that failed', async () => {
    let finishSecond!: () => void;
    const second = new Promise<void>((resolve) => (finishSecond = resolve));
    let secondDone = false;
    const first = trackWork(
      Promise.resolve().then(() => {
        void trackWork(second.then(() => (secondDone = true)));
      }),
    );
    const settled = settleRunningWork(60_000);
    await first;
    finishSecond();
    expect(await settled).toBe(0);
    expect(secondDone).toBe(true);
  });

  it('gives up at the deadline and says how much is still running', async () => {
    let finish!: () => void;
    void trackWork(new Promise<void>((resolve) => (finish = resolve)));
    expect(await settleRunningWork(10)).toBe(1);
    finish();
    expect(await settleRunningWork(1_000)).toBe(0);
  });
});
