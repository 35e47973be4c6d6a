import type {
  BucketLifecycleConfiguration,
  LoggingEnabled,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
  Tag as S3Tag,
  WebsiteConfiguration,
} from '@aws-sdk/client-s3';
import type { DistributionConfig, FunctionConfig, InvalidationBatch, OriginAccessControlConfig } from '@aws-sdk/client-cloudfront';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { SortedMap } from './sorted-map.js';

export type SandboxService = 's3' | 's3control' | 'iam' | 'cloudfront' | 'route53' | 'sts' | 'tagging';

export interface ObjectState {
  readonly key: string;
  /** 'null' in a bucket whose versioning was never enabled (and for versions made while suspended). */
  readonly versionId: string;
  readonly size: number;
  readonly etag: string;
  readonly contentType: string | undefined;
  readonly lastModified: Date;
  readonly metadata: Record<string, string>;
  tags: S3Tag[];
}

/** A version of an object that is not its current one, or a delete marker (S3 Versioning). */
export interface VersionState {
  readonly versionId: string;
  readonly lastModified: Date;
  /** The object of this version; undefined for a delete marker. */
  readonly object: ObjectState | undefined;
}

export interface UploadPartState {
  readonly size: number;
  readonly etag: string;
}

/** An incomplete multipart upload: it holds its parts in the bucket until completed or aborted. */
export interface MultipartUploadState {
  readonly id: string;
  readonly key: string;
  readonly initiated: Date;
  readonly parts: Map<number, UploadPartState>;
}

export interface BucketState {
  readonly name: string;
  readonly owner: string;
  readonly region: string;
  readonly createdAt: Date;
  tags: S3Tag[] | undefined;
  policy: string | undefined;
  encryption: ServerSideEncryptionConfiguration;
  publicAccessBlock: PublicAccessBlockConfiguration | undefined;
  logging: LoggingEnabled | undefined;
  website: WebsiteConfiguration | undefined;
  lifecycle: BucketLifecycleConfiguration | undefined;
  /** Clock time from which the bucket answers its other calls (propagation after CreateBucket). */
  readonly usableAt: number;
  /** The last Block Public Access change, while it propagates: the setting before it, and when it settles. */
  publicAccessBlockChange: { readonly before: PublicAccessBlockConfiguration | undefined; readonly settledAt: number } | undefined;
  /** Never 'Disabled' again once set: a bucket's versioning can only be suspended. */
  versioning: 'Enabled' | 'Suspended' | undefined;
  /** The current version of each key that has one (no delete marker on top). */
  readonly objects: SortedMap<ObjectState>;
  /** Per key, newest first: every other version, and the delete markers. */
  readonly history: SortedMap<VersionState[]>;
  readonly uploads: Map<string, MultipartUploadState>;
}

export interface AccessKeyState {
  readonly id: string;
  readonly secret: string;
  status: 'Active' | 'Inactive';
  readonly createDate: Date;
}

/** A credential of a user besides its access keys; each keeps DeleteUser from succeeding until removed. */
export interface UserCredentialState {
  readonly kind: 'mfa-device' | 'ssh-public-key' | 'signing-certificate' | 'service-specific-credential';
  /** The MFA device's serial number, or the id IAM gave the key, certificate or credential. */
  readonly id: string;
  /** The public key or certificate body, or the service name of a service-specific credential. */
  readonly detail: string;
  readonly createDate: Date;
}

export interface IamUserState {
  readonly name: string;
  readonly id: string;
  /** Both change with UpdateUser's NewPath. */
  arn: string;
  path: string;
  readonly createDate: Date;
  readonly permissionsBoundary: string | undefined;
  readonly tags: Map<string, string>;
  /** Lower-cased group names, in the order the user joined them. */
  readonly groups: Set<string>;
  readonly attachedPolicies: Set<string>;
  readonly inlinePolicies: Map<string, string>;
  readonly accessKeys: Map<string, AccessKeyState>;
  loginProfile: Date | undefined;
  /** MFA devices, SSH public keys, signing certificates and service-specific credentials, by id. */
  readonly credentials: Map<string, UserCredentialState>;
}

export interface IamGroupState {
  readonly name: string;
  readonly id: string;
  /** Both change with UpdateGroup's NewPath. */
  arn: string;
  path: string;
  readonly createDate: Date;
  /** Lower-cased user names, in the order they joined. */
  readonly members: Set<string>;
  readonly attachedPolicies: Set<string>;
  readonly inlinePolicies: Map<string, string>;
}

