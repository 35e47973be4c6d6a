import { HttpResponse } from '@smithy/core/protocols';
import type { FinalizeHandlerArguments, FinalizeRequestMiddleware, HandlerExecutionContext, Pluggable } from '@smithy/types';
import { Authorizer } from './authorizer.js';
import { CallLog } from './call-log.js';
import { ManualClock, realClock, type SandboxClock } from './clock.js';
import { cloudFrontHandlers } from './cloudfront.handlers.js';
import { awsError, NotImplementedError, responseMetadata, SandboxErrors } from './errors.js';
import { FaultInjector } from './faults.js';
import { type HandlerContext, type HandlerTable, ObjectWrites, type RawInput, type SandboxPrincipal, type SandboxRuntime } from './handler.js';
import { iamHandlers } from './iam.handlers.js';
import { IdGenerator } from './ids.js';
import { addZone, route53Handlers } from './route53.handlers.js';
import {
  AWS_PROPAGATION,
  beforeIamWrite,
  forgetPropagated,
  iamReplica,
  isIamRead,
  newBucketRefusal,
  NO_PROPAGATION,
  type Propagation,
  settledAt,
} from './propagation.js';
import { type AccountQuotas, AWS_DEFAULT_QUOTAS, checkedQuotas } from './quotas.js';
import { createBucketState, makeObject, putVersion, s3Handlers, validateTags } from './s3.handlers.js';
import { wrongRegionRefusal } from './s3-regions.js';
import { accountPublicAccessBlock, s3ControlHandlers } from './s3control.handlers.js';
import { type GroupSeed, seedAccount, type SeedCounts, seedGroup, seedPolicy } from './seed.js';
import { diffSnapshots, type SandboxDiff, type SandboxSnapshot, takeSnapshot } from './snapshot.js';
import { type AccountState, cloneState, createAccount, createState, normalizeDnsName, type SandboxService, type SandboxState } from './state.js';
import { stsHandlers } from './sts.handlers.js';
import { taggingHandlers } from './tagging.handlers.js';

export type SandboxLatency = number | Partial<Record<SandboxService, number>>;

export interface SandboxOptions {
  /** Drives CloudFront and Route 53 status transitions; default: real time. */
  readonly clock?: SandboxClock;
  /** Real-time delay per call (one "AWS round trip"), fixed or per service; default 0. */
  readonly latencyMs?: SandboxLatency;
  /** Clock time from a distribution's create/update until it reports Deployed; default 60 000 ms. */
  readonly cloudFrontDeployDelayMs?: number;
  /** Clock time from a Route 53 change until GetChange reports INSYNC; default 0. */
  readonly route53SyncDelayMs?: number;
  /** The quotas every account starts with; default AWS's (AWS_DEFAULT_QUOTAS). */
  readonly quotas?: Partial<AccountQuotas>;
  /**
   * Eventual consistency: 'aws' for AWS_PROPAGATION, or delays of one's own; default none (every
   * change visible at once), which suits a benchmark on the real clock. Tests and `npm start` use 'aws'.
   */
  readonly propagation?: 'aws' | Partial<Propagation>;
}

const SERVICE_OF_CLIENT: Readonly<Record<string, SandboxService>> = {
  S3Client: 's3',
  S3ControlClient: 's3control',
  IAMClient: 'iam',
  CloudFrontClient: 'cloudfront',
  Route53Client: 'route53',
  STSClient: 'sts',
  ResourceGroupsTaggingAPIClient: 'tagging',
};

/** Every operation the sandbox emulates, per service. */
export const HANDLERS: Readonly<Record<SandboxService, HandlerTable>> = {
  s3: s3Handlers,
  s3control: s3ControlHandlers,
  iam: iamHandlers,
  cloudfront: cloudFrontHandlers,
  route53: route53Handlers,
  sts: stsHandlers,
  tagging: taggingHandlers,
};

const ACCOUNT_ID = /^\d{12}$/;

const propagationOf = (given: 'aws' | Partial<Propagation> | undefined): Propagation => (given === 'aws' ? AWS_PROPAGATION : { ...NO_PROPAGATION, ...given });
/** Credential scope of a SigV4 Authorization header: access key id, date, region. */
const CREDENTIAL_SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\//;
/** The session name of calls made as a role through `plugin`. */
const PLUGIN_SESSION = 'sandbox';

