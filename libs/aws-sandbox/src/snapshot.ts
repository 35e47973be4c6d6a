import type { SandboxRuntime } from './handler.js';
import {
  type AccessKeyState,
  type AccountState,
  type BucketState,
  type CertificateState,
  cloneState,
  type DistributionState,
  type FunctionStageState,
  type FunctionState,
  type HostedZoneState,
  type IamGroupState,
  type IamPolicyState,
  type IamRoleState,
  type IamUserState,
  type InvalidationState,
  type ObjectState,
  type OriginAccessControlState,
  type PolicyVersionState,
  type RecordState,
  type SandboxState,
} from './state.js';

/**
 * All state at one moment, flattened to one entry per thing a leak could leave behind (an entity,
 * a membership, an attachment, a key, a policy version, an object, a record, a bucket
 * sub-configuration), each held as canonical JSON text, so it is immutable and cheap to compare.
 * Fields that move on their own (CloudFront Status, ETag, timestamps) are left out of that view;
 * a full copy of the state is kept besides, so the sandbox can be restored to it.
 */
export class SandboxSnapshot {
  readonly #entries: ReadonlyMap<string, string>;
  readonly #state: SandboxState;

  /** @internal */
  constructor(
    readonly takenAt: number,
    entries: Map<string, string>,
    state: SandboxState,
  ) {
    this.#entries = entries;
    this.#state = state;
    Object.freeze(this);
  }

  /** @internal The full state it was taken from, for `AwsSandbox.restore` (which copies it again). */
  state(): SandboxState {
    return this.#state;
  }

  get size(): number {
    return this.#entries.size;
  }