export interface PolicyVersionState {
  readonly id: string;
  readonly document: string;
  readonly createDate: Date;
}

export interface IamPolicyState {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly description: string | undefined;
  readonly createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  nextVersion: number;
  readonly versions: Map<string, PolicyVersionState>;
  readonly tags: Map<string, string>;
  /** Lower-cased names of the groups and users it is attached to. */
  readonly attachedGroups: Set<string>;
  readonly attachedUsers: Set<string>;
}

/**
 * An IAM role, as far as the sandbox needs one: an identity its callers can act as (through
 * `AwsSandbox.plugin`'s `role`, or AssumeRole), whose inline policies decide what they may do.
 */
export interface IamRoleState {
  readonly name: string;
  readonly arn: string;
  /** Inline policies: name -> document (JSON text). */
  readonly policies: Map<string, string>;
}

export interface InvalidationState {
  readonly id: string;
  readonly createTime: Date;
  readonly completeAt: number;
  readonly batch: InvalidationBatch;
}

export interface DistributionState {
  readonly id: string;
  readonly arn: string;
  readonly domainName: string;
  config: DistributionConfig;
  etag: string;
  lastModified: Date;
  /** Clock time from which the distribution reports Deployed. */
  deployedAt: number;
  readonly tags: Map<string, string>;
  /** Newest first, as CloudFront lists them. */
  readonly invalidations: InvalidationState[];
}

/** An origin access control: how CloudFront signs its requests to an origin. */
export interface OriginAccessControlState {
  readonly id: string;
  readonly config: OriginAccessControlConfig;
  readonly etag: string;
}

