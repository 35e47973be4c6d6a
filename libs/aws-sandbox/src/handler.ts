import type { SandboxClock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Propagation } from './propagation.js';
import type { AccountQuotas } from './quotas.js';
import type { AccountState, SandboxState } from './state.js';

/** What every operation handler may use: the whole state (some rules are global), time and ids. */
export interface SandboxRuntime {
  readonly state: SandboxState;
  readonly clock: SandboxClock;
  readonly ids: IdGenerator;
  readonly cloudFrontDeployDelayMs: number;
  readonly route53SyncDelayMs: number;
  readonly propagation: Propagation;
  account(accountId: string): AccountState;
  quotas(accountId: string): AccountQuotas;
  /** A role's MaxSessionDuration (IAM's default: one hour). */
  roleMaxSessionSeconds(roleArn: string): number;
  /** The object writes so far, for the conditional writes that must tell a concurrent writer from an earlier one. */
  readonly objectWrites: ObjectWrites;
}

/**
 * Counts the object writes (PutObject, CompleteMultipartUpload) and remembers the last one of each key,
 * so that a conditional write can tell an object written while it was in flight (409
 * ConditionalRequestConflict) from one that was there when it arrived (412 PreconditionFailed).
 */
export class ObjectWrites {
  private count = 0;
  private readonly last = new Map<string, number>();

  /** The count as a call arrives: what it may have seen. */
  get now(): number {
    return this.count;
  }

  wrote(bucket: string, key: string): void {
    this.count += 1;
    this.last.set(`${bucket}/${key}`, this.count);
  }

  /** Whether `key` was written after a call that arrived at `arrival`. */
  writtenSince(bucket: string, key: string, arrival: number): boolean {
    return (this.last.get(`${bucket}/${key}`) ?? 0) > arrival;
  }
}

/** Who signed a call: an account's root user, or a session of one of its IAM roles. */
export type SandboxPrincipal =
  | { readonly kind: 'root'; readonly accountId: string; readonly arn: string }
  | {
      readonly kind: 'role';
      readonly accountId: string;
      /** Lower-cased name of the role. */
      readonly role: string;
      /** The session's ARN: `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
      readonly arn: string;
      /** The role's own ARN, which `aws:PrincipalArn` holds for its sessions. */
      readonly roleArn: string;
      readonly userId: string;
    };

export interface HandlerContext {
  readonly runtime: SandboxRuntime;
  readonly account: AccountState;
  readonly principal: SandboxPrincipal;
  /** The region the client signed for (S3 is regional; the others answer from us-east-1). */
  readonly region: string;
  /** `runtime.objectWrites.now` when the call arrived (before its latency); absent for the sandbox's own helpers. */
  readonly arrival?: number;
}

/** What a call carries before the handler's own types apply: faults and the call log see it so. */
export type RawInput = Readonly<Record<string, unknown>>;

/** Handlers run synchronously against the state, so each call is atomic, as one AWS request is. */
export interface Operation<Input = never> {
  readonly run: (context: HandlerContext, input: Input) => object;
  /** HTTP status of a success, when not 200 (S3 deletes answer 204, CloudFront creates 201). */
  readonly status?: number;
}

/**
 * The SDK's own input type of command `Name` of the aggregated client `Client` (`S3`, `IAM`, ...):
 * `InputOf<S3, 'CreateBucket'>` is `CreateBucketCommandInput`.
 */
export type InputOf<Client, Name extends string> = Client[Uncapitalize<Name> & keyof Client] extends (input: infer Input, ...rest: never[]) => unknown
  ? Input
  : never;

export type CommandName<Client> = { [K in keyof Client & string]: Client[K] extends (...args: never[]) => unknown ? Capitalize<K> : never }[keyof Client &
  string];

/**
 * The handlers of one service, keyed by command name without `Command`: a name the SDK does not
 * know is a compile error, and each handler's input is that command's `...CommandInput`.
 */
export type HandlersOf<Client> = { readonly [Name in CommandName<Client>]?: Operation<InputOf<Client, Name>> };

/** What the dispatcher sees: any handler, called with the input of the command it is registered under. */
export type HandlerTable = Readonly<Record<string, Operation>>;

export const op = <Input>(run: Operation<Input>['run'], status?: number): Operation<Input> => (status === undefined ? { run } : { run, status });

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
