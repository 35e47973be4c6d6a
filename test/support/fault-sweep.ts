import { getToken } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import {
  type AwsSandbox,
  type FaultEffect,
  type ManualClock,
  type SandboxDiff,
  type SandboxDiffEntry,
  SandboxErrors,
  type SandboxService,
  type SandboxSnapshot,
} from '#aws-sandbox';
import { SAGA_UNDO_FAILURES_METRIC } from '../../apps/s3-api/src/common/saga-runner.js';
import { Reconciler } from '../../apps/s3-api/src/reconciler/reconciler.js';
import type { TestApp, TestResponse } from './test-app.js';

/**
 * A non-retryable AWS error that no call site gives a meaning of its own: the SDK gives up at once
 * and the service must compensate. (AccessDenied would not do: to a HeadBucket it means "another
 * account's bucket", and to a lookup of an IAM name "nothing of the service's goes by that name".)
 */
export const INJECTED_ERROR = { name: 'InjectedFault', message: 'injected fault', httpStatusCode: 400 } as const;
/** What the service answers for an AWS error it does not expect. */
export const INJECTED_ANSWER = { status: 502, code: 'AwsError' } as const;

/**
 * The faults swept at every call point:
 * - denied: INJECTED_ERROR, which the SDK does not retry: the request fails with the mapped error;
 * - throttled: one throttling error, which the SDK retries: nobody notices;
 * - lost: the call takes effect and its answer is lost; the SDK retries against the changed state.
 */
