import type { S3 } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Tag } from '@aws-sdk/client-s3';
import { s3Error } from './errors.js';
import { policyGrammarProblem } from './policy-grammar.js';
import { effectivePublicAccessBlock } from './propagation.js';
import { copy, decodeToken, encodeToken, type HandlerContext, type HandlersOf, op, type SandboxRuntime } from './handler.js';
import { type BucketState, DEFAULT_ENCRYPTION, newBucket, type ObjectState, type VersionState } from './state.js';

const OWNER = (accountId: string) => ({ ID: createHash('sha256').update(accountId).digest('hex'), DisplayName: `sandbox-${accountId}` });

/** S3's bucket naming rules (general purpose buckets). */
export function bucketNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) return 'must be 3-63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'only lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit';
  if (name.includes('..')) return 'no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'not formatted as an IP address';
  if (name.startsWith('xn--') || name.startsWith('sthree-')) return 'reserved prefix';
  if (name.endsWith('-s3alias') || name.endsWith('--ol-s3') || name.endsWith('.mrap') || name.endsWith('--x-s3')) return 'reserved suffix';
  return undefined;
}

/**
 * A member the SDK places in the request path: its serializer refuses a call without it, so the
 * sandbox fails the same way rather than answer for an object that has no name.
 */
function label(value: string | undefined, member: string): string {
  if (value === undefined || value === '') throw new Error(`No value provided for input HTTP label: ${member}.`);
  return value;
}

/** A bucket of this account; S3 answers 404 for a missing one and 403 for another account's. */
function ownBucket(context: HandlerContext, bucket: string | undefined): BucketState {
  const name = label(bucket, 'Bucket');
  const owner = context.runtime.state.bucketOwners.get(name);
  if (owner === undefined) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
  if (owner !== context.account.id) throw s3Error('AccessDenied', 403, 'Access Denied');
  return context.account.buckets.get(name)!;
}

/** S3's tag rules: 50 per bucket (10 per object), unique keys, no `aws:` prefix, key 1-128, value 0-256. */
export function validateTags(tags: readonly Tag[] | undefined, limit: number): Tag[] {
  const list = tags ?? [];
  if (list.length > limit) throw s3Error('InvalidTag', 400, `Tag count cannot be greater than ${limit}`);
  const seen = new Set<string>();
  for (const tag of list) {
    if (typeof tag.Key !== 'string' || typeof tag.Value !== 'string')
      throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    if (tag.Key.length < 1 || tag.Key.length > 128) throw s3Error('InvalidTag', 400, 'The TagKey you have provided is invalid');
    if (tag.Value.length > 256) throw s3Error('InvalidTag', 400, 'The TagValue you have provided is invalid');
    if (tag.Key.toLowerCase().startsWith('aws:')) throw s3Error('InvalidTag', 400, 'System tags cannot be added/updated by requester');
    if (seen.has(tag.Key)) throw s3Error('InvalidTag', 400, 'Cannot provide multiple Tags with the same key');
    seen.add(tag.Key);
  }
  return list.map((tag) => ({ Key: tag.Key!, Value: tag.Value! }));
}

const RESTRICTING_CONDITION_KEYS = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:sourceowner',
];

/** S3's notion of a public policy: an Allow to everyone, not narrowed by a fixed-value condition. */
export function isPublicPolicy(document: unknown): boolean {
  const statements = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((raw) => {
    const statement = raw as { Effect?: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
    if (statement.Effect !== 'Allow') return false;
    const principal = statement.Principal;
    const everyone = principal === '*' || (typeof principal === 'object' && principal !== null && [(principal as { AWS?: unknown }).AWS].flat().includes('*'));
    if (!everyone) return false;
    const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}).map((key) => key.toLowerCase()));
    return !conditionKeys.some((key) => RESTRICTING_CONDITION_KEYS.includes(key));
  });
}

function bodyBytes(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  return undefined;
}

/** The state an object gets from PutObject or from the sandbox's direct helper. */
export function makeObject(
  key: string,
  body: unknown,
  contentType: string | undefined,
  tags: Tag[],
  now: Date,
  metadata: Record<string, string> = {},
  declaredLength?: number,
): ObjectState {
  const bytes = bodyBytes(body);
  const etag = `"${createHash('md5')
    .update(bytes ?? Buffer.alloc(0))
    .digest('hex')}"`;
  return { key, versionId: NULL_VERSION, size: bytes?.length ?? declaredLength ?? 0, etag, contentType, lastModified: now, metadata: { ...metadata }, tags };
}

const NOT_IMPLEMENTED = 'A header you provided implies functionality that is not implemented';

