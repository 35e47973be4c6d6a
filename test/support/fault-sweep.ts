import type { AwsSandbox, SandboxDiffEntry, SandboxSnapshot } from '#aws-sandbox';
import type { TestResponse } from './test-app.js';

/**
 * A non-retryable AWS error that no call site gives a meaning of its own: the SDK gives up at once
 * and the service must compensate. (AccessDenied would not do: to a HeadBucket it means "another
 * account's bucket", and to a lookup of an IAM name "nothing of the service's goes by that name".)
 */
export const INJECTED_ERROR = { name: 'InjectedFault', message: 'injected fault', httpStatusCode: 400 } as const;
/** What the service answers for an AWS error it does not expect. */
export const INJECTED_ANSWER = { status: 502, code: 'AwsError' } as const;

export interface CallPoint {
  readonly operation: string;
  /** 1-based occurrence of this operation within the request's own calls. */
  readonly nth: number;
}

export interface SweepScenario {
  readonly name: string;
  /** Brings the sandbox to the state the operation starts from (once; restored before every point). */
  readonly arrange?: () => Promise<void>;
  /** The request under test. */
  readonly act: () => Promise<TestResponse>;
  /** Status of a successful run. */
  readonly okStatus: number;
  /**
   * 'undo': after a failure the sandbox equals the state before the request (creates, resets).
   * 'retry': after a failure, repeating the request without the fault succeeds and leaves the same
   * state as an undisturbed run (deletes).
   */
  readonly expectation: 'undo' | 'retry';
  /** Runs after a failed request and before the state is compared (e.g. the distribution janitor). */
  readonly settle?: () => Promise<void>;
  /** Extra check after the failed request at each point, before any repeat (e.g. "the old access key still exists"). */
  readonly verify?: (point: CallPoint) => Promise<string | undefined>;
  /**
   * 'retry' only: snapshot paths of what the operation makes anew (e.g. a policy it recreates), whose
   * AWS-assigned `id` differs between two successful runs; that field alone is not compared there.
   */
  readonly remade?: RegExp;
}

export interface SweepResult {
  readonly points: number;
  readonly leftovers: string[];
}

/** The answer the service owes for INJECTED_ERROR, at any point. */
function answersAsMapped(res: TestResponse): boolean {
  return res.status === INJECTED_ANSWER.status && res.body?.Code === INJECTED_ANSWER.code;
}

/** An entity remade by the repeat, equal to the undisturbed run's but for the id AWS gave it. */
function onlyIdDiffers(remade: RegExp | undefined, entry: SandboxDiffEntry, done: SandboxSnapshot, after: SandboxSnapshot): boolean {
  if (!remade?.test(entry.path) || entry.change !== 'changed') return false;
  const withoutId = (value: unknown): string => JSON.stringify({ ...(value as object), id: undefined });
  return withoutId(done.get(entry.path)) === withoutId(after.get(entry.path));
}

/** The request's calls as (operation, occurrence) pairs, in the order they were made. */
export function callPoints(calls: readonly { operation: string }[]): CallPoint[] {
  const seen = new Map<string, number>();
  return calls.map((call) => {
    const nth = (seen.get(call.operation) ?? 0) + 1;
    seen.set(call.operation, nth);
    return { operation: call.operation, nth };
  });
}

/**
 * Records the scenario's AWS call sequence from one undisturbed run, then replays it once per call
 * position with INJECTED_ERROR at that position, asserting the promise of the service: the answer is
 * the mapped error, and nothing is left half-made. New steps are covered without editing any test.
 */
export async function sweepFaults(sandbox: AwsSandbox, scenario: SweepScenario): Promise<SweepResult> {
  const leftovers: string[] = [];
  await scenario.arrange?.();
  const start = sandbox.snapshot();
  const mark = sandbox.calls.mark();
  const clean = await scenario.act();
  if (clean.status !== scenario.okStatus) throw new Error(`${scenario.name}: undisturbed run answered ${clean.status}: ${clean.text}`);
  const points = callPoints(sandbox.calls.since(mark));
  const done = sandbox.snapshot();

  for (const point of points) {
    sandbox.restore(start);
    sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: { ...INJECTED_ERROR } });
    const res = await scenario.act();
    sandbox.faults.clear();
    await scenario.settle?.();
    const where = `${scenario.name} @ ${point.operation}#${point.nth}`;
    if (!answersAsMapped(res)) {
      leftovers.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}`);
    }
    const extra = await scenario.verify?.(point);
    if (extra) leftovers.push(`${where}: ${extra}`);
    if (scenario.expectation === 'undo') {
      const diff = sandbox.diff(start, sandbox.snapshot());
      if (!diff.isEmpty()) leftovers.push(`${where}: left behind:\n${diff.toString()}`);
    } else {
      const retry = await scenario.act();
      if (retry.status !== scenario.okStatus) leftovers.push(`${where}: the repeated request answered ${retry.status} ${retry.text.slice(0, 200)}`);
      const after = sandbox.snapshot();
      const diff = sandbox.diff(done, after).filter((entry) => !onlyIdDiffers(scenario.remade, entry, done, after));
      if (!diff.isEmpty()) leftovers.push(`${where}: the repeated request did not finish the job:\n${diff.toString()}`);
    }
  }
  sandbox.faults.clear();
  return { points: points.length, leftovers };
}
