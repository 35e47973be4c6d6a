import type { AwsErrorSpec } from './errors.js';
import type { RawInput } from './handler.js';
import type { SandboxService } from './state.js';

export interface FaultContext {
  readonly service: SandboxService;
  readonly operation: string;
  readonly accountId: string;
}

export interface FaultSpec {
  readonly service?: SandboxService;
  /** Without the `Command` suffix, e.g. 'CreateBucket'; omit to match every operation. */
  readonly operation?: string;
  /** 1-based position among the calls matching this fault, counted from when it was added. */
  readonly nth?: number;
  readonly when?: (input: RawInput, context: FaultContext) => boolean;
  /** An AWS error the caller receives, or 'hang': the call never answers. */
  readonly error: AwsErrorSpec | 'hang';
  /** How many calls it fails: default 1 with `nth`, every matching call without. */
  readonly times?: number;
}

interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  seen: number;
  fired: number;
}

/** Which calls fail and how; consulted by the sandbox before it runs an operation. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    if (spec.nth !== undefined && (!Number.isInteger(spec.nth) || spec.nth < 1)) throw new RangeError('nth counts from 1');
    if (spec.operation?.endsWith('Command')) throw new RangeError(`operation is named without the Command suffix: ${spec.operation}`);
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
  match(context: FaultContext, input: RawInput): AwsErrorSpec | 'hang' | undefined {
    let hit: AwsErrorSpec | 'hang' | undefined;
    for (const fault of this.faults) {
      const { spec } = fault;
      if (spec.service !== undefined && spec.service !== context.service) continue;
      if (spec.operation !== undefined && spec.operation !== context.operation) continue;
      if (spec.when && !spec.when(input, context)) continue;
      fault.seen += 1;
      const times = spec.times ?? (spec.nth !== undefined ? 1 : Infinity);
      const due = spec.nth === undefined || (fault.seen >= spec.nth && fault.seen < spec.nth + times);
      if (hit === undefined && due && fault.fired < times) {
        fault.fired += 1;
        hit = spec.error;
      }
    }
    this.faults = this.faults.filter((fault) => fault.fired < (fault.spec.times ?? (fault.spec.nth !== undefined ? 1 : Infinity)));
    return hit;
  }
}