  paths(): string[] {
    return [...this.#entries.keys()].sort();
  }

  has(path: string): boolean {
    return this.#entries.has(path);
  }

  /** A fresh copy of the value recorded at `path`. */
  get(path: string): unknown {
    const text = this.#entries.get(path);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** @internal */
  raw(path: string): string | undefined {
    return this.#entries.get(path);
  }
}

export interface SandboxDiffEntry {
  readonly change: 'added' | 'removed' | 'changed';
  /** e.g. '111111111111/iam/user/alice' or '111111111111/route53/Z123/record/a.sites.example.com./A'. */
  readonly path: string;
  readonly detail?: string;
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

export class SandboxDiff {
  constructor(readonly entries: readonly SandboxDiffEntry[]) {}

  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The same diff restricted to some entries, e.g. `diff.filter((e) => !e.path.includes('/cloudfront/'))`. */
  filter(keep: (entry: SandboxDiffEntry) => boolean): SandboxDiff {
    return new SandboxDiff(this.entries.filter(keep));
  }

  /** One line per difference; '' when nothing differs, so `expect(diff.toString()).toBe('')` shows any leak. */
  toString(): string {
    return this.entries.map((entry) => `${SIGN[entry.change]} ${entry.path}${entry.detail ? `  ${entry.detail}` : ''}`).join('\n');
  }
}

const shorten = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max)}...` : text);

export function diffSnapshots(before: SandboxSnapshot, after: SandboxSnapshot): SandboxDiff {
  const entries: SandboxDiffEntry[] = [];
  const paths = new Set([...before.paths(), ...after.paths()]);
  for (const path of [...paths].sort()) {
    const a = before.raw(path);
    const b = after.raw(path);
    if (a === b) continue;
    if (a === undefined) entries.push({ change: 'added', path, detail: shorten(b!) });
    else if (b === undefined) entries.push({ change: 'removed', path, detail: shorten(a) });
    else entries.push({ change: 'changed', path, detail: `${shorten(a, 160)} -> ${shorten(b, 160)}` });
  }
  return new SandboxDiff(entries);
}

const sortedTags = (tags: Map<string, string> | readonly { Key?: string; Value?: string }[] | undefined) => {
  if (!tags) return undefined;
  const pairs = tags instanceof Map ? [...tags] : tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''] as const);
  return pairs.length ? Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
};

type Put = (path: string, value: unknown) => void;

/**
 * How one field of a state record shows in a snapshot. Every field must say (the view types are
 * complete over the state's types), so a field added to the state is a compile error here until it
 * is either compared or left out for a stated reason, never silently missing from leftover checks.
 * - `true`: part of the record's own entry, as it is; a function: part of it, in that form;
 * - `{ whole }`: the record's own entry is this field alone, in that form (a document, a record set);
 * - `{ entry }`: entries of its own below the record's path (sub-configurations, members, children);
 * - `'path'`: already in the path; `'volatile'`: moves on its own (clocks, ETags, counters);
 * - `'mirror'`: the same fact as another field, seen from the other side (an index, a back-reference);
 * - `'secret'`: never written into a snapshot, whose diffs end up in test output (a key shows by its id).
 */
type FieldView<V> =
  | true
  | ((value: V) => unknown)
  | { readonly whole: (value: V) => unknown }
  | { readonly entry: (value: V, put: Put) => void }
  | 'path'
  | 'volatile'
  | 'mirror'
  | 'secret';
type View<T> = { readonly [K in keyof T]-?: FieldView<T[K]> };

/**
 * Puts `record`'s own entry at `base` (unless its view has no own field: a mere container) and lets
 * its other fields add entries below it.
 */
function show<T extends object>(record: T, view: View<T>, base: string, put: Put): void {
  const own: Record<string, unknown> = {};
  let whole: { value: unknown } | undefined;
  let hasOwn = false;
  for (const field of Object.keys(view) as (keyof T & string)[]) {
    const how = view[field] as FieldView<T[keyof T]>;
    const value = record[field];
    if (how === true || typeof how === 'function') {
      own[field] = how === true ? value : how(value);
      hasOwn = true;
    } else if (typeof how === 'object' && 'whole' in how) whole = { value: how.whole(value) };
    else if (typeof how === 'object') how.entry(value, (path, item) => put(`${base}/${path}`, item));
  }
  if (whole) put(base, whole.value);
  else if (hasOwn) put(base, own);
}

const each =
  <T extends object>(view: View<T>, pathOf: (item: T) => string) =>
  (items: Iterable<T>, put: Put): void => {
    for (const item of items) show(item, view, pathOf(item), put);
  };

/** A sub-configuration: an entry of its own when set (and not empty in its shown form). */
const optional =
  <V>(name: string, form: (value: NonNullable<V>) => unknown = (value) => value) =>
  (value: V, put: Put): void => {
    const shown = value === undefined || value === null ? undefined : form(value);
    if (shown !== undefined) put(name, shown);
  };

const OBJECT: View<ObjectState> = {
  key: 'path',
  // Assigned by S3 at random: a leftover shows as the object or version itself.
  versionId: 'volatile',
  size: true,
  etag: true,
  contentType: true,
  metadata: true,
  tags: sortedTags,
  lastModified: 'volatile',
};

const BUCKET: View<BucketState> = {
  name: 'path',
  owner: 'path',
  region: true,
  createdAt: 'volatile',
  usableAt: 'volatile',
  publicAccessBlockChange: 'volatile',
  tags: { entry: optional('tags', (tags) => sortedTags(tags) ?? {}) },
  policy: { entry: optional('policy', (policy) => JSON.parse(policy)) },
  encryption: { entry: (encryption, put) => put('encryption', encryption) },
  publicAccessBlock: { entry: optional('public-access-block') },
  logging: { entry: optional('logging') },
  website: { entry: optional('website') },
  lifecycle: { entry: optional('lifecycle') },
  versioning: { entry: optional('versioning') },
  objects: { entry: (objects, put) => each(OBJECT, (object) => `object/${object.key}`)(objects.values(), put) },
  // Older versions and delete markers by key, numbered from the oldest: their ids are S3's random ones.
  history: {
    entry: (history, put) => {
      for (const [key, versions] of history) {
        [...versions].reverse().forEach((version, n) => {
          put(`object-version/${key}/${n}`, version.object ? { size: version.object.size, etag: version.object.etag } : { deleteMarker: true });
        });
      }
    },
  },
  uploads: {
    entry: (uploads, put) => {
      for (const upload of uploads.values()) put(`upload/${upload.key}/${upload.id}`, { parts: upload.parts.size });
    },
  },
};

const names = (prefix: string) => (items: Iterable<string>, put: Put) => {
  for (const name of items) put(`${prefix}/${name}`, true);
};
const documents = (prefix: string) => (items: Map<string, string>, put: Put) => {
  for (const [name, document] of items) put(`${prefix}/${name}`, JSON.parse(document));
};

const ACCESS_KEY: View<AccessKeyState> = { id: 'path', status: true, secret: 'secret', createDate: 'volatile' };

const userView = (account: AccountState): View<IamUserState> => ({
  name: 'path',
  arn: true,
  id: true,
  path: true,
  permissionsBoundary: true,
  tags: sortedTags,
  createDate: 'volatile',
  groups: {
    entry: (groups, put) =>
      names('group')(
        [...groups].map((group) => account.iam.groups.get(group)?.name ?? group),
        put,
      ),
  },
  attachedPolicies: { entry: names('attached-policy') },
  inlinePolicies: { entry: documents('inline-policy') },
  accessKeys: { entry: (keys, put) => each(ACCESS_KEY, (key) => `access-key/${key.id}`)(keys.values(), put) },
  loginProfile: { entry: optional('login-profile', () => true) },
  credentials: {
    entry: (credentials, put) => {
      for (const credential of credentials.values()) put(`${credential.kind}/${credential.id}`, credential.detail);
    },
  },
});

const GROUP: View<IamGroupState> = {
  name: 'path',
  arn: true,
  id: true,
  path: true,
  createDate: 'volatile',
  members: 'mirror',
  attachedPolicies: { entry: names('attached-policy') },
  inlinePolicies: { entry: documents('inline-policy') },
};

const POLICY_VERSION: View<PolicyVersionState> = { id: 'path', document: { whole: (document) => JSON.parse(document) }, createDate: 'volatile' };

const POLICY: View<IamPolicyState> = {
  name: 'path',
  arn: true,
  id: true,
  path: true,
  description: true,
  defaultVersionId: true,
  tags: sortedTags,
  createDate: 'volatile',
  updateDate: 'volatile',
  nextVersion: 'volatile',
  versions: { entry: (versions, put) => each(POLICY_VERSION, (version) => `version/${version.id}`)(versions.values(), put) },
  attachedGroups: 'mirror',
  attachedUsers: 'mirror',
};

const ROLE: View<IamRoleState> = { name: 'path', arn: true, policies: { entry: documents('inline-policy') } };

const INVALIDATION: View<InvalidationState> = { id: 'path', batch: { whole: (batch) => batch }, createTime: 'volatile', completeAt: 'volatile' };

const DISTRIBUTION: View<DistributionState> = {
  id: 'path',
  arn: true,
  domainName: true,
  config: true,
  etag: 'volatile',
  lastModified: 'volatile',
  deployedAt: 'volatile',
  tags: { entry: optional('tags', sortedTags) },
  invalidations: { entry: (invalidations, put) => each(INVALIDATION, (invalidation) => `invalidation/${invalidation.id}`)(invalidations, put) },
};

const ORIGIN_ACCESS_CONTROL: View<OriginAccessControlState> = { id: 'path', config: true, etag: 'volatile' };

/** What a stage runs: its code and configuration (its ETag and times move on their own). */
const stageForm = (stage: FunctionStageState | undefined) => stage && { code: Buffer.from(stage.code).toString('utf8'), config: stage.config };

const FUNCTION: View<FunctionState> = {
  name: 'path',
  arn: true,
  createdTime: 'volatile',
  tags: { entry: optional('tags', sortedTags) },
  development: stageForm,
  live: stageForm,
};

const RECORD: View<RecordState> = { name: 'path', type: 'path', set: { whole: (set) => set } };

const ZONE: View<HostedZoneState> = {
  id: 'path',
  name: true,
  callerReference: true,
  records: {
    entry: (records, put) =>
      each(RECORD, (record) => `record/${record.name}/${record.type}${record.set.SetIdentifier ? `/${record.set.SetIdentifier}` : ''}`)(records.values(), put),
  },
};

const CERTIFICATE: View<CertificateState> = { arn: 'path', domain: true };

const accountView = (account: AccountState): View<AccountState> => ({
  id: 'path',
  buckets: { entry: (buckets, put) => each(BUCKET, (bucket) => `s3/bucket/${bucket.name}`)(buckets.values(), put) },
  iam: {
    entry: (iam, put) =>
      show(
        iam,
        {
          users: { entry: (users, at) => each(userView(account), (user) => `user/${user.name}`)(users.values(), at) },
          groups: { entry: (groups, at) => each(GROUP, (group) => `group/${group.name}`)(groups.values(), at) },
          policies: { entry: (policies, at) => each(POLICY, (policy) => `policy/${policy.name}`)(policies.values(), at) },
          policiesByArn: 'mirror',
          roles: { entry: (roles, at) => each(ROLE, (role) => `role/${role.name}`)(roles.values(), at) },
        },
        'iam',
        put,
      ),
  },
  // How IAM looked a moment ago, for reads while it propagates: the same entities, older.
  iamPast: 'volatile',
  cloudfront: {
    entry: (cloudfront, put) =>
      show(
        cloudfront,
        {
          distributions: { entry: (distributions, at) => each(DISTRIBUTION, (d) => `distribution/${d.id}`)(distributions.values(), at) },
          byArn: 'mirror',
          // Idempotency tokens of creates: what they made is compared as distributions.
          callerReferences: 'mirror',
          originAccessControls: {
            entry: (controls, at) => each(ORIGIN_ACCESS_CONTROL, (control) => `origin-access-control/${control.id}`)(controls.values(), at),
          },
          functions: { entry: (functions, at) => each(FUNCTION, (fn) => `function/${fn.name}`)(functions.values(), at) },
        },
        'cloudfront',
        put,
      ),
  },
  route53: {
    entry: (route53, put) =>
      show(
        route53,
        {
          zones: { entry: (zones, at) => each(ZONE, (zone) => zone.id)(zones.values(), at) },
          // The history of submitted changes; what they changed is compared as records.
          changes: 'volatile',
        },
        'route53',
        put,
      ),
  },
  certificates: { entry: (certificates, put) => each(CERTIFICATE, (certificate) => `acm/certificate/${certificate.arn}`)(certificates.values(), put) },
  publicAccessBlock: { entry: optional('s3control/public-access-block') },
  seeded: 'volatile',
});

export function takeSnapshot(runtime: SandboxRuntime, state: SandboxState): SandboxSnapshot {
  const out = new Map<string, string>();
  // Every value is either built here in a fixed shape or a stored object whose key order never changes.
  const put: Put = (path, value) => out.set(path, JSON.stringify(value));
  for (const account of state.accounts.values()) show(account, accountView(account), account.id, put);
  return new SandboxSnapshot(runtime.clock.now(), out, cloneState(state));
}
