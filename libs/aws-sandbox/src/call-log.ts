import type { SandboxService } from './state.js';

export interface SandboxCall {
  readonly seq: number;
  readonly service: SandboxService;
  /** Without the `Command` suffix, e.g. 'CreateBucket'. */
  readonly operation: string;
  readonly accountId: string;
  readonly input: unknown;
  /** 'pending' while the call is in flight, and for ever for a call a 'hang' fault holds. */
  readonly outcome: 'ok' | 'error' | 'pending';
  readonly errorName?: string;
  /** Set when a fault, not the emulated service, produced the outcome. */
  readonly faulted?: boolean;
}

export type CallFilter = { readonly service?: SandboxService; readonly operation?: string; readonly accountId?: string } | ((call: SandboxCall) => boolean);

/** @internal The log's own, still-updating record of a call. */
export interface MutableCall {
  seq: number;
  service: SandboxService;
  operation: string;
  accountId: string;
  input: unknown;
  outcome: 'ok' | 'error' | 'pending';
  errorName?: string;
  faulted?: boolean;
}

/**
 * Every call that reached the sandbox, failed and faulted ones included, in the order they arrived.
 * Only the most recent `limit` calls are kept, so a long-running sandbox server does not grow without bound.
 */
export class CallLog {
  private entries: MutableCall[] = [];
  private seq = 0;

  constructor(private readonly limit = 10_000) {}

  /** @internal */
  begin(service: SandboxService, operation: string, accountId: string, input: unknown): MutableCall {
    this.seq += 1;
    const call: MutableCall = { seq: this.seq, service, operation, accountId, input, outcome: 'pending' };
    this.entries.push(call);
    if (this.entries.length > this.limit) this.entries.splice(0, Math.ceil(this.limit / 10));
    return call;
  }

  list(filter?: CallFilter): SandboxCall[] {
    return this.entries.filter(matcher(filter)).map((call) => ({ ...call }));
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
    return this.entries.filter((call) => call.seq > mark && match(call)).map((call) => ({ ...call }));
  }

  /** Forgets the calls so far; sequence numbers keep growing so older marks stay meaningful. */
  reset(): void {
    this.entries = [];
  }
}

function matcher(filter: CallFilter | undefined): (call: SandboxCall) => boolean {
  if (!filter) return () => true;
  if (typeof filter === 'function') return filter;
  return (call) =>
    (filter.service === undefined || call.service === filter.service) &&
    (filter.operation === undefined || call.operation === filter.operation) &&
    (filter.accountId === undefined || call.accountId === filter.accountId);
}