export const FAULT_KINDS = ['denied', 'throttled', 'lost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

function effect(kind: FaultKind, service: SandboxService): FaultEffect {
  switch (kind) {
    case 'denied':
      return { ...INJECTED_ERROR };
    case 'throttled':
      return SandboxErrors.throttling(service);
    case 'lost':
      return 'lost';
  }
}

export interface CallPoint {
  readonly service: SandboxService;
  readonly operation: string;
  /** 1-based occurrence of this operation within the request's own calls. */
  readonly nth: number;
}

/** The answer a point owes when a call is denied there. */
export interface Answer {
  readonly status: number;
  readonly code?: string;
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
   * 'undo': after a failure the sandbox equals the state before the request (creates, resets, updates).
   * 'retry': after a failure, repeating the request finishes the job (deletes).
   */
  readonly expectation: 'undo' | 'retry';
  /** How many AWS calls the undisturbed run makes: a sweep that loses points fails. */
  readonly points: number;
  /** The answer to a call denied at `point`, when not INJECTED_ANSWER (a lock released after the work). */
  readonly denied?: (point: CallPoint) => Answer | undefined;
  /** Extra check after the failed request at each point, before any repeat (e.g. "the old access key still exists"). */
  readonly verify?: (point: CallPoint) => Promise<string | undefined>;
  /** Snapshot paths of what a repeat makes anew ('retry'), whose AWS-assigned `id` differs from the undisturbed run's. */
  readonly remade?: RegExp;
  /** Sweep the calls a failed run makes after its fault (its undo above all) with a second fault each. */
  readonly followUps?: boolean;
  /** What may stay after a failed undo and the reconciler's run: what the bucket may always have (an empty access group). */
  readonly harmless?: (entry: SandboxDiffEntry, snapshot: SandboxSnapshot) => boolean;
  /** What AWS itself takes time to remove, e.g. a disabled distribution without aliases (CloudFront deletes one only once deployed). */
  readonly pending?: (entry: SandboxDiffEntry, snapshot: SandboxSnapshot) => boolean;
}

export interface SweepHooks {
  /** Lets the reconciler's grace period pass and runs it once. */
  readonly reconcile: () => Promise<void>;
  /** Undo steps that failed so far (s3api_saga_undo_failures_total). */
  readonly undoFailures: () => Promise<number>;
  /** Log lines so far. */
  readonly logs: () => readonly string[];
}

export interface SweepResult {
  readonly name: string;
  readonly points: number;
  /** Points of each fault kind, and the follow-up (second) faults. */
  readonly byKind: Readonly<Record<FaultKind | 'follow-up', number>>;
  readonly leftovers: string[];
  /** Points after which repeating the request at once did not succeed. */
  readonly stuck: string[];
}

/** The request's calls as (service, operation, occurrence) triples, in the order they were made. */
export function callPoints(calls: readonly { service: SandboxService; operation: string }[]): CallPoint[] {
  const seen = new Map<string, number>();
  return calls.map((call) => {
    const nth = (seen.get(call.operation) ?? 0) + 1;
    seen.set(call.operation, nth);
    return { service: call.service, operation: call.operation, nth };
  });
}

const describe = (point: CallPoint): string => `${point.operation}#${point.nth}`;

/**
 * Ids AWS assigns anew on every create, and the random name a website's function is given by each
 * create, masked so that two runs of one request compare by shape.
 */
const VOLATILE = [/AKIA[A-Z0-9]{16}/g, /\/distribution\/[A-Z0-9]+/g, /\/invalidation\/[A-Z0-9]+/g, /\/function\/s3-api-[0-9a-f]{32}/g];
export const shapeOf = (diff: SandboxDiff): string[] =>
  diff.entries.map((e) => `${e.change} ${VOLATILE.reduce((path, re) => path.replace(re, '*'), e.path)}`).sort();

/** An entity remade by the repeat, equal to the undisturbed run's but for the id AWS gave it. */
function onlyIdDiffers(remade: RegExp | undefined, entry: SandboxDiffEntry, done: SandboxSnapshot, after: SandboxSnapshot): boolean {
  if (!remade?.test(entry.path) || entry.change !== 'changed') return false;
  const withoutId = (value: unknown): string => JSON.stringify({ ...(value as object), id: undefined });
  return withoutId(done.get(entry.path)) === withoutId(after.get(entry.path));
}

/**
 * Records the scenario's AWS call sequence from one undisturbed run, then replays it once per call
 * position and fault kind (FAULT_KINDS), and once per later call of each denied run with a second
 * fault (the undo's calls above all), asserting the promise of the service at each:
 * - denied: the exact answer; nothing half-made, compared before the reconciler runs ('undo'), or
 *   the job finished by a repeat ('retry');
 * - throttled and lost: the answer of an undisturbed run, and its outcome;
 * - a second fault in an undo: the first fault's answer; the undo failure logged and counted when
 *   something could not be undone, and nothing left once the reconciler has run;
 * and after every failure, that repeating the same request at once succeeds: no name stays stuck.
 * New steps are covered without editing any test.
 */
export async function sweepFaults(sandbox: AwsSandbox, scenario: SweepScenario, hooks: SweepHooks): Promise<SweepResult> {
  const leftovers: string[] = [];
  const stuck: string[] = [];
  const byKind = { denied: 0, throttled: 0, lost: 0, 'follow-up': 0 };
  await scenario.arrange?.();
  const start = sandbox.snapshot();
  const mark = sandbox.calls.mark();
  const clean = await scenario.act();
  if (clean.status !== scenario.okStatus) throw new Error(`${scenario.name}: undisturbed run answered ${clean.status}: ${clean.text}`);
  const points = callPoints(sandbox.calls.since(mark));
  if (points.length !== scenario.points) leftovers.push(`${scenario.name}: the undisturbed run made ${points.length} AWS calls, not ${scenario.points}`);
  const done = sandbox.snapshot();
  const settled = (snapshot: SandboxSnapshot): SandboxDiff => sandbox.diff(start, snapshot).filter((entry) => !scenario.pending?.(entry, snapshot));
  const doneShape = shapeOf(settled(done));

  /** The outcome of a run that should equal the undisturbed one: exactly for 'retry', by shape for 'undo' (new ids). */
  const sameAsDone = (): string | undefined => {
    const after = sandbox.snapshot();
    if (scenario.expectation === 'retry') {
      const diff = sandbox.diff(done, after).filter((entry) => !onlyIdDiffers(scenario.remade, entry, done, after));
      return diff.isEmpty() ? undefined : diff.toString();
    }
    const shape = shapeOf(settled(after));
    return JSON.stringify(shape) === JSON.stringify(doneShape) ? undefined : sandbox.diff(done, after).toString();
  };
  const answered = (res: TestResponse, expected: Answer): boolean =>
    res.status === expected.status && (expected.code === undefined || res.body?.Code === expected.code);
  const deniedAnswer = (point: CallPoint): Answer => scenario.denied?.(point) ?? INJECTED_ANSWER;

  /** After a failure: the same request at once succeeds and ends as an undisturbed run. */
  const repeat = async (where: string): Promise<void> => {
    const again = await scenario.act();
    if (again.status !== scenario.okStatus) {
      stuck.push(where);
      leftovers.push(`${where}: the repeated request answered ${again.status} ${again.text.slice(0, 200)}`);
      return;
    }
    const off = sameAsDone();
    if (off) leftovers.push(`${where}: the repeated request did not end as an undisturbed run:\n${off}`);
  };

  for (const point of points) {
    for (const kind of FAULT_KINDS) {
      byKind[kind] += 1;
      const where = `${scenario.name} @ ${describe(point)} ${kind}`;
      sandbox.restore(start);
      sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: effect(kind, point.service) });
      const res = await scenario.act();
      const unreached = sandbox.faults.size > 0;
      sandbox.faults.clear();
      if (unreached) {
        // The run took another path than the undisturbed one (a wait that needed fewer attempts): the point proves nothing.
        leftovers.push(`${where}: the run never made that call, so the fault never fired`);
        continue;
      }
      if (kind !== 'denied') {
        if (res.status !== scenario.okStatus) leftovers.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}`);
        else {
          const off = sameAsDone();
          if (off) leftovers.push(`${where}: did not end as an undisturbed run:\n${off}`);
        }
        continue;
      }
      const expected = deniedAnswer(point);
      if (!answered(res, expected)) leftovers.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}, not ${JSON.stringify(expected)}`);
      const extra = await scenario.verify?.(point);
      if (extra) leftovers.push(`${where}: ${extra}`);
      if (res.status === scenario.okStatus) {
        // A documented success despite the fault (a lock released after the work, a reconciler run that
        // skips what it cannot read): a repeat ('retry') or the reconciler ('undo') finishes the job.
        if (scenario.expectation === 'retry') {
          await repeat(where);
          continue;
        }
        await hooks.reconcile();
        const off = sameAsDone();
        if (off) leftovers.push(`${where}: answered ${res.status}, and once the reconciler ran it was not as after an undisturbed run:\n${off}`);
        continue;
      }
      if (scenario.expectation === 'undo') {
        const now = sandbox.snapshot();
        const diff = sandbox.diff(start, now).filter((entry) => !scenario.pending?.(entry, now));
        if (!diff.isEmpty()) leftovers.push(`${where}: left behind (before any reconciler run):\n${diff.toString()}`);
      }
      await repeat(where);
    }
  }

  if (scenario.followUps) {
    for (const point of points) {
      sandbox.restore(start);
      const from = sandbox.calls.mark();
      sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: { ...INJECTED_ERROR } });
      const first = await scenario.act();
      sandbox.faults.clear();
      if (first.status === scenario.okStatus) continue;
      const run = callPoints(sandbox.calls.since(from));
      const faulted = run.findIndex((p) => p.operation === point.operation && p.nth === point.nth);
      for (const second of run.slice(faulted + 1)) {
        byKind['follow-up'] += 1;
        const where = `${scenario.name} @ ${describe(point)} then ${describe(second)} denied`;
        sandbox.restore(start);
        const failuresBefore = await hooks.undoFailures();
        const logsBefore = hooks.logs().length;
        sandbox.faults.add({ operation: point.operation, nth: point.nth, times: 1, error: { ...INJECTED_ERROR } });
        sandbox.faults.add({ operation: second.operation, nth: second.nth, times: 1, error: { ...INJECTED_ERROR } });
        const res = await scenario.act();
        const unreached = sandbox.faults.size > 0;
        sandbox.faults.clear();
        if (unreached) {
          leftovers.push(`${where}: the run never made one of the two calls, so its fault never fired`);
          continue;
        }
        const expected = deniedAnswer(point);
        if (!answered(res, expected) && !answered(res, deniedAnswer(second))) {
          leftovers.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}, not ${JSON.stringify(expected)}`);
        }
        const undoFailed = (await hooks.undoFailures()) > failuresBefore;
        if (
          undoFailed &&
          !hooks
            .logs()
            .slice(logsBefore)
            .some((line) => line.includes('could not undo'))
        ) {
          leftovers.push(`${where}: an undo failed and no log line says so`);
        }
        const now = sandbox.snapshot();
        const before = sandbox.diff(start, now).filter((entry) => !scenario.pending?.(entry, now));
        if (!undoFailed && scenario.expectation === 'undo' && !before.isEmpty()) {
          leftovers.push(`${where}: no undo failed, yet something was left:\n${before.toString()}`);
        }
        // What a failed undo left is the reconciler's: one run after its grace period removes it.
        const left = before.filter((entry) => !scenario.harmless?.(entry, now));
        if (!left.isEmpty()) await hooks.reconcile();
        if (scenario.expectation === 'undo') {
          const reconciled = sandbox.snapshot();
          const after = sandbox.diff(start, reconciled).filter((entry) => !scenario.harmless?.(entry, reconciled) && !scenario.pending?.(entry, reconciled));
          if (!after.isEmpty()) leftovers.push(`${where}: left behind after the reconciler ran:\n${after.toString()}`);
        }
        await repeat(where);
      }
    }
  }
  sandbox.faults.clear();
  const swept = Object.values(byKind).reduce((a, b) => a + b, 0);
  return { name: scenario.name, points: swept, byKind, leftovers, stuck };
}

/**
 * The sweep's hooks for an application on a manual clock: the reconciler's grace period passed and
 * `account` reconciled (up to five runs, until one completes), the saga undo failures counted so far,
 * the log lines.
 */
export function sweepHooks(t: TestApp, clock: ManualClock, account: string): SweepHooks {
  return {
    reconcile: async () => {
      clock.advance((t.config.reconciler.graceSeconds + 3600) * 1000);
      const reconciler = t.app.get(Reconciler);
      for (let run = 0; run < 5 && !(await reconciler.runOnce(account)).complete; run++);
    },
    undoFailures: async () => {
      const counter = t.app.get<Counter>(getToken(SAGA_UNDO_FAILURES_METRIC));
      return (await counter.get()).values.reduce((sum, v) => sum + v.value, 0);
    },
    logs: () => t.logs,
  };
}

/**
 * A scenario of one reconciler run over what `arrange` left, once its grace period has passed. A failed
 * call is counted and logged and the run goes on (answered 500 here); the next run finishes the job.
 */
export function reconcilerScenario(
  t: TestApp,
  clock: ManualClock,
  account: string,
  scenario: { name: string; points: number; arrange: () => Promise<void> },
): SweepScenario {
  return {
    ...scenario,
    arrange: async () => {
      await scenario.arrange();
      clock.advance((t.config.reconciler.graceSeconds + 60) * 1000);
    },
    act: async () => {
      const run = await t.app.get(Reconciler).runOnce(account);
      const status = run.errors === 0 && run.complete ? 200 : 500;
      return { status, headers: {}, text: JSON.stringify(run), body: run };
    },
    okStatus: 200,
    expectation: 'retry',
    denied: () => ({ status: 500 }),
  };
}

/**
 * Sweeps every scenario from the same state (what one leaves is not another's to explain), after
 * `warm` has run once and been undone: the first use of each AWS client loads code from disk, and a
 * wait's setImmediate turns go on meanwhile, so a cold run can make a different number of attempts
 * than a warm one. Prints each scenario's points; returns every leftover.
 */
export async function sweepAll(
  t: TestApp,
  hooks: SweepHooks,
  warm: () => Promise<void>,
  scenarios: readonly SweepScenario[],
  label: string,
): Promise<string[]> {
  const results: SweepResult[] = [];
  const base = t.sandbox.snapshot();
  await warm();
  await hooks.reconcile();
  t.sandbox.restore(base);
  for (const scenario of scenarios) {
    t.sandbox.restore(base);
    results.push(await sweepFaults(t.sandbox, scenario, hooks));
  }
  for (const r of results) {
    console.log(
      `  ${r.name}: ${r.points} points (${r.byKind.denied} calls x denied, throttled, lost; ${r.byKind['follow-up']} second faults after a denied call)`,
    );
  }
  const leftovers = results.flatMap((r) => r.leftovers);
  console.log(`${label}: ${results.reduce((sum, r) => sum + r.points, 0)} points, ${leftovers.length} leftovers`);
  console.log(`stuck names: ${results.reduce((sum, r) => sum + r.stuck.length, 0)}`);
  return leftovers;
}