/** One stage of a CloudFront Function: what was saved (DEVELOPMENT) or what was published (LIVE). */
export interface FunctionStageState {
  readonly code: Uint8Array;
  readonly config: FunctionConfig;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface FunctionState {
  readonly name: string;
  readonly arn: string;
  readonly createdTime: Date;
  readonly tags: Map<string, string>;
  development: FunctionStageState;
  /** Undefined until the function is first published: only then can a distribution use it. */
  live: FunctionStageState | undefined;
}

export interface RecordState {
  readonly name: string;
  readonly type: string;
  readonly set: ResourceRecordSet;
}

export interface HostedZoneState {
  readonly id: string;
  readonly name: string;
  readonly callerReference: string;
  /** Keyed by recordSortKey: labels reversed, then type, as Route 53 orders them. */
  readonly records: SortedMap<RecordState>;
}

export interface ChangeState {
  readonly id: string;
  readonly submittedAt: Date;
  readonly insyncAt: number;
  readonly comment: string | undefined;
}

export interface CertificateState {
  readonly arn: string;
  readonly domain: string;
}

export interface IamState {
  /** All keyed by lower-cased name: IAM names are unique regardless of case. */
  readonly users: SortedMap<IamUserState>;
  readonly groups: SortedMap<IamGroupState>;
  readonly policies: SortedMap<IamPolicyState>;
  readonly policiesByArn: Map<string, IamPolicyState>;
  readonly roles: Map<string, IamRoleState>;
}

export interface AccountState {
  readonly id: string;
  readonly buckets: SortedMap<BucketState>;
  readonly iam: IamState;
  /**
   * What IAM writes found, oldest first, until the propagation lag has passed: reads see the first
   * entry younger than the lag, so an IAM read sees the account as it was (propagation.ts).
   */
  readonly iamPast: { readonly until: number; readonly iam: IamState }[];
  readonly cloudfront: {
    readonly distributions: SortedMap<DistributionState>;
    readonly byArn: Map<string, DistributionState>;
    readonly callerReferences: Map<string, string>;
    readonly originAccessControls: Map<string, OriginAccessControlState>;
    /** By name: a function's name is unique in its account. */
    readonly functions: SortedMap<FunctionState>;
  };
  readonly route53: {
    readonly zones: Map<string, HostedZoneState>;
    readonly changes: Map<string, ChangeState>;
  };
  readonly certificates: Map<string, CertificateState>;
  /** S3 Block Public Access of the whole account (S3 Control): it applies to every bucket on top of the bucket's own. */
  publicAccessBlock: PublicAccessBlockConfiguration | undefined;
  /** Numbering of seeded entities, so repeated seeding continues instead of colliding. */
  readonly seeded: { groups: number; users: number; distributions: number; records: number };
}

export interface SandboxState {
  readonly accounts: Map<string, AccountState>;
  /** Bucket names are global across accounts: name -> owning account id. */
  readonly bucketOwners: Map<string, string>;
  /** CloudFront aliases are global too: lower-cased alias -> distribution id. */
  readonly aliases: Map<string, string>;
  /** Names of buckets deleted a moment ago, which S3 has not released yet: name -> clock time of release. */
  readonly releasingNames: Map<string, number>;
  /** Temporary credentials STS issued: access key id -> the role session they act as. */
  readonly sessions: Map<string, RoleSession>;
  seededBuckets: number;
}

/** A session of an IAM role: who a call signed with its credentials is. */
export interface RoleSession {
  readonly accountId: string;
  /** Lower-cased name of the role in `accountId`. */
  readonly role: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  readonly arn: string;
  readonly userId: string;
}

export function createState(): SandboxState {
  return { accounts: new Map(), bucketOwners: new Map(), aliases: new Map(), releasingNames: new Map(), sessions: new Map(), seededBuckets: 0 };
}

export function createAccount(id: string): AccountState {
  return {
    id,
    buckets: new SortedMap(),
    iam: { users: new SortedMap(), groups: new SortedMap(), policies: new SortedMap(), policiesByArn: new Map(), roles: new Map() },
    iamPast: [],
    cloudfront: { distributions: new SortedMap(), byArn: new Map(), callerReferences: new Map(), originAccessControls: new Map(), functions: new SortedMap() },
    route53: { zones: new Map(), changes: new Map() },
    certificates: new Map(),
    publicAccessBlock: undefined,
    seeded: { groups: 0, users: 0, distributions: 0, records: 0 },
  };
}

export const DEFAULT_ENCRYPTION: ServerSideEncryptionConfiguration = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

export const ALL_BLOCKED: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** A new bucket as S3 makes it today: SSE-S3 on, all four Block Public Access flags on. */
export function newBucket(name: string, owner: string, region: string, createdAt: Date, usableAt = 0): BucketState {
  return {
    name,
    owner,
    region,
    createdAt,
    tags: undefined,
    policy: undefined,
    encryption: structuredClone(DEFAULT_ENCRYPTION),
    publicAccessBlock: { ...ALL_BLOCKED },
    logging: undefined,
    website: undefined,
    lifecycle: undefined,
    usableAt,
    publicAccessBlockChange: undefined,
    versioning: undefined,
    objects: new SortedMap(),
    history: new SortedMap(),
    uploads: new Map(),
  };
}

/** Route 53's order: labels right to left, then type, then set identifier. */
export function recordSortKey(name: string, type: string, setIdentifier = ''): string {
  return `${normalizeDnsName(name).split('.').filter(Boolean).reverse().join('\u0001')}\u0000${type}\u0000${setIdentifier}`;
}

/** Route 53 names are case-insensitive and stored fully qualified. */
export function normalizeDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * A deep copy. An entity held in two maps (a policy by name and by ARN, a distribution by id and by
 * ARN) stays one object in the copy, so the copy behaves like the original.
 */
function deepCopy<T>(root: T): T {
  // Only entities (map values) can be shared, so only they go through the memo.
  const entities = new Map<object, unknown>();
  const entity = <V>(value: V): V => {
    if (value === null || typeof value !== 'object') return value;
    const known = entities.get(value);
    if (known !== undefined) return known as V;
    const copy = clone(value);
    entities.set(value, copy);
    return copy;
  };
  const clone = <V>(value: V): V => {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return new Date(value.getTime()) as V;
    if (value instanceof SortedMap) return value.clone(entity) as V;
    if (value instanceof Map) {
      const copy = new Map();
      for (const [key, item] of value) copy.set(key, entity(item));
      return copy as V;
    }
    // Sets in the state hold names only.
    if (value instanceof Set) return new Set(value) as V;
    if (value instanceof Uint8Array) return value.slice() as V;
    if (Array.isArray(value)) return value.map(clone) as V;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = clone((value as Record<string, unknown>)[key]);
    return copy as V;
  };
  return clone(root);
}

/** A deep copy of the whole state. */
export const cloneState = (state: SandboxState): SandboxState => deepCopy(state);

/** A deep copy of one account's IAM, as a write finds it (the replica reads are served from). */
export const cloneIam = (iam: IamState): IamState => deepCopy(iam);