/**
 * S3's conditional writes (botocore's s3 model and the SDK's PutObjectRequest.IfNoneMatch; docs.aws.amazon.com/
 * AmazonS3/latest/userguide/conditional-writes.html): with `If-None-Match: *` the write happens only if
 * no object of that key exists, else 412 PreconditionFailed; a write that another one to the same key
 * overtook while it was in flight answers 409 ConditionalRequestConflict (to be retried). The header
 * takes `*` only. Stricter than S3 where unsure: a key whose current version is a delete marker counts
 * as existing, and `If-Match` (not modelled) is refused rather than ignored.
 */
function checkWriteConditions(
  context: HandlerContext,
  bucket: BucketState,
  key: string,
  input: { IfMatch?: string | undefined; IfNoneMatch?: string | undefined },
): void {
  if (input.IfMatch !== undefined) throw s3Error('NotImplemented', 501, NOT_IMPLEMENTED);
  if (input.IfNoneMatch === undefined) return;
  if (input.IfNoneMatch !== '*') throw s3Error('NotImplemented', 501, NOT_IMPLEMENTED);
  if (!bucket.objects.has(key) && !bucket.history.has(key)) return;
  if (context.arrival !== undefined && context.runtime.objectWrites.writtenSince(bucket.name, key, context.arrival))
    throw s3Error(
      'ConditionalRequestConflict',
      409,
      'A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.',
    );
  throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
}

/** The version id of objects in a bucket whose versioning was never enabled, or made while it is suspended. */
const NULL_VERSION = 'null';

const withoutNullVersion = (versions: readonly VersionState[]): VersionState[] => versions.filter((version) => version.versionId !== NULL_VERSION);

function setHistory(bucket: BucketState, key: string, versions: VersionState[]): void {
  if (versions.length) bucket.history.set(key, versions);
  else bucket.history.delete(key);
}

/**
 * The current object moves into the history (it stays a version); in a suspended bucket a 'null' current
 * version is replaced instead. Versioning enabled, an object stored before it (the 'null' version) stays
 * too (docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersioningEnabledBuckets.html).
 */
function retireCurrent(bucket: BucketState, key: string): VersionState[] {
  const current = bucket.objects.get(key);
  let history = bucket.history.get(key) ?? [];
  if (bucket.versioning === 'Suspended') history = withoutNullVersion(history);
  if (current && (current.versionId !== NULL_VERSION || bucket.versioning === 'Enabled'))
    history = [{ versionId: current.versionId, lastModified: current.lastModified, object: current }, ...history];
  bucket.objects.delete(key);
  return history;
}

/**
 * Stores a new object as S3 Versioning does (docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html):
 * unversioned, it replaces the object; versioning enabled, it becomes the current version with a new id
 * and the previous one stays; suspended, it is the 'null' version, replacing any earlier 'null' one.
 */
export function putVersion(runtime: SandboxRuntime, bucket: BucketState, object: ObjectState): ObjectState {
  runtime.objectWrites.wrote(bucket.name, object.key);
  if (bucket.versioning === undefined) {
    bucket.objects.set(object.key, object);
    return object;
  }
  const stored = { ...object, versionId: bucket.versioning === 'Enabled' ? runtime.ids.s3VersionId() : NULL_VERSION };
  setHistory(bucket, object.key, retireCurrent(bucket, object.key));
  bucket.objects.set(object.key, stored);
  return stored;
}

/** Every version of a key, newest first: the current object (if any), then the history. */
function versionsOf(bucket: BucketState, key: string): VersionState[] {
  const current = bucket.objects.get(key);
  const history = bucket.history.get(key) ?? [];
  return current ? [{ versionId: current.versionId, lastModified: current.lastModified, object: current }, ...history] : history;
}

/** One version of a key: NoSuchVersion 400 for an id S3 does not know there (S3 answers 400 for a version id that is not one of the key's). */
function versionOf(bucket: BucketState, key: string, versionId: string | undefined): VersionState | undefined {
  if (versionId === undefined) return versionsOf(bucket, key)[0];
  const found = versionsOf(bucket, key).find((version) => version.versionId === versionId);
  if (!found) throw s3Error('NoSuchVersion', 404, 'The specified version does not exist.');
  return found;
}

/** The object a read without VersionId sees: the current version, or a 404 when a delete marker is on top (or nothing). */
function currentObject(bucket: BucketState, key: string, missing: () => Error): ObjectState {
  const object = bucket.objects.get(key);
  if (!object) throw missing();
  return object;
}

/** The object of a read by key and optional version: a delete marker cannot be read (405 MethodNotAllowed). */
function objectVersion(bucket: BucketState, key: string, versionId: string | undefined, missing: () => Error): ObjectState {
  if (versionId === undefined) return currentObject(bucket, key, missing);
  const version = versionOf(bucket, key, versionId)!;
  if (!version.object) throw s3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
  return version.object;
}

