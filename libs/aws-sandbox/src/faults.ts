import type { AwsErrorSpec } from './errors.js';
import type { RawInput } from './handler.js';
import type { SandboxService } from './state.js';

export interface FaultContext {
  readonly service: SandboxService;
  readonly operation: string;
  readonly accountId: string;
  /** Who made the call: the label its client's plugin was made with (e.g. one replica of an application), '' when none. */
  readonly caller: string;
  /** The region the call was signed for (S3 is regional; the global services sign for us-east-1). */
  readonly region: string;
}

/**
 * What the caller of a faulted call sees:
 * - an AWS error: nothing is applied and the SDK receives that error (it retries the transient ones);
 * - 'hang': nothing is applied and the call never answers (only the caller's own timeout ends it);
 * - 'lost': the operation takes effect, then the answer is lost: the caller receives a 500
 *   InternalError, which the SDK retries against the state the first attempt changed;
 * - 'lost-hang': the operation takes effect and never answers: the attempt times out, and the SDK retries.
 */
export type FaultEffect = AwsErrorSpec | 'hang' | 'lost' | 'lost-hang';

interface FaultMatch {
  readonly service?: SandboxService;
  /** Without the `Command` suffix, e.g. 'CreateBucket'; omit to match every operation. */
  readonly operation?: string;
  /** Only the calls of this caller (see FaultContext.caller). */
  readonly caller?: string;
  /** 1-based position among the calls matching this fault, counted from when it was added. */
  readonly nth?: number;
  readonly when?: (input: RawInput, context: FaultContext) => boolean;
  /** How many calls it fires on: default 1 with `nth`, every matching call without. */
  readonly times?: number;
}

/**
 * A fault: what it matches, and an `error` (see FaultEffect), a `hold`, or both. A hold parks the call
 * until the promise it returns settles, then lets the call go on (failing as `error` says, if given):
 * a barrier that makes a race between two callers happen at a chosen point.
 */
export type FaultSpec = FaultMatch &
  ({ readonly error: FaultEffect; readonly hold?: () => Promise<unknown> } | { readonly error?: FaultEffect; readonly hold: () => Promise<unknown> });

/** What the sandbox does with one call a fault fired on. */
export interface FiredFault {
  readonly error?: FaultEffect;
  readonly hold?: () => Promise<unknown>;
}

interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  seen: number;
  fired: number;
}

const timesOf = (spec: FaultSpec): number => spec.times ?? (spec.nth !== undefined ? 1 : Infinity);

/** Which calls fail and how; consulted by the sandbox before it runs an operation. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    if (spec.nth !== undefined && (!Number.isInteger(spec.nth) || spec.nth < 1)) throw new RangeError('nth counts from 1');
    if (spec.operation?.endsWith('Command')) throw new RangeError(`operation is named without the Command suffix: ${spec.operation}`);
    if (spec.error === undefined && spec.hold === undefined) throw new RangeError('a fault has an error, a hold, or both');
    const id = this.nextId++;
    this.faults.push({ id, spec, seen: 0, fired: 0 });
    return id;
  }

  remove(id: number): void {
    this.faults = this.faults.filter((fault) => fault.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /**
   * Counts this call against every matching fault and returns the first one that fires. Every
   * matching fault counts the call, so two faults on the same operation keep independent positions.
   * @internal
   */
  match(context: FaultContext, input: RawInput): FiredFault | undefined {
    let hit: FiredFault | undefined;
    for (const fault of this.faults) {
      const { spec } = fault;
      if (spec.service !== undefined && spec.service !== context.service) continue;
      if (spec.operation !== undefined && spec.operation !== context.operation) continue;
      if (spec.caller !== undefined && spec.caller !== context.caller) continue;
      if (spec.when && !spec.when(input, context)) continue;
      fault.seen += 1;
      const times = timesOf(spec);
      const due = spec.nth === undefined || (fault.seen >= spec.nth && fault.seen < spec.nth + times);
      if (hit === undefined && due && fault.fired < times) {
        fault.fired += 1;
        hit = { ...(spec.error !== undefined ? { error: spec.error } : {}), ...(spec.hold ? { hold: spec.hold } : {}) };
      }
    }
    this.faults = this.faults.filter((fault) => fault.fired < timesOf(fault.spec));
    return hit;
  }
}