export interface SandboxPluginOptions {
  /**
   * Calls act as a session of this IAM role of the account, under its policies (`putRolePolicy`);
   * without it they act as the account's root user, whom no identity policy limits.
   */
  readonly role?: string;
  /** Labels the calls (in the call log and for faults): e.g. one replica of an application. */
  readonly caller?: string;
}

/**
 * An in-process emulator of the AWS APIs the service uses, behind the real SDK v3 clients: one
 * middleware per client answers each call from in-memory state, after the SDK has validated,
 * serialized, signed and wrapped it in its retry loop, so everything above behaves as in production.
 */
export class AwsSandbox {
  readonly faults = new FaultInjector();
  readonly calls = new CallLog();
  readonly clock: SandboxClock;
  private readonly authorizer = new Authorizer();
  private state: SandboxState = createState();
  private readonly runtime: SandboxRuntime;
  private latency: Partial<Record<SandboxService, number>> = {};
  private settlesBefore: () => boolean = () => false;
  private propagation: Propagation;
  private readonly defaultQuotas: AccountQuotas;
  /** Quotas raised (or lowered) per account, as an account's Service Quotas requests would. */
  private readonly quotas = new Map<string, AccountQuotas>();
  /** MaxSessionDuration of roles raised above IAM's default of one hour. */
  private readonly roleMaxSessions = new Map<string, number>();

  constructor(options: SandboxOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.defaultQuotas = checkedQuotas('(default)', AWS_DEFAULT_QUOTAS, options.quotas ?? {});
    this.propagation = propagationOf(options.propagation);
    // Handlers always see the current state, which restore() replaces, and the current delays.
    const current = () => this.state;
    const delays = () => this.propagation;
    this.runtime = {
      get state() {
        return current();
      },
      clock: this.clock,
      ids: new IdGenerator(),
      cloudFrontDeployDelayMs: options.cloudFrontDeployDelayMs ?? 60_000,
      route53SyncDelayMs: options.route53SyncDelayMs ?? 0,
      get propagation() {
        return delays();
      },
      account: (accountId) => this.account(accountId),
      quotas: (accountId) => this.quotasOf(accountId),
      roleMaxSessionSeconds: (roleArn) => this.roleMaxSessions.get(roleArn) ?? 3600,
      objectWrites: new ObjectWrites(),
    };
    this.setLatency(options.latencyMs ?? 0);
  }

