import { trackWork } from '../concurrency/running-work.js';
import { settleAll } from '../concurrency/settle-all.js';

/**
 * Multi-step work that must never be left half-done. Each step declares how to undo itself; when a
 * later step fails, the completed steps are undone in reverse order of completion and the original
 * error is re-thrown. Undo runs to the end whatever happens to the caller (it is not tied to the
 * request), every undo is attempted even when another fails, and failures are reported.
 */
export interface UndoFailure {
  readonly step: string;
  readonly error: unknown;
}

export interface SagaHooks {
  /** Called once per undo that failed: log it, count it. */
  readonly onUndoFailure?: (failure: UndoFailure) => void;
}

interface CompletedStep {
  readonly name: string;
  readonly undo: () => Promise<unknown>;
}

export class Saga {
  private readonly completed: CompletedStep[] = [];
  private readonly failures: UndoFailure[] = [];

  constructor(private readonly hooks: SagaHooks = {}) {}

  /** Runs one step; once it succeeds, its undo is registered. */
  async step<T>(name: string, action: () => Promise<T>, undo?: (result: T) => Promise<unknown>): Promise<T> {
    const result = await action();
    if (undo) this.completed.push({ name, undo: () => undo(result) });
    return result;
  }

  /**
   * Runs independent steps concurrently. Waits for every one of them to settle before reporting a
   * failure, so that no step can complete after compensation has started and be left behind.
   */
  all<T extends readonly unknown[]>(steps: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    return settleAll(steps.map((run) => run()) as { [K in keyof T]: Promise<T[K]> });
  }

  /** The undo steps that failed so far: something may be left behind. */
  get undoFailures(): readonly UndoFailure[] {
    return this.failures;
  }

  /** Undoes every completed step, newest first. Returns what could not be undone. */
  async compensate(): Promise<UndoFailure[]> {
    const failures: UndoFailure[] = [];
    while (this.completed.length > 0) {
      const step = this.completed.pop()!;
      try {
        await step.undo();
      } catch (error) {
        const failure = { step: step.name, error };
        failures.push(failure);
        this.failures.push(failure);
        this.hooks.onUndoFailure?.(failure);
      }
    }
    return failures;
  }
}

/**
 * Runs `work` inside a saga: on failure everything done is undone and the original error re-thrown.
 * A shutdown waits for it, compensation included (see settleRunningWork).
 */
export function runSaga<T>(work: (saga: Saga) => Promise<T>, hooks: SagaHooks = {}): Promise<T> {
  return trackWork(
    (async () => {
      const saga = new Saga(hooks);
      try {
        return await work(saga);
      } catch (error) {
        await saga.compensate();
        throw error;
      }
    })(),
  );
}
