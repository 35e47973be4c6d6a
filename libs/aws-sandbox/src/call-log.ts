import type { SandboxService } from './state.js';

export interface SandboxCall {
  readonly seq: number;
  readonly service: SandboxService;
  /** Without the `Command` suffix, e.g. 'CreateBucket'. */
  readonly operation: string;
  readonly accountId: string;
  /** The label of the plugin the call came through (see AwsSandbox.plugin), '' when none. */
  readonly caller: string;
  /** The region the call was signed for: an S3 call reaches the bucket's region, or is refused. */
  readonly region: string;
  readonly input: unknown;
  /** 'pending' while the call is in flight, and for ever for a call a 'hang' fault holds. */
  readonly outcome: 'ok' | 'error' | 'pending';
  readonly errorName?: string;
  /** Set when a fault, not the emulated service, produced the outcome. */
  readonly faulted?: boolean;
  /** Set when the operation took effect although a fault kept its answer from the caller ('lost'). */
  readonly applied?: boolean;
}

export type CallFilter =
  { readonly service?: SandboxService; readonly operation?: string; readonly accountId?: string; readonly caller?: string } | ((call: SandboxCall) => boolean);

/** @internal The log's own, still-updating record of a call. */
export interface MutableCall {
  seq: number;
  service: SandboxService;
  operation: string;
  accountId: string;
  caller: string;
  region: string;
  input: unknown;
  outcome: 'ok' | 'error' | 'pending';
  errorName?: string;
  faulted?: boolean;
  applied?: boolean;
  /** Order of arrival and of settling among all the log's events (see criticalPath). */
  started: number;
  ended?: number;
}

/**
 * Every call that reached the sandbox, failed and faulted ones included, in the order they arrived.
 * Only the most recent `limit` calls are kept, so a long-running sandbox server does not grow without bound.
 */
export class CallLog {
  private entries: MutableCall[] = [];
  private seq = 0;
  private events = 0;

  constructor(private readonly limit = 10_000) {}

  /** @internal */
  begin(service: SandboxService, operation: string, accountId: string, input: unknown, caller = '', region = 'us-east-1'): MutableCall {
    this.seq += 1;
    const call: MutableCall = { seq: this.seq, service, operation, accountId, caller, region, input, outcome: 'pending', started: ++this.events };
    this.entries.push(call);
    if (this.entries.length > this.limit) this.entries.splice(0, Math.ceil(this.limit / 10));
    return call;
  }

  /** @internal The call has answered (or failed). */
  end(call: MutableCall): void {
    call.ended = ++this.events;
  }

  list(filter?: CallFilter): SandboxCall[] {
    return this.entries.filter(matcher(filter)).map(view);
  }

  count(filter?: CallFilter): number {
    const match = matcher(filter);
    let n = 0;
    for (const call of this.entries) if (match(call)) n += 1;
    return n;
  }

  /** A point in the log: `since(mark())` later returns only the calls made after it. */
  mark(): number {
    return this.seq;
  }

  since(mark: number, filter?: CallFilter): SandboxCall[] {
    const match = matcher(filter);
    return this.entries.filter((call) => call.seq > mark && match(call)).map(view);
  }

  /**
   * The critical path of the calls since `mark`, in AWS round trips: the longest chain of calls each of
   * which started after the one before it had answered. With a latency set, calls made concurrently
   * all start before any of them answers, so this counts what a request waits for in turn, whatever
   * the machine's speed.
   */
  criticalPath(mark: number, filter?: CallFilter): number {
    const match = matcher(filter);
    const calls = this.entries.filter((call) => call.seq > mark && match(view(call)));
    const depth = new Map<MutableCall, number>();
    for (const call of calls) {
      const before = calls.filter((other) => other.ended !== undefined && other.ended < call.started).map((other) => depth.get(other) ?? 0);
      depth.set(call, 1 + Math.max(0, ...before));
    }
    return Math.max(0, ...depth.values());
  }

  /** Forgets the calls so far; sequence numbers keep growing so older marks stay meaningful. */
  reset(): void {
    this.entries = [];
  }
}

function view(call: MutableCall): SandboxCall {
  const { started: _started, ended: _ended, ...rest } = call;
  return { ...rest };
}

function matcher(filter: CallFilter | undefined): (call: SandboxCall) => boolean {
  if (!filter) return () => true;
  if (typeof filter === 'function') return filter;
  return (call) =>
    (filter.service === undefined || call.service === filter.service) &&
    (filter.operation === undefined || call.operation === filter.operation) &&
    (filter.accountId === undefined || call.accountId === filter.accountId) &&
    (filter.caller === undefined || call.caller === filter.caller);
}
