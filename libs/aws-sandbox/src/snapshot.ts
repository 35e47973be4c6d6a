import type { SandboxRuntime } from './handler.js';
import { cloneState, type SandboxState } from './state.js';

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

export function takeSnapshot(runtime: SandboxRuntime, state: SandboxState): SandboxSnapshot {
  const out = new Map<string, string>();
  // Every value is either built here in a fixed shape or a stored object whose key order never changes.
  const put = (path: string, value: unknown) => out.set(path, JSON.stringify(value));
  for (const account of state.accounts.values()) {
    const root = account.id;
    for (const bucket of account.buckets.values()) {
      const base = `${root}/s3/bucket/${bucket.name}`;
      put(base, { region: bucket.region });
      if (bucket.tags) put(`${base}/tags`, sortedTags(bucket.tags) ?? {});
      if (bucket.policy !== undefined) put(`${base}/policy`, JSON.parse(bucket.policy));
      put(`${base}/encryption`, bucket.encryption);
      if (bucket.publicAccessBlock) put(`${base}/public-access-block`, bucket.publicAccessBlock);
      if (bucket.logging) put(`${base}/logging`, bucket.logging);
      if (bucket.website) put(`${base}/website`, bucket.website);
      if (bucket.lifecycle) put(`${base}/lifecycle`, bucket.lifecycle);
      for (const object of bucket.objects.values()) {
        put(`${base}/object/${object.key}`, {
          size: object.size,
          etag: object.etag,
          contentType: object.contentType,
          metadata: object.metadata,
          tags: sortedTags(object.tags),
        });
      }
    }
    for (const user of account.iam.users.values()) {
      const base = `${root}/iam/user/${user.name}`;
      put(base, { arn: user.arn, id: user.id, path: user.path, permissionsBoundary: user.permissionsBoundary, tags: sortedTags(user.tags) });
      for (const group of user.groups) put(`${base}/group/${account.iam.groups.get(group)?.name ?? group}`, true);
      for (const arn of user.attachedPolicies) put(`${base}/attached-policy/${arn}`, true);
      for (const [name, document] of user.inlinePolicies) put(`${base}/inline-policy/${name}`, JSON.parse(document));
      for (const key of user.accessKeys.values()) put(`${base}/access-key/${key.id}`, { status: key.status });
      if (user.loginProfile) put(`${base}/login-profile`, true);
    }
    for (const group of account.iam.groups.values()) {
      const base = `${root}/iam/group/${group.name}`;
      put(base, { arn: group.arn, id: group.id, path: group.path });
      for (const arn of group.attachedPolicies) put(`${base}/attached-policy/${arn}`, true);
      for (const [name, document] of group.inlinePolicies) put(`${base}/inline-policy/${name}`, JSON.parse(document));
    }
    for (const policy of account.iam.policies.values()) {
      const base = `${root}/iam/policy/${policy.name}`;
      put(base, {
        arn: policy.arn,
        id: policy.id,
        path: policy.path,
        description: policy.description,
        defaultVersionId: policy.defaultVersionId,
        tags: sortedTags(policy.tags),
      });
      for (const version of policy.versions.values()) put(`${base}/version/${version.id}`, JSON.parse(version.document));
    }
    for (const distribution of account.cloudfront.distributions.values()) {
      const base = `${root}/cloudfront/distribution/${distribution.id}`;
      put(base, { arn: distribution.arn, domainName: distribution.domainName, config: distribution.config });
      if (distribution.tags.size) put(`${base}/tags`, sortedTags(distribution.tags));
      for (const invalidation of distribution.invalidations) put(`${base}/invalidation/${invalidation.id}`, invalidation.batch);
    }
    for (const zone of account.route53.zones.values()) {
      put(`${root}/route53/${zone.id}`, { name: zone.name });
      for (const record of zone.records.values()) {
        put(`${root}/route53/${zone.id}/record/${record.name}/${record.type}${record.set.SetIdentifier ? `/${record.set.SetIdentifier}` : ''}`, record.set);
      }
    }
    for (const certificate of account.certificates.values()) put(`${root}/acm/certificate/${certificate.arn}`, { domain: certificate.domain });
  }
  return new SandboxSnapshot(runtime.clock.now(), out, cloneState(state));
}