/** Keys that have a current object or any other version, in order, from `start`. */
function* versionedKeys(bucket: BucketState, start: string): Generator<string> {
  let i = bucket.objects.indexOf(start);
  let j = bucket.history.indexOf(start);
  for (;;) {
    const a = bucket.objects.keyAt(i);
    const b = bucket.history.keyAt(j);
    if (a === undefined && b === undefined) return;
    if (b === undefined || (a !== undefined && a < b)) {
      i++;
      yield a!;
    } else if (a === undefined || b < a) {
      j++;
      yield b;
    } else {
      i++;
      j++;
      yield a;
    }
  }
}

/** Whether the bucket holds anything DeleteBucket refuses to drop: objects, older versions, delete markers, incomplete uploads. */
export const holdsAnything = (bucket: BucketState): boolean => bucket.objects.size > 0 || bucket.history.size > 0 || bucket.uploads.size > 0;

function parseTagging(tagging: string | undefined): Tag[] {
  if (!tagging) return [];
  return [...new URLSearchParams(tagging)].map(([Key, Value]) => ({ Key, Value }));
}

function regionOf(input: { CreateBucketConfiguration?: { LocationConstraint?: string } }): string {
  const constraint = input.CreateBucketConfiguration?.LocationConstraint;
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

interface ListCursor {
  readonly after: string;
  /** Set when the last item returned was a common prefix: every key under it is already covered. */
  readonly skipPrefix?: string;
}

/** Whether the bucket policy lets S3 server access logging write under `prefix`. */
function grantsLogDelivery(target: BucketState, prefix: string): boolean {
  if (target.policy === undefined) return false;
  const statements = [(JSON.parse(target.policy) as { Statement?: unknown }).Statement ?? []].flat() as {
    Effect?: string;
    Principal?: { Service?: string | string[] };
    Action?: string | string[];
    Resource?: string | string[];
  }[];
  const key = `arn:aws:s3:::${target.name}/${prefix}`;
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Principal?.Service ?? []].flat().includes('logging.s3.amazonaws.com') &&
      [statement.Action ?? []].flat().some((action) => ['s3:PutObject', 's3:*', '*'].includes(action)) &&
      [statement.Resource ?? []].flat().some((resource) => (resource.endsWith('*') ? key.startsWith(resource.slice(0, -1)) : resource === key)),
  );
}

/** A Block Public Access change propagates: until it has, PutBucketPolicy applies the stricter of before and after. */
function changePublicAccessBlock(context: HandlerContext, bucket: BucketState): void {
  const { clock, propagation } = context.runtime;
  if (propagation.publicAccessBlockMs <= 0) return;
  bucket.publicAccessBlockChange = { before: effectivePublicAccessBlock(context.runtime, bucket), settledAt: clock.now() + propagation.publicAccessBlockMs };
}

const noSuchKey = () => s3Error('NoSuchKey', 404, 'The specified key does not exist.');

const unquoted = (etag: string): string => etag.replace(/^"(.*)"$/, '$1');

/**
 * S3's conditional deletes (docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html, general
 * purpose buckets since 2025-09-16; the SDK's DeleteObjectRequest.IfMatch): `If-Match` is evaluated against
 * the key's current version only. No object, or a delete marker on top, answers 404 NoSuchKey; an ETag other
 * than the current object's answers 412 PreconditionFailed, and `*` matches any object; a write of the key
 * that landed while the delete was in flight answers 409 ConditionalRequestConflict (to be retried). The
 * ETag is compared without its quotes, as the guide's CLI example sends it. Stricter than S3 where unsure:
 * with a VersionId the condition is refused rather than evaluated, and so are `x-amz-if-match-last-modified-time`
 * and `x-amz-if-match-size`, which S3 supports for directory buckets only.
 */
function checkDeleteCondition(
  context: HandlerContext,
  bucket: BucketState,
  key: string,
  input: { IfMatch?: string | undefined; IfMatchLastModifiedTime?: Date | undefined; IfMatchSize?: number | undefined; VersionId?: string | undefined },
): void {
  if (input.IfMatchLastModifiedTime !== undefined || input.IfMatchSize !== undefined) throw s3Error('NotImplemented', 501, NOT_IMPLEMENTED);
  if (input.IfMatch === undefined) return;
  if (input.VersionId !== undefined) throw s3Error('NotImplemented', 501, NOT_IMPLEMENTED);
  const current = bucket.objects.get(key);
  if (!current) throw noSuchKey();
  if (context.arrival !== undefined && context.runtime.objectWrites.writtenSince(bucket.name, key, context.arrival))
    throw s3Error('ConditionalRequestConflict', 409, 'A conflicting operation occurred. If using DeleteObject you can retry the request.');
  if (input.IfMatch !== '*' && unquoted(input.IfMatch) !== unquoted(current.etag))
    throw s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
}

