import type { SandboxClock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { AccountState, SandboxState } from './state.js';

/** What every operation handler may use: the whole state (some rules are global), time and ids. */
export interface SandboxRuntime {
  readonly state: SandboxState;
  readonly clock: SandboxClock;
  readonly ids: IdGenerator;
  readonly cloudFrontDeployDelayMs: number;
  readonly route53SyncDelayMs: number;
  account(accountId: string): AccountState;
}

export interface HandlerContext {
  readonly runtime: SandboxRuntime;
  readonly account: AccountState;
  /** The region the client signed for (S3 is regional; the others answer from us-east-1). */
  readonly region: string;
  /** The access key the request was signed with, to tell STS sessions apart. */
  readonly accessKeyId: string | undefined;
}

/**
 * The input of whichever command a handler serves: the table is looked up by command name at run
 * time, so the command's own input type cannot reach the handler signature.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandInput = any;

/** Handlers run synchronously against the state, so each call is atomic, as one AWS request is. */
export interface Operation {
  readonly run: (context: HandlerContext, input: CommandInput) => object;
  /** HTTP status of a success, when not 200 (S3 deletes answer 204, CloudFront creates 201). */
  readonly status?: number;
}

export type HandlerTable = Readonly<Record<string, Operation>>;

export const op = (run: Operation['run'], status?: number): Operation => (status === undefined ? { run } : { run, status });

/** Opaque pagination tokens that encode the key to resume at. */
export const encodeToken = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export const decodeToken = (token: string): string => Buffer.from(token, 'base64url').toString('utf8');

/** A copy the caller can mutate without touching the sandbox's state. */
export const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

/** A stable text of a value (keys sorted, undefined dropped), so equal values compare equal whatever order their fields came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}
