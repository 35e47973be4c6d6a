import { describe, expect, it, vi } from 'vitest';
import { settleRunningWork } from '../concurrency/running-work.js';
import { runSaga, Saga, type UndoFailure } from './saga.js';

describe('Saga', () => {
  it('tells the undos still to run which undos failed before them', async () => {
    const saga = new Saga();
    let seenByFirst: string[] = [];
    await saga.step(
      'first',
      async () => 1,
      async () => void (seenByFirst = saga.undoFailures.map((f) => f.step)),
    );
    await saga.step(
      'second',
      async () => 2,
      async () => Promise.reject(new Error('boom')),
    );
    expect(saga.undoFailures).toEqual([]);
    await saga.compensate();
    expect(seenByFirst).toEqual(['second']);
    expect(saga.undoFailures.map((f) => f.step)).toEqual(['second']);
  });

  it('undoes completed steps newest first and rethrows the original error', async () => {
    const log: string[] = [];
    const boom = new Error('step 3 failed');
    await expect(
      runSaga(async (saga) => {
        await saga.step(
          'one',
          async () => log.push('do 1'),
          async () => log.push('undo 1'),
        );
        await saga.step(
          'two',
          async () => log.push('do 2'),
          async () => log.push('undo 2'),
        );
        await saga.step(
          'three',
          async () => {
            throw boom;
          },
          async () => log.push('undo 3'),
        );
      }),
    ).rejects.toBe(boom);
    expect(log).toEqual(['do 1', 'do 2', 'undo 2', 'undo 1']);
  });

  it('passes each step result to its undo', async () => {
    const undone: string[] = [];
    await expect(
      runSaga(async (saga) => {
        await saga.step(
          'create',
          async () => 'bucket-a',
          async (name) => undone.push(name),
        );
        throw new Error('later failure');
      }),
    ).rejects.toThrow('later failure');
    expect(undone).toEqual(['bucket-a']);
  });

  it('waits for concurrent siblings to settle before compensating, and undoes them too', async () => {
    const undone: string[] = [];
    let releaseSlow!: () => void;
    const slowDone = new Promise<void>((resolve) => (releaseSlow = resolve));
    const run = runSaga(async (saga) => {
      await saga.all([
        () =>
          saga.step('fast-fail', async () => {
            throw new Error('fast failure');
          }),
        () =>
          saga.step(
            'slow',
            async () => {
              await slowDone;
              return 'slow';
            },
            async () => undone.push('slow'),
          ),
      ] as const);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(undone).toEqual([]);
    releaseSlow();
    await expect(run).rejects.toThrow('fast failure');
    expect(undone).toEqual(['slow']);
  });

  it('keeps undoing after one undo fails and reports the failure', async () => {
    const failures: UndoFailure[] = [];
    const undone: string[] = [];
    const saga = new Saga({ onUndoFailure: (f) => failures.push(f) });
    await saga.step(
      'a',
      async () => 1,
      async () => undone.push('a'),
    );
    await saga.step(
      'b',
      async () => 2,
      async () => {
        throw new Error('cannot undo b');
      },
    );
    const reported = await saga.compensate();
    expect(undone).toEqual(['a']);
    expect(reported.map((f) => f.step)).toEqual(['b']);
    expect(failures).toHaveLength(1);
  });

  it('keeps undoing after one undo fails when nobody listens for failures, and rethrows the original error', async () => {
    const undone: string[] = [];
    const run = runSaga(async (saga) => {
      await saga.step(
        'a',
        async () => 1,
        async () => undone.push('a'),
      );
      await saga.step(
        'b',
        async () => 2,
        async () => {
          throw new Error('cannot undo b');
        },
      );
      throw new Error('step c failed');
    });
    await expect(run).rejects.toThrow('step c failed');
    expect(undone).toEqual(['a']);
  });

  it('returns the result when every step succeeds and undoes nothing', async () => {
    const undone: string[] = [];
    const result = await runSaga(async (saga) => {
      const [x, y] = await saga.all([
        () =>
          saga.step(
            'x',
            async () => 1,
            async () => undone.push('x'),
          ),
        () =>
          saga.step(
            'y',
            async () => 2,
            async () => undone.push('y'),
          ),
      ] as const);
      return x + y;
    });
    expect(result).toBe(3);
    expect(undone).toEqual([]);
  });

  it('lets a shutdown wait for sagas still compensating after their caller gave up', async () => {
    const undone: string[] = [];
    let releaseUndo!: () => void;
    const undoGate = new Promise<void>((resolve) => (releaseUndo = resolve));
    const run = runSaga(async (saga) => {
      await saga.step(
        'made',
        async () => 'x',
        async () => {
          await undoGate;
          undone.push('made');
        },
      );
      throw new Error('failed');
    });
    run.catch(() => undefined); // the caller went away
    expect(await settleRunningWork(20)).toBe(1);
    releaseUndo();
    expect(await settleRunningWork(1000)).toBe(0);
    expect(undone).toEqual(['made']);
  });

  it('leaves no timer behind once the sagas have settled, so a shutdown does not wait out the whole grace period', async () => {
    vi.useFakeTimers();
    try {
      expect(await settleRunningWork(60_000)).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