/** DeleteObject with a VersionId removes that version for good; the next one down becomes current when it is an object. */
function deleteVersion(bucket: BucketState, key: string, versionId: string): { DeleteMarker?: boolean; VersionId: string } {
  const current = bucket.objects.get(key);
  let history = bucket.history.get(key) ?? [];
  let wasMarker = false;
  if (current?.versionId === versionId) bucket.objects.delete(key);
  else {
    const found = history.find((version) => version.versionId === versionId);
    // S3 answers 204 for a version that does not exist (any more): deleting is idempotent.
    if (!found) return { VersionId: versionId };
    wasMarker = found.object === undefined;
    history = history.filter((version) => version !== found);
  }
  const [next, ...rest] = history;
  if (!bucket.objects.has(key) && next?.object) {
    bucket.objects.set(key, next.object);
    history = rest;
  }
  setHistory(bucket, key, history);
  return { ...(wasMarker ? { DeleteMarker: true } : {}), VersionId: versionId };
}

function uploadOf(bucket: BucketState, uploadId: string | undefined, key: string | undefined) {
  const upload = uploadId === undefined ? undefined : bucket.uploads.get(uploadId);
  if (!upload || upload.key !== key)
    throw s3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
  return upload;
}

export const s3Handlers: HandlersOf<S3> = {
  CreateBucket: op((context, input) => {
    const name = label(input.Bucket, 'Bucket');
    const problem = bucketNameProblem(name);
    if (problem) throw s3Error('InvalidBucketName', 400, `The specified bucket is not valid: ${problem}`);
    const region = regionOf(input);
    // The us-east-1 endpoint accepts any location constraint; a regional endpoint only its own.
    if (context.region !== 'us-east-1' && region !== context.region) {
      throw s3Error(
        'IllegalLocationConstraintException',
        400,
        `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    const { state, clock, propagation } = context.runtime;
    // A name deleted a moment ago is not free yet, for anyone (propagation.ts).
    if ((state.releasingNames.get(name) ?? 0) > clock.now())
      throw s3Error('OperationAborted', 409, 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
    const owner = state.bucketOwners.get(name);
    if (owner !== undefined && owner !== context.account.id) {
      throw s3Error(
        'BucketAlreadyExists',
        409,
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      );
    }
    if (owner !== undefined) {
      // us-east-1 keeps its legacy answer: creating a bucket you already own there succeeds and changes nothing.
      if (region === 'us-east-1' && context.account.buckets.get(name)!.region === 'us-east-1') return { Location: `/${name}` };
      throw s3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.');
    }
    // S3's general purpose bucket quota (10,000 by default): TooManyBuckets 400.
    if (context.account.buckets.size >= context.runtime.quotas(context.account.id).buckets)
      throw s3Error('TooManyBuckets', 400, 'You have attempted to create more buckets than allowed');
    createBucketState(context, name, region, clock.now() + propagation.bucketCreateMs);
    return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`, BucketArn: `arn:aws:s3:::${name}` };
  }),

  HeadBucket: op((context, input) => {
    const name = label(input.Bucket, 'Bucket');
    const owner = context.runtime.state.bucketOwners.get(name);
    // A HEAD response has no body, so the SDK can only name these errors from the status code.
    if (owner === undefined) throw s3Error('NotFound', 404, 'UnknownError');
    if (owner !== context.account.id) throw s3Error('Unknown', 403, 'UnknownError');
    const bucket = context.account.buckets.get(name)!;
    return { BucketRegion: bucket.region, AccessPointAlias: false, BucketArn: `arn:aws:s3:::${name}` };
  }),

  DeleteBucket: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    // Every version and delete marker must go first (Emptying a bucket, S3 user guide); incomplete
    // multipart uploads hold parts in the bucket too, and the sandbox refuses them as well (stricter).
    if (holdsAnything(bucket)) {
      throw s3Error(
        'BucketNotEmpty',
        409,
        bucket.objects.size > 0 || bucket.history.size === 0
          ? 'The bucket you tried to delete is not empty'
          : 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.',
      );
    }
    context.account.buckets.delete(bucket.name);
    const { state, clock, propagation } = context.runtime;
    state.bucketOwners.delete(bucket.name);
    if (propagation.bucketDeleteMs > 0) state.releasingNames.set(bucket.name, clock.now() + propagation.bucketDeleteMs);
    return {};
  }, 204),

  ListBuckets: op((context, input) => {
    const max = Math.min(Math.max(input.MaxBuckets ?? 10_000, 1), 10_000);
    const prefix: string = input.Prefix ?? '';
    const buckets = context.account.buckets;
    const start = input.ContinuationToken ? decodeToken(input.ContinuationToken) : prefix;
    const page: { Name: string; CreationDate: Date; BucketRegion: string; BucketArn: string }[] = [];
    let next: string | undefined;
    for (const [name, bucket] of buckets.from(buckets.indexOf(start))) {
      if (!name.startsWith(prefix)) break;
      if (input.BucketRegion && bucket.region !== input.BucketRegion) continue;
      if (page.length === max) {
        next = name;
        break;
      }
      page.push({ Name: name, CreationDate: new Date(bucket.createdAt), BucketRegion: bucket.region, BucketArn: `arn:aws:s3:::${name}` });
    }
    return {
      Buckets: page,
      Owner: OWNER(context.account.id),
      ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      ...(next !== undefined && input.MaxBuckets !== undefined ? { ContinuationToken: encodeToken(next) } : {}),
    };
  }),

  GetBucketLocation: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region };
  }),

  ListObjectsV2: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const prefix: string = input.Prefix ?? '';
    const delimiter: string | undefined = input.Delimiter || undefined;
    const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000);
    const cursor: ListCursor | undefined = input.ContinuationToken
      ? (JSON.parse(decodeToken(input.ContinuationToken)) as ListCursor)
      : input.StartAfter
        ? { after: input.StartAfter }
        : undefined;
    const objects = bucket.objects;
    let index = objects.indexOf(cursor && cursor.after > prefix ? cursor.after : prefix);
    const contents: object[] = [];
    const commonPrefixes: string[] = [];
    let last: ListCursor | undefined;
    let truncated = false;
    for (; ; index++) {
      const key = objects.keyAt(index);
      if (key === undefined || !key.startsWith(prefix)) break;
      if (cursor && (key <= cursor.after || (cursor.skipPrefix && key.startsWith(cursor.skipPrefix)))) continue;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? key.slice(0, cut + delimiter!.length) : undefined;
      if (common !== undefined && commonPrefixes.at(-1) === common) continue;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (common !== undefined) {
        commonPrefixes.push(common);
        last = { after: key, skipPrefix: common };
      } else {
        const object = objects.get(key)!;
        contents.push({ Key: key, LastModified: new Date(object.lastModified), ETag: object.etag, Size: object.size, StorageClass: 'STANDARD' });
        last = { after: key };
      }
    }
    return {
      Name: bucket.name,
      Prefix: prefix,
      MaxKeys: maxKeys,
      KeyCount: contents.length + commonPrefixes.length,
      IsTruncated: truncated,
      ...(contents.length ? { Contents: contents } : {}),
      ...(commonPrefixes.length ? { CommonPrefixes: commonPrefixes.map((Prefix) => ({ Prefix })) } : {}),
      ...(delimiter ? { Delimiter: delimiter } : {}),
      ...(input.ContinuationToken ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(input.StartAfter ? { StartAfter: input.StartAfter } : {}),
      ...(truncated && last ? { NextContinuationToken: encodeToken(JSON.stringify(last)) } : {}),
    };
  }),

  PutObject: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const key = label(input.Key, 'Key');
    if (!key) throw s3Error('InvalidArgument', 400, 'A key must be given');
    checkWriteConditions(context, bucket, key, input);
    const tags = validateTags(parseTagging(input.Tagging), 10);
    const made = makeObject(key, input.Body, input.ContentType, tags, new Date(context.runtime.clock.now()), input.Metadata, input.ContentLength);
    const object = putVersion(context.runtime, bucket, made);
    return { ETag: object.etag, ServerSideEncryption: 'AES256', ...(bucket.versioning ? { VersionId: object.versionId } : {}) };
  }),

  HeadObject: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const object = objectVersion(bucket, label(input.Key, 'Key'), input.VersionId, () => s3Error('NotFound', 404, 'UnknownError'));
    return {
      ...(bucket.versioning ? { VersionId: object.versionId } : {}),
      ContentLength: object.size,
      ContentType: object.contentType,
      ETag: object.etag,
      LastModified: new Date(object.lastModified),
      Metadata: { ...object.metadata },
      ServerSideEncryption: 'AES256',
      ...(object.tags.length ? { TagCount: object.tags.length } : {}),
    };
  }),

  DeleteObject: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const key = label(input.Key, 'Key');
    checkDeleteCondition(context, bucket, key, input);
    if (input.VersionId !== undefined) return deleteVersion(bucket, key, input.VersionId);
    if (bucket.versioning === undefined) {
      bucket.objects.delete(key);
      return {};
    }
    // Versioned: the object stays as a version, and a delete marker becomes the current version.
    const history = retireCurrent(bucket, key);
    const marker: VersionState = {
      versionId: bucket.versioning === 'Enabled' ? context.runtime.ids.s3VersionId() : NULL_VERSION,
      lastModified: new Date(context.runtime.clock.now()),
      object: undefined,
    };
    setHistory(bucket, key, [marker, ...history]);
    return { DeleteMarker: true, VersionId: marker.versionId };
  }, 204),

  ListObjectVersions: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const prefix: string = input.Prefix ?? '';
    const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000);
    const keyMarker = input.KeyMarker ?? '';
    const versions: object[] = [];
    const markers: object[] = [];
    let last: { key: string; versionId: string } | undefined;
    let truncated = false;
    outer: for (const key of versionedKeys(bucket, keyMarker > prefix ? keyMarker : prefix)) {
      if (!key.startsWith(prefix)) break;
      if (key < keyMarker || (key === keyMarker && input.VersionIdMarker === undefined)) continue;
      const all = versionsOf(bucket, key);
      const from = key === keyMarker ? all.findIndex((version) => version.versionId === input.VersionIdMarker) + 1 : 0;
      for (const [n, version] of all.entries()) {
        if (n < from) continue;
        if (versions.length + markers.length >= maxKeys) {
          truncated = true;
          break outer;
        }
        const common = {
          Key: key,
          VersionId: version.versionId,
          IsLatest: n === 0,
          LastModified: new Date(version.lastModified),
          Owner: OWNER(context.account.id),
        };
        if (version.object) versions.push({ ...common, ETag: version.object.etag, Size: version.object.size, StorageClass: 'STANDARD' });
        else markers.push(common);
        last = { key, versionId: version.versionId };
      }
    }
    return {
      Name: bucket.name,
      Prefix: prefix,
      MaxKeys: maxKeys,
      IsTruncated: truncated,
      KeyMarker: keyMarker,
      ...(input.VersionIdMarker !== undefined ? { VersionIdMarker: input.VersionIdMarker } : {}),
      ...(versions.length ? { Versions: versions } : {}),
      ...(markers.length ? { DeleteMarkers: markers } : {}),
      ...(truncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.versionId } : {}),
    };
  }),

  GetBucketVersioning: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    return bucket.versioning ? { Status: bucket.versioning } : {};
  }),

  PutBucketVersioning: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const status = input.VersioningConfiguration?.Status;
    if (status !== 'Enabled' && status !== 'Suspended')
      throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    // MFA delete takes the root user's MFA device in the request (x-amz-mfa), which the service never has.
    if (input.VersioningConfiguration?.MFADelete === 'Enabled') throw s3Error('InvalidRequest', 400, 'MFA Authentication must be used for this request');
    bucket.versioning = status;
    return {};
  }),

  CreateMultipartUpload: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const key = label(input.Key, 'Key');
    const id = context.runtime.ids.s3VersionId();
    bucket.uploads.set(id, { id, key, initiated: new Date(context.runtime.clock.now()), parts: new Map() });
    return { Bucket: bucket.name, Key: key, UploadId: id };
  }),

  UploadPart: op((context, input) => {
    const upload = uploadOf(ownBucket(context, input.Bucket), input.UploadId, input.Key);
    const part = input.PartNumber ?? 0;
    if (!Number.isInteger(part) || part < 1 || part > 10_000)
      throw s3Error('InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive');
    const { size, etag } = makeObject(upload.key, input.Body, undefined, [], new Date(context.runtime.clock.now()), {}, input.ContentLength);
    upload.parts.set(part, { size, etag });
    return { ETag: etag, ServerSideEncryption: 'AES256' };
  }),

  CompleteMultipartUpload: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const upload = uploadOf(bucket, input.UploadId, input.Key);
    checkWriteConditions(context, bucket, upload.key, input);
    const parts = input.MultipartUpload?.Parts ?? [];
    if (parts.length === 0) throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    let size = 0;
    for (const part of parts) {
      const stored = upload.parts.get(part.PartNumber ?? 0);
      if (!stored || stored.etag !== part.ETag)
        throw s3Error(
          'InvalidPart',
          400,
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        );
      size += stored.size;
    }
    const made = makeObject(upload.key, undefined, undefined, [], new Date(context.runtime.clock.now()), {}, size);
    const object = putVersion(context.runtime, bucket, {
      ...made,
      etag: `"${createHash('md5')
        .update(parts.map((part) => part.ETag).join(''))
        .digest('hex')}-${parts.length}"`,
    });
    bucket.uploads.delete(upload.id);
    return { Bucket: bucket.name, Key: upload.key, ETag: object.etag, ...(bucket.versioning ? { VersionId: object.versionId } : {}) };
  }),

  AbortMultipartUpload: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    bucket.uploads.delete(uploadOf(bucket, input.UploadId, input.Key).id);
    return {};
  }, 204),

  ListMultipartUploads: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const prefix: string = input.Prefix ?? '';
    const max = Math.min(input.MaxUploads ?? 1000, 1000);
    // Ordered by key, then by initiation time, as S3 lists them.
    const all = [...bucket.uploads.values()]
      .filter((upload) => upload.key.startsWith(prefix))
      .sort((a, b) => (a.key === b.key ? a.initiated.getTime() - b.initiated.getTime() : a.key < b.key ? -1 : 1));
    const after = input.KeyMarker
      ? all.findIndex(
          (upload) =>
            upload.key > input.KeyMarker! || (upload.key === input.KeyMarker && input.UploadIdMarker !== undefined && upload.id === input.UploadIdMarker),
        ) + (input.UploadIdMarker !== undefined ? 1 : 0)
      : 0;
    const start = after < 0 ? all.length : after;
    const page = all.slice(start, start + max);
    const truncated = start + max < all.length;
    return {
      Bucket: bucket.name,
      Prefix: prefix,
      MaxUploads: max,
      IsTruncated: truncated,
      ...(page.length
        ? {
            Uploads: page.map((upload) => ({ Key: upload.key, UploadId: upload.id, Initiated: new Date(upload.initiated), StorageClass: 'STANDARD' as const })),
          }
        : {}),
      ...(truncated ? { NextKeyMarker: page.at(-1)!.key, NextUploadIdMarker: page.at(-1)!.id } : {}),
    };
  }),

  GetObjectTagging: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const object = objectVersion(bucket, label(input.Key, 'Key'), input.VersionId, noSuchKey);
    return { TagSet: copy(object.tags), ...(bucket.versioning ? { VersionId: object.versionId } : {}) };
  }),

  PutObjectTagging: op((context, input) => {
    const object = objectVersion(ownBucket(context, input.Bucket), label(input.Key, 'Key'), input.VersionId, noSuchKey);
    object.tags = validateTags(input.Tagging?.TagSet, 10);
    return {};
  }),

  DeleteObjectTagging: op((context, input) => {
    const object = objectVersion(ownBucket(context, input.Bucket), label(input.Key, 'Key'), input.VersionId, noSuchKey);
    object.tags = [];
    return {};
  }, 204),

  GetBucketTagging: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    if (!bucket.tags) throw s3Error('NoSuchTagSet', 404, 'The TagSet does not exist');
    return { TagSet: copy(bucket.tags) };
  }),

  PutBucketTagging: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    bucket.tags = validateTags(input.Tagging?.TagSet, 50);
    return {};
  }),

  DeleteBucketTagging: op((context, input) => {
    ownBucket(context, input.Bucket).tags = undefined;
    return {};
  }, 204),

  GetBucketEncryption: op((context, input) => ({ ServerSideEncryptionConfiguration: copy(ownBucket(context, input.Bucket).encryption) })),

  PutBucketEncryption: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const configuration = input.ServerSideEncryptionConfiguration;
    if (!Array.isArray(configuration?.Rules) || configuration.Rules.length === 0)
      throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    bucket.encryption = copy(configuration);
    return {};
  }),

  DeleteBucketEncryption: op((context, input) => {
    // S3 encrypts every bucket since 2023: "deleting" falls back to SSE-S3.
    ownBucket(context, input.Bucket).encryption = copy(DEFAULT_ENCRYPTION);
    return {};
  }, 204),

  GetPublicAccessBlock: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    if (!bucket.publicAccessBlock) throw s3Error('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
    return { PublicAccessBlockConfiguration: { ...bucket.publicAccessBlock } };
  }),

  PutPublicAccessBlock: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const given = input.PublicAccessBlockConfiguration ?? {};
    changePublicAccessBlock(context, bucket);
    // A flag left out is false, not "unchanged".
    bucket.publicAccessBlock = {
      BlockPublicAcls: given.BlockPublicAcls === true,
      IgnorePublicAcls: given.IgnorePublicAcls === true,
      BlockPublicPolicy: given.BlockPublicPolicy === true,
      RestrictPublicBuckets: given.RestrictPublicBuckets === true,
    };
    return {};
  }),

  DeletePublicAccessBlock: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    changePublicAccessBlock(context, bucket);
    bucket.publicAccessBlock = undefined;
    return {};
  }, 204),

  GetBucketLogging: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    return bucket.logging ? { LoggingEnabled: copy(bucket.logging) } : {};
  }),

  PutBucketLogging: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const logging = input.BucketLoggingStatus?.LoggingEnabled;
    if (logging) {
      if (!logging.TargetBucket)
        throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
      const targetOwner = context.runtime.state.bucketOwners.get(logging.TargetBucket);
      if (targetOwner === undefined) throw s3Error('InvalidTargetBucketForLogging', 400, 'The target bucket for logging does not exist');
      if (targetOwner !== context.account.id)
        throw s3Error('InvalidTargetBucketForLogging', 400, 'The owner for the bucket to be logged and the target bucket must be the same.');
      const target = context.account.buckets.get(logging.TargetBucket)!;
      if (target.region !== bucket.region) throw s3Error('CrossLocationLoggingProhibitted', 403, 'Cross S3 location logging not allowed.');
      // With ACLs disabled (BucketOwnerEnforced, the default since 2023) log delivery is allowed only
      // by the target's bucket policy (S3 user guide, "Permissions for log delivery"); S3 checks ACL
      // grants at this call, and the sandbox checks the policy the same way (stricter).
      if (!grantsLogDelivery(target, logging.TargetPrefix ?? ''))
        throw s3Error(
          'InvalidTargetBucketForLogging',
          400,
          'The target bucket policy must allow s3:PutObject to the logging.s3.amazonaws.com service principal for the target prefix.',
        );
    }
    bucket.logging = logging ? copy(logging) : undefined;
    return {};
  }),

  GetBucketWebsite: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    if (!bucket.website) throw s3Error('NoSuchWebsiteConfiguration', 404, 'The specified bucket does not have a website configuration');
    return copy(bucket.website);
  }),

  PutBucketWebsite: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const config = input.WebsiteConfiguration;
    if (!config?.IndexDocument?.Suffix && !config?.RedirectAllRequestsTo) {
      throw s3Error('InvalidArgument', 400, 'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty');
    }
    bucket.website = copy(config);
    return {};
  }),

  DeleteBucketWebsite: op((context, input) => {
    ownBucket(context, input.Bucket).website = undefined;
    return {};
  }, 204),

  GetBucketPolicy: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    if (bucket.policy === undefined) throw s3Error('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    return { Policy: bucket.policy };
  }),

  PutBucketPolicy: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    let document: unknown;
    try {
      document = JSON.parse(input.Policy ?? '');
    } catch {
      throw s3Error('MalformedPolicy', 400, "Policies must be valid JSON and the first byte must be '{'");
    }
    if (typeof document !== 'object' || document === null || !('Statement' in document))
      throw s3Error('MalformedPolicy', 400, 'Missing required field Statement');
    const problem = policyGrammarProblem(document, 's3-bucket');
    if (problem) throw s3Error('MalformedPolicy', 400, problem);
    // The account's own setting applies on top of the bucket's
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
    const blocked = effectivePublicAccessBlock(context.runtime, bucket)?.BlockPublicPolicy || context.account.publicAccessBlock?.BlockPublicPolicy;
    if (blocked && isPublicPolicy(document)) {
      throw s3Error(
        'AccessDenied',
        403,
        `User: ${context.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      );
    }
    bucket.policy = input.Policy;
    return {};
  }),

  DeleteBucketPolicy: op((context, input) => {
    ownBucket(context, input.Bucket).policy = undefined;
    return {};
  }, 204),

  GetBucketLifecycleConfiguration: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    if (!bucket.lifecycle) throw s3Error('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
    return { Rules: copy(bucket.lifecycle.Rules), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
  }),

  PutBucketLifecycleConfiguration: op((context, input) => {
    const bucket = ownBucket(context, input.Bucket);
    const rules = input.LifecycleConfiguration?.Rules;
    if (!Array.isArray(rules) || rules.length === 0 || rules.some((rule: { Status?: string }) => rule.Status !== 'Enabled' && rule.Status !== 'Disabled')) {
      throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    bucket.lifecycle = { Rules: copy(rules) };
    return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
  }),

  DeleteBucketLifecycle: op((context, input) => {
    ownBucket(context, input.Bucket).lifecycle = undefined;
    return {};
  }, 204),
};

/** `usableAt`: when its other calls start to answer (0: at once, as for buckets made in setup). */
export function createBucketState(context: Pick<HandlerContext, 'runtime' | 'account'>, name: string, region: string, usableAt = 0): BucketState {
  const bucket = newBucket(name, context.account.id, region, new Date(context.runtime.clock.now()), usableAt);
  context.account.buckets.set(name, bucket);
  context.runtime.state.bucketOwners.set(name, context.account.id);
  return bucket;
}