  /**
   * SDK plugin binding every call of one client to one AWS account: `client.middlewareStack.use(sandbox.plugin('111111111111'))`.
   * Calls signed with credentials STS issued act as that session; others as `options.role`, or the root user.
   * `options.caller` labels the calls (in the call log and for faults), e.g. to tell two replicas of an application apart.
   */
  // The plugin serves clients of every service, each with its own input and output unions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin(accountId: string, options: SandboxPluginOptions = {}): Pluggable<any, any> {
    this.addAccount(accountId);
    const role = options.role;
    const caller = options.caller ?? '';
    const middleware: FinalizeRequestMiddleware<object, object> = (_next, context) => (args) => this.dispatch(accountId, role, caller, context, args);
    return {
      applyToStack: (stack) => {
        stack.add(middleware, { step: 'finalizeRequest', priority: 'low', name: 'awsSandbox', tags: ['SANDBOX'] });
      },
    };
  }

  /** Loads what authorizing calls needs now rather than during the first calls (a server does it before it listens). */
  warmUp(): Promise<void> {
    return this.authorizer.warmUp();
  }

  /** Idempotent. */
  addAccount(accountId: string): void {
    this.account(accountId);
  }

  /** A public hosted zone for `domain` (with its SOA and NS records); returns its id without the '/hostedzone/' prefix. */
  addHostedZone(accountId: string, domain: string): string {
    return addZone(this.runtime, this.account(accountId), domain).id;
  }

  /** The id of the account's first hosted zone for `domain`, if it has one (a second replica prepares the sandbox the first did). */
  hostedZoneIdOf(accountId: string, domain: string): string | undefined {
    const name = normalizeDnsName(domain);
    return [...this.account(accountId).route53.zones.values()].find((zone) => zone.name === name)?.id;
  }

  /** The ARN of the account's first certificate for `domain`, if it has one. */
  certificateOf(accountId: string, domain: string): string | undefined {
    const wanted = domain.toLowerCase().replace(/\.$/, '');
    return [...this.account(accountId).certificates.values()].find((certificate) => certificate.domain === wanted)?.arn;
  }

  /** An issued ACM certificate (us-east-1, as CloudFront requires) for `domain` and `*.domain`; returns its ARN. */
  addCertificate(accountId: string, domain: string): string {
    const { ids } = this.runtime;
    const arn = `arn:aws:acm:us-east-1:${accountId}:certificate/${ids.hex(8)}-${ids.hex(4)}-${ids.hex(4)}-${ids.hex(4)}-${ids.hex(12)}`;
    this.account(accountId).certificates.set(arn, { arn, domain: domain.toLowerCase().replace(/\.$/, '') });
    return arn;
  }

  /**
   * Fills an account directly (not through AWS calls): names like `seed-bucket-000001`. Only to what
   * the account's quotas allow: an account AWS would not let exist proves nothing.
   */
  seed(accountId: string, counts: SeedCounts): void {
    seedAccount(this.runtime, accountId, counts);
  }

  /** The account's quotas as AWS would have them after a Service Quotas increase; past AWS's maximum is a RangeError. */
  setQuotas(accountId: string, quotas: Partial<AccountQuotas>): void {
    this.quotas.set(accountId, checkedQuotas(accountId, this.quotasOf(accountId), quotas));
  }

  /** A role's MaxSessionDuration, as UpdateRole sets it: 3,600 (IAM's default) to 43,200 seconds. */
  setRoleMaxSessionDuration(roleArn: string, seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43_200) throw new RangeError(`a role's MaxSessionDuration is 3600-43200 s, not ${seconds}`);
    this.roleMaxSessions.set(roleArn, seconds);
  }

  quotasOf(accountId: string): AccountQuotas {
    return this.quotas.get(accountId) ?? this.defaultQuotas;
  }

  /** An IAM group with its policy and members, as tooling other than the service leaves them (not AWS calls). */
  addGroup(accountId: string, spec: GroupSeed): void {
    seedGroup(this.runtime, accountId, spec);
  }

  /** Eventual consistency from now on: 'aws' for AWS_PROPAGATION, or delays of one's own (the others 0). */
  setPropagation(propagation: 'aws' | Partial<Propagation>): void {
    this.propagation = propagationOf(propagation);
  }

  setLatency(latency: SandboxLatency): void {
    this.latency =
      typeof latency === 'number' ? { s3: latency, s3control: latency, iam: latency, cloudfront: latency, route53: latency, sts: latency } : { ...latency };
  }

  /** Sets an inline policy of an IAM role (made on first use, at `path`), as PutRolePolicy would: what sessions of the role may do. */
  putRolePolicy(accountId: string, role: string, policyName: string, document: object, path = '/'): void {
    const roles = this.account(accountId).iam.roles;
    const key = role.toLowerCase();
    if (!roles.has(key)) roles.set(key, { name: role, arn: `arn:aws:iam::${accountId}:role${path}${role}`, policies: new Map() });
    roles.get(key)!.policies.set(policyName, JSON.stringify(document));
  }

  /** The inline policy of a role, as GetRolePolicy would answer it; undefined when there is none. */
  rolePolicy(accountId: string, role: string, policyName: string): object | undefined {
    const document = this.account(accountId).iam.roles.get(role.toLowerCase())?.policies.get(policyName);
    return document === undefined ? undefined : (JSON.parse(document) as object);
  }

  /** The account's own S3 Block Public Access (S3 Control PutPublicAccessBlock); undefined removes it. */
  setAccountPublicAccessBlock(
    accountId: string,
    config: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean } | undefined,
  ): void {
    this.account(accountId).publicAccessBlock = config && accountPublicAccessBlock(config);
  }

  hasPolicy(accountId: string, arn: string): boolean {
    return this.account(accountId).iam.policiesByArn.has(arn);
  }

  /** A customer managed policy, made directly (not an AWS call); returns its ARN. */
  addPolicy(accountId: string, spec: { name: string; path?: string; document: object }): string {
    return seedPolicy(this.runtime, accountId, spec).arn;
  }

  snapshot(): SandboxSnapshot {
    return takeSnapshot(this.runtime, this.state);
  }

  diff(before: SandboxSnapshot, after: SandboxSnapshot): SandboxDiff {
    return diffSnapshots(before, after);
  }

  /** Lets `ms` pass on the sandbox's clock: at once on a ManualClock (it moves), in real time otherwise. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  /**
   * Moves a ManualClock to when every change made so far is visible everywhere (no-op on the real
   * clock, or when nothing propagates): what a client that pauses between requests sees.
   */
  settle(): void {
    if (!(this.clock instanceof ManualClock)) return;
    const until = settledAt(this.state, this.propagation);
    if (until > this.clock.now()) this.clock.set(until);
    for (const account of this.state.accounts.values()) forgetPropagated(account, this.clock.now(), this.propagation.iamMs);
  }

  /**
   * Settles before every call for which `when` holds: a test harness lets its own calls (setting up,
   * inspecting) see AWS as it is once everything has propagated, while the service's calls see it
   * realistically.
   */
  settleBeforeCalls(when: () => boolean): void {
    this.settlesBefore = when;
  }

  /** Puts all AWS state back as it was at `snapshot` (the clock, call log and faults are left alone); a snapshot can be restored many times. */
  restore(snapshot: SandboxSnapshot): void {
    this.state = cloneState(snapshot.state());
  }

  // Direct helpers for tests and setup: not AWS calls, not recorded, never faulted.

  /** Creates a bucket as CreateBucket would (all Block Public Access flags on, SSE-S3). */
  createBucket(accountId: string, name: string, region = 'us-east-1'): void {
    const owner = this.state.bucketOwners.get(name);
    if (owner !== undefined) throw new Error(`bucket ${name} already exists (account ${owner})`);
    createBucketState({ runtime: this.runtime, account: this.account(accountId) }, name, region);
  }

  putObject(accountId: string, bucket: string, key: string, body: string | Uint8Array = '', tags: Record<string, string> = {}): void {
    const state = this.account(accountId).buckets.get(bucket);
    if (!state) throw new Error(`account ${accountId} has no bucket ${bucket}`);
    const tagList = validateTags(
      Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      10,
    );
    putVersion(this.runtime, state, makeObject(key, body, undefined, tagList, new Date(this.clock.now())));
  }

  /** Sets a bucket policy as PutBucketPolicy would, without its checks (setup, e.g. an access-log bucket's). */
  setBucketPolicy(accountId: string, bucket: string, policy: object): void {
    const state = this.account(accountId).buckets.get(bucket);
    if (!state) throw new Error(`account ${accountId} has no bucket ${bucket}`);
    state.policy = JSON.stringify(policy);
  }

  hasBucket(name: string): boolean {
    return this.state.bucketOwners.has(name);
  }

  bucketOwner(name: string): string | undefined {
    return this.state.bucketOwners.get(name);
  }

  objectKeys(bucket: string): string[] {
    const owner = this.state.bucketOwners.get(bucket);
    return owner === undefined ? [] : [...this.account(owner).buckets.get(bucket)!.objects].map(([key]) => key);
  }

  private account(accountId: string): AccountState {
    let account = this.state.accounts.get(accountId);
    if (!account) {
      if (!ACCOUNT_ID.test(accountId)) throw new RangeError(`an AWS account id is 12 digits, not ${JSON.stringify(accountId)}`);
      account = createAccount(accountId);
      this.state.accounts.set(accountId, account);
    }
    return account;
  }

  private async dispatch(
    accountId: string,
    role: string | undefined,
    caller: string,
    context: HandlerExecutionContext,
    args: FinalizeHandlerArguments<object>,
  ): Promise<{ output: object; response: HttpResponse }> {
    const command = String(context.commandName ?? 'UnknownCommand');
    const service = SERVICE_OF_CLIENT[String(context.clientName)];
    if (!service) throw new NotImplementedError(String(context.clientName), command);
    const operation = command.replace(/Command$/, '');
    const input = (args.input ?? {}) as RawInput;
    if (this.settlesBefore()) this.settle();
    const { accessKeyId, region, host } = this.signature(args);
    const call = this.calls.begin(service, operation, accountId, input, caller, region);
    const arrival = this.runtime.objectWrites.now;
    // Faults are matched when the call arrives, so `nth` follows the order of the call log.
    const fault = this.faults.match({ service, operation, accountId, caller, region }, input);
    const effect = fault?.error;
    try {
      if (fault?.hold) await fault.hold();
      const delay = this.latency[service] ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (effect !== undefined) call.faulted = true;
      // Settles never and holds no timer, so only the caller's own timeout ends the call.
      const never = () => new Promise<never>(() => undefined);
      if (effect === 'hang') return await never();
      if (effect !== undefined && effect !== 'lost' && effect !== 'lost-hang') throw awsError(service, effect);
      const table = HANDLERS[service];
      if (!Object.hasOwn(table, operation)) throw new NotImplementedError(service, command);
      const operationHandler = table[operation]!;
      if (service === 's3') {
        const misdirected = wrongRegionRefusal(this.state, operation, input, { host, signingRegion: region });
        if (misdirected) throw misdirected;
      }
      const account = this.account(accountId);
      const handlerContext = { runtime: this.runtime, account, region, principal: this.principal(accountId, role, accessKeyId), arrival };
      await this.authorizer.authorize(service, operation, handlerContext, input);
      const output = this.propagating(service, operation, handlerContext, input, (seen) =>
        // The table is keyed by command name, so this input is the one of the command the handler serves.
        operationHandler.run(seen, input as never),
      );
      const statusCode = operationHandler.status ?? 200;
      if (effect !== undefined) {
        // Applied: the state has changed, and the answer never reaches the caller.
        call.applied = true;
        if (effect === 'lost-hang') return await never();
        throw awsError(service, SandboxErrors.internal());
      }
      call.outcome = 'ok';
      return {
        output: { ...output, $metadata: responseMetadata(statusCode) },
        response: new HttpResponse({ statusCode, headers: {}, body: undefined }),
      };
    } catch (error) {
      call.outcome = 'error';
      call.errorName = error instanceof Error ? error.name : String(error);
      throw error;
    } finally {
      this.calls.end(call);
    }
  }

  /**
   * Runs one handler as AWS's eventual consistency lets the call see the state: IAM reads against the
   * account as it was, IAM writes against it as it is (leaving what they found for those reads), a
   * new bucket's calls refused until it has propagated.
   */
  private propagating(service: SandboxService, operation: string, context: HandlerContext, input: RawInput, run: (seen: HandlerContext) => object): object {
    const { propagation } = this.runtime;
    const now = this.clock.now();
    if (service === 's3' && typeof input['Bucket'] === 'string' && operation !== 'CreateBucket') {
      const refusal = newBucketRefusal(this.runtime, context.account.buckets.get(input['Bucket']), operation);
      if (refusal) throw refusal;
    }
    if (service !== 'iam' || propagation.iamMs <= 0) return run(context);
    if (isIamRead(operation)) return run({ ...context, account: { ...context.account, iam: iamReplica(context.account, now, propagation.iamMs) } });
    const forget = beforeIamWrite(context.account, now, propagation.iamMs);
    try {
      return run(context);
    } catch (error) {
      forget();
      throw error;
    }
  }

  /** Who signed the call: the STS session its key belongs to, else the plugin's role, else the account's root. */
  private principal(accountId: string, role: string | undefined, accessKeyId: string | undefined): SandboxPrincipal {
    const session = accessKeyId === undefined ? undefined : this.state.sessions.get(accessKeyId);
    if (!session && role === undefined) return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root` };
    const account = session?.accountId ?? accountId;
    const key = session?.role ?? role!.toLowerCase();
    // A role that does not exist (any more) has no policies: its sessions may do nothing.
    const roleArn = this.account(account).iam.roles.get(key)?.arn ?? `arn:aws:iam::${account}:role/${role ?? key}`;
    return {
      kind: 'role',
      accountId: account,
      role: key,
      arn: session?.arn ?? `arn:aws:sts::${account}:assumed-role/${role}/${PLUGIN_SESSION}`,
      roleArn,
      userId: session?.userId ?? `AROA${account}:${PLUGIN_SESSION}`,
    };
  }

  /** Who signed the call, for which region, and the host it was sent to (S3 answers by region). */
  private signature(args: FinalizeHandlerArguments<object>): { accessKeyId: string | undefined; region: string; host: string | undefined } {
    const request = args.request as { headers?: Record<string, string>; hostname?: string } | undefined;
    const headers = request?.headers ?? {};
    const match = CREDENTIAL_SCOPE.exec(headers['authorization'] ?? headers['Authorization'] ?? '');
    return { accessKeyId: match?.[1], region: match?.[2] ?? 'us-east-1', host: request?.hostname };
  }
}
