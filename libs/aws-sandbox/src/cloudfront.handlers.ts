import { Script } from 'node:vm';
import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type {
  CacheBehavior,
  DefaultCacheBehavior,
  DistributionConfig,
  FunctionConfig,
  Origin,
  OriginAccessControlConfig,
  Tag,
} from '@aws-sdk/client-cloudfront';
import { cloudFrontError } from './errors.js';
import { canonical, copy, type HandlerContext, type HandlersOf, op, type SandboxRuntime } from './handler.js';
import type { AccountState, DistributionState, FunctionStageState, FunctionState, InvalidationState, OriginAccessControlState } from './state.js';

const API_VERSION = '2020-05-31';
const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;
const MAX_FILE_PATHS_IN_PROGRESS = 3000;

/** CloudFront Functions: at most 10 KB of code (Quotas on CloudFront Functions, CloudFront developer guide). */
const MAX_FUNCTION_BYTES = 10_240;
const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const FUNCTION_RUNTIMES = new Set(['cloudfront-js-1.0', 'cloudfront-js-2.0']);
/** Event types a CloudFront Function can run on; the origin-side ones are Lambda@Edge's only. */
const FUNCTION_EVENT_TYPES = new Set(['viewer-request', 'viewer-response']);
/** The HTTP codes a custom error response may name, and answer with (CustomErrorResponse, CloudFront API reference). */
const ERROR_CODES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
const RESPONSE_CODES = new Set(['200', ...[...ERROR_CODES].map(String)]);
/**
 * An S3 REST endpoint (`<bucket>.s3.<region>.amazonaws.com`, or the legacy global and dash forms), the
 * only S3 origin an origin access control signs for: a website endpoint is a custom origin that takes
 * no signed requests (Restricting access to an Amazon S3 origin, CloudFront developer guide).
 */
const S3_REST_ENDPOINT = /^[a-z0-9][a-z0-9.-]*\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/;
const S3_WEBSITE_ENDPOINT = /\.s3-website[.-]/;

const noSuchDistribution = () => cloudFrontError('NoSuchDistribution', 404, 'The specified distribution does not exist.');

export function distributionStatus(runtime: SandboxRuntime, distribution: DistributionState): 'Deployed' | 'InProgress' {
  return runtime.clock.now() >= distribution.deployedAt ? 'Deployed' : 'InProgress';
}

const invalidationStatus = (runtime: SandboxRuntime, invalidation: InvalidationState) =>
  runtime.clock.now() >= invalidation.completeAt ? 'Completed' : 'InProgress';

function distributionOf(account: AccountState, id: unknown): DistributionState {
  const distribution = typeof id === 'string' ? account.cloudfront.distributions.get(id) : undefined;
  if (!distribution) throw noSuchDistribution();
  return distribution;
}

/** The ETag a write names (If-Match): missing, or not the current one. */
function checkEtag(current: string, ifMatch: unknown): void {
  if (typeof ifMatch !== 'string' || ifMatch === '')
    throw cloudFrontError('InvalidIfMatchVersion', 400, 'The If-Match version is missing or not valid for the resource.');
  if (ifMatch !== current)
    throw cloudFrontError('PreconditionFailed', 412, 'The precondition given in one or more of the request-header fields evaluated to false.');
}

const checkIfMatch = (distribution: DistributionState, ifMatch: unknown): void => checkEtag(distribution.etag, ifMatch);

function validateTags(tags: readonly Tag[] | undefined, existing = new Map<string, string>()): Map<string, string> {
  const result = new Map(existing);
  for (const tag of tags ?? []) {
    const key = tag.Key;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128 || (tag.Value ?? '').length > 256 || key.toLowerCase().startsWith('aws:')) {
      throw cloudFrontError('InvalidTagging', 400, 'The tagging specified is not valid.');
    }
    result.set(key, tag.Value ?? '');
  }
  if (result.size > 50) throw cloudFrontError('InvalidTagging', 400, 'The tagging specified is not valid: more than 50 tags.');
  return result;
}

/** Whether an ACM certificate for `domain` (issued for it and `*.domain`) covers `alias`. */
function covers(domain: string, alias: string): boolean {
  const name = alias.toLowerCase();
  return name === domain || (name.endsWith(`.${domain}`) && !name.slice(0, -domain.length - 1).includes('.'));
}

/** The checks CloudFront makes on a configuration, and the defaults it fills in. */
function acceptConfig(context: HandlerContext, given: DistributionConfig | undefined, selfId?: string): DistributionConfig {
  if (!given) throw cloudFrontError('MissingBody', 400, 'This operation requires a body. Ensure that the body is present and the Content-Type header is set.');
  const config = copy(given);
  if (!config.CallerReference) throw cloudFrontError('InvalidArgument', 400, 'CallerReference is required.');
  const origins = config.Origins?.Items ?? [];
  if (origins.length === 0) throw cloudFrontError('InvalidArgument', 400, 'The distribution must have at least one origin.');
  if (config.Origins!.Quantity !== origins.length)
    throw cloudFrontError('InconsistentQuantities', 400, "The value of Quantity and the size of Items don't match.");
  const target = config.DefaultCacheBehavior?.TargetOriginId;
  if (!origins.some((origin) => origin.Id === target)) throw cloudFrontError('NoSuchOrigin', 404, 'No origin exists with the specified Origin Id.');
  for (const origin of origins) checkOriginAccess(context.account, origin);
  for (const behavior of [config.DefaultCacheBehavior!, ...(config.CacheBehaviors?.Items ?? [])]) checkFunctionAssociations(context.account, behavior);
  checkErrorResponses(config);
  const aliases = config.Aliases?.Items ?? [];
  if ((config.Aliases?.Quantity ?? 0) !== aliases.length)
    throw cloudFrontError('InconsistentQuantities', 400, "The value of Quantity and the size of Items don't match.");
  const { state } = context.runtime;
  for (const alias of aliases) {
    const owner = state.aliases.get(alias.toLowerCase());
    if (owner !== undefined && owner !== selfId)
      throw cloudFrontError('CNAMEAlreadyExists', 409, 'One or more of the CNAMEs you provided are already associated with a different resource.');
  }
  const certificateArn = config.ViewerCertificate?.ACMCertificateArn;
  if (certificateArn !== undefined) {
    const certificate = context.account.certificates.get(certificateArn);
    if (!certificate)
      throw cloudFrontError(
        'InvalidViewerCertificate',
        400,
        "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.",
      );
    const uncovered = aliases.find((alias) => !covers(certificate.domain, alias));
    if (uncovered)
      throw cloudFrontError(
        'InvalidViewerCertificate',
        400,
        `The certificate that is attached to your distribution doesn't cover the alternate domain name (CNAME) that you're trying to add: ${uncovered}.`,
      );
  } else if (aliases.length > 0) {
    throw cloudFrontError(
      'InvalidViewerCertificate',
      400,
      'To add an alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates your authorization to use the domain name.',
    );
  }
  return {
    ...config,
    Aliases: { Quantity: aliases.length, ...(aliases.length ? { Items: aliases } : {}) },
    DefaultRootObject: config.DefaultRootObject ?? '',
    CacheBehaviors: config.CacheBehaviors ?? { Quantity: 0 },
    CustomErrorResponses: config.CustomErrorResponses ?? { Quantity: 0 },
    OriginGroups: config.OriginGroups ?? { Quantity: 0 },
    Comment: config.Comment ?? '',
    Logging: config.Logging ?? { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    PriceClass: config.PriceClass ?? 'PriceClass_All',
    ViewerCertificate: config.ViewerCertificate ?? {
      CloudFrontDefaultCertificate: true,
      SSLSupportMethod: 'vip',
      MinimumProtocolVersion: 'TLSv1',
      CertificateSource: 'cloudfront',
    },
    Restrictions: config.Restrictions ?? { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: config.WebACLId ?? '',
    HttpVersion: config.HttpVersion ?? 'http2',
    IsIPV6Enabled: config.IsIPV6Enabled ?? false,
  };
}

/** An origin signed by an origin access control: an existing S3 one, on an S3 REST endpoint, with no origin access identity. */
function checkOriginAccess(account: AccountState, origin: Origin): void {
  const id = origin.OriginAccessControlId;
  if (!id) return;
  const control = account.cloudfront.originAccessControls.get(id);
  if (!control) throw cloudFrontError('InvalidOriginAccessControl', 400, 'The origin access control is not valid.');
  if (!S3_REST_ENDPOINT.test(origin.DomainName ?? '') || S3_WEBSITE_ENDPOINT.test(origin.DomainName ?? ''))
    throw cloudFrontError(
      'InvalidDomainNameForOriginAccessControl',
      400,
      'An origin access control is associated with an origin whose domain name is not supported.',
    );
  if (!origin.S3OriginConfig || origin.CustomOriginConfig || control.config.OriginAccessControlOriginType !== 's3')
    throw cloudFrontError('InvalidOriginAccessControl', 400, 'The origin access control is not valid.');
  if (origin.S3OriginConfig.OriginAccessIdentity)
    throw cloudFrontError(
      'IllegalOriginAccessConfiguration',
      400,
      'An origin cannot contain both an origin access control (OAC) and an origin access identity (OAI).',
    );
}

/** Each association names a published function of the account, once per viewer event. */
function checkFunctionAssociations(account: AccountState, behavior: DefaultCacheBehavior | CacheBehavior): void {
  const associations = behavior.FunctionAssociations;
  if (!associations) return;
  const items = associations.Items ?? [];
  if (associations.Quantity !== items.length) throw cloudFrontError('InconsistentQuantities', 400, "The value of Quantity and the size of Items don't match.");
  const events = new Set<string>();
  for (const association of items) {
    const event = association.EventType ?? '';
    const fn = functionByArn(account, association.FunctionARN);
    if (!FUNCTION_EVENT_TYPES.has(event) || events.has(event) || !fn?.live)
      throw cloudFrontError('InvalidFunctionAssociation', 400, `The function association is not valid: ${association.FunctionARN ?? ''} on ${event}.`);
    events.add(event);
  }
}

function checkErrorResponses(config: DistributionConfig): void {
  const responses = config.CustomErrorResponses;
  if (!responses) return;
  const items = responses.Items ?? [];
  if (responses.Quantity !== items.length) throw cloudFrontError('InconsistentQuantities', 400, "The value of Quantity and the size of Items don't match.");
  const codes = new Set<number>();
  for (const response of items) {
    const code = response.ErrorCode ?? 0;
    if (!ERROR_CODES.has(code) || codes.has(code)) throw cloudFrontError('InvalidErrorCode', 400, 'An invalid error code was specified.');
    codes.add(code);
    const path = response.ResponsePagePath ?? '';
    if (path !== '' && !path.startsWith('/'))
      throw cloudFrontError('InvalidRelativePath', 400, 'The relative path is too big, is not URL-encoded, or does not begin with a slash (/).');
    // A response code replaces the origin's only with a page to go with it.
    if ((response.ResponseCode ?? '') !== '' && (!RESPONSE_CODES.has(response.ResponseCode!) || path === ''))
      throw cloudFrontError('InvalidResponseCode', 400, 'A response code is not valid.');
  }
}

const functionArn = (account: AccountState, name: string): string => `arn:aws:cloudfront::${account.id}:function/${name}`;

function functionByArn(account: AccountState, arn: string | undefined): FunctionState | undefined {
  const name = arn?.startsWith(`arn:aws:cloudfront::${account.id}:function/`) ? arn.slice(arn.lastIndexOf('/') + 1) : undefined;
  return name === undefined ? undefined : account.cloudfront.functions.get(name);
}

/** Whether any distribution of the account, enabled or not, uses the origin access control or the function. */
function inUse(account: AccountState, uses: (config: DistributionConfig) => boolean): boolean {
  for (const distribution of account.cloudfront.distributions.values()) if (uses(distribution.config)) return true;
  return false;
}

const usesOriginAccessControl = (id: string) => (config: DistributionConfig) =>
  (config.Origins?.Items ?? []).some((origin) => origin.OriginAccessControlId === id);

const usesFunction = (arn: string) => (config: DistributionConfig) =>
  [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])].some((behavior) =>
    (behavior?.FunctionAssociations?.Items ?? []).some((association) => association.FunctionARN === arn),
  );

const noSuchOriginAccessControl = () => cloudFrontError('NoSuchOriginAccessControl', 404, 'The origin access control does not exist.');
const noSuchFunction = () => cloudFrontError('NoSuchFunctionExists', 404, 'The function does not exist.');

function originAccessControlOf(account: AccountState, id: unknown): OriginAccessControlState {
  const control = typeof id === 'string' ? account.cloudfront.originAccessControls.get(id) : undefined;
  if (!control) throw noSuchOriginAccessControl();
  return control;
}

const originAccessControlView = (control: OriginAccessControlState) => ({ Id: control.id, OriginAccessControlConfig: copy(control.config) });

/** OriginAccessControlConfig's rules (CloudFront API reference): a name, SigV4, a signing behaviour, an origin type. */
function acceptOriginAccessControl(given: OriginAccessControlConfig | undefined): OriginAccessControlConfig {
  const name = given?.Name ?? '';
  const valid =
    name.length >= 1 &&
    name.length <= 64 &&
    given?.SigningProtocol === 'sigv4' &&
    ['never', 'always', 'no-override'].includes(given.SigningBehavior ?? '') &&
    ['s3', 'mediastore', 'mediapackagev2', 'lambda'].includes(given.OriginAccessControlOriginType ?? '');
  if (!valid) throw cloudFrontError('InvalidArgument', 400, 'The origin access control configuration is not valid.');
  return {
    Name: name,
    Description: given.Description ?? '',
    SigningProtocol: 'sigv4',
    SigningBehavior: given.SigningBehavior,
    OriginAccessControlOriginType: given.OriginAccessControlOriginType,
  };
}

function functionOf(account: AccountState, name: unknown): FunctionState {
  const fn = typeof name === 'string' ? account.cloudfront.functions.get(name) : undefined;
  if (!fn) throw noSuchFunction();
  return fn;
}

/** A stage of the function: DEVELOPMENT unless LIVE is asked for, and LIVE exists only once published. */
function stageOf(fn: FunctionState, stage: unknown): { stage: 'DEVELOPMENT' | 'LIVE'; state: FunctionStageState } {
  if (stage === undefined || stage === 'DEVELOPMENT') return { stage: 'DEVELOPMENT', state: fn.development };
  if (stage !== 'LIVE') throw cloudFrontError('InvalidArgument', 400, 'The stage must be DEVELOPMENT or LIVE.');
  if (!fn.live) throw noSuchFunction();
  return { stage: 'LIVE', state: fn.live };
}

function functionSummary(fn: FunctionState, stage: 'DEVELOPMENT' | 'LIVE', state: FunctionStageState) {
  return {
    Name: fn.name,
    // DEVELOPMENT reads as deployed while it holds what was last published.
    Status:
      stage === 'LIVE' || (fn.live && Buffer.compare(fn.live.code, state.code) === 0 && canonical(fn.live.config) === canonical(state.config))
        ? 'DEPLOYED'
        : 'UNPUBLISHED',
    FunctionConfig: copy(state.config),
    FunctionMetadata: { FunctionARN: fn.arn, Stage: stage, CreatedTime: new Date(fn.createdTime), LastModifiedTime: new Date(state.lastModified) },
  };
}

/** The code CloudFront accepts: a runtime it knows, at most 10 KB, and JavaScript that compiles. */
function acceptFunction(
  name: unknown,
  config: FunctionConfig | undefined,
  code: Uint8Array | undefined,
): { name: string; config: FunctionConfig; code: Uint8Array } {
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) throw cloudFrontError('InvalidArgument', 400, 'The function name is not valid.');
  if (!config || !FUNCTION_RUNTIMES.has(config.Runtime ?? '')) throw cloudFrontError('InvalidArgument', 400, 'The function runtime is not valid.');
  if (!code || code.length === 0) throw cloudFrontError('InvalidArgument', 400, 'The function code is missing.');
  if (code.length > MAX_FUNCTION_BYTES)
    throw cloudFrontError(
      'FunctionSizeLimitExceeded',
      413,
      'The function is too large. For more information, see Quotas in the Amazon CloudFront Developer Guide.',
    );
  try {
    new Script(Buffer.from(code).toString('utf8'));
  } catch (error) {
    throw cloudFrontError('InvalidArgument', 400, `The CloudFront function failed to compile: ${(error as Error).message}`);
  }
  return { name, config: { Comment: config.Comment ?? '', Runtime: config.Runtime }, code: Uint8Array.from(code) };
}

function inProgressInvalidations(runtime: SandboxRuntime, distribution: DistributionState): InvalidationState[] {
  return distribution.invalidations.filter((invalidation) => invalidationStatus(runtime, invalidation) === 'InProgress');
}

export function distributionView(runtime: SandboxRuntime, distribution: DistributionState) {
  return {
    Id: distribution.id,
    ARN: distribution.arn,
    Status: distributionStatus(runtime, distribution),
    LastModifiedTime: new Date(distribution.lastModified),
    InProgressInvalidationBatches: inProgressInvalidations(runtime, distribution).length,
    DomainName: distribution.domainName,
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: { Enabled: false, Quantity: 0 },
    DistributionConfig: copy(distribution.config),
    AliasICPRecordals: [],
  };
}

function summaryView(runtime: SandboxRuntime, distribution: DistributionState) {
  const config = copy(distribution.config);
  return {
    Id: distribution.id,
    ARN: distribution.arn,
    ETag: distribution.etag,
    Status: distributionStatus(runtime, distribution),
    LastModifiedTime: new Date(distribution.lastModified),
    DomainName: distribution.domainName,
    Aliases: config.Aliases,
    Origins: config.Origins,
    OriginGroups: config.OriginGroups,
    DefaultCacheBehavior: config.DefaultCacheBehavior,
    CacheBehaviors: config.CacheBehaviors,
    CustomErrorResponses: config.CustomErrorResponses,
    Comment: config.Comment,
    PriceClass: config.PriceClass,
    Enabled: config.Enabled,
    ViewerCertificate: config.ViewerCertificate,
    Restrictions: config.Restrictions,
    WebACLId: config.WebACLId,
    HttpVersion: config.HttpVersion,
    IsIPV6Enabled: config.IsIPV6Enabled,
    AliasICPRecordals: [],
    Staging: false,
  };
}

/** Registers a distribution in the account and the global alias index (used by seeding too). */
export function addDistribution(
  runtime: SandboxRuntime,
  account: AccountState,
  config: DistributionConfig,
  tags: Map<string, string>,
  deployedAt: number,
): DistributionState {
  const id = runtime.ids.distributionId();
  const distribution: DistributionState = {
    id,
    arn: `arn:aws:cloudfront::${account.id}:distribution/${id}`,
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    config,
    etag: runtime.ids.etag(),
    lastModified: new Date(runtime.clock.now()),
    deployedAt,
    tags,
    invalidations: [],
  };
  account.cloudfront.distributions.set(id, distribution);
  account.cloudfront.byArn.set(distribution.arn, distribution);
  account.cloudfront.callerReferences.set(config.CallerReference!, id);
  for (const alias of config.Aliases?.Items ?? []) runtime.state.aliases.set(alias.toLowerCase(), id);
  return distribution;
}

function create(context: HandlerContext, given: DistributionConfig | undefined, tags: readonly Tag[] | undefined) {
  const { runtime, account } = context;
  const existing = given?.CallerReference ? account.cloudfront.callerReferences.get(given.CallerReference) : undefined;
  if (existing !== undefined)
    throw cloudFrontError(
      'DistributionAlreadyExists',
      409,
      `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${existing}`,
    );
  const config = acceptConfig(context, given);
  // CloudFront's distributions-per-account quota (500 by default): TooManyDistributions 400.
  if (account.cloudfront.distributions.size >= runtime.quotas(account.id).distributions)
    throw cloudFrontError('TooManyDistributions', 400, 'Processing your request would cause you to exceed the maximum number of distributions allowed.');
  const distribution = addDistribution(runtime, account, config, validateTags(tags), runtime.clock.now() + runtime.cloudFrontDeployDelayMs);
  // A create always answers InProgress, whatever the deploy delay.
  return {
    Distribution: { ...distributionView(runtime, distribution), Status: 'InProgress' },
    Location: `https://cloudfront.amazonaws.com/${API_VERSION}/distribution/${distribution.id}`,
    ETag: distribution.etag,
  };
}

function resourceOf(context: HandlerContext, arn: unknown): DistributionState {
  const distribution = typeof arn === 'string' ? context.account.cloudfront.byArn.get(arn) : undefined;
  if (distribution) return distribution;
  if (typeof arn !== 'string' || !arn.startsWith('arn:aws:cloudfront::'))
    throw cloudFrontError('InvalidArgument', 400, 'The specified resource ARN is not valid.');
  if (arn.split(':')[4] !== context.account.id) throw cloudFrontError('AccessDenied', 403, 'Access denied.');
  throw cloudFrontError('NoSuchResource', 404, 'The specified CloudFront resource does not exist.');
}

const invalidationView = (runtime: SandboxRuntime, invalidation: InvalidationState) => ({
  Id: invalidation.id,
  Status: invalidationStatus(runtime, invalidation),
  CreateTime: new Date(invalidation.createTime),
  InvalidationBatch: copy(invalidation.batch),
});

/** CloudFront's MaxItems: 100 by default, at most 1000. */
const pageSize = (maxItems: number | string | undefined): number => Math.min(Math.max(Number(maxItems ?? 100), 1), 1000);

/** CloudFront's list envelope: Items only when there are some, NextMarker only when truncated. */
function listPage<T>(marker: string | undefined, max: number, items: T[], nextMarker: string | undefined) {
  return {
    Marker: marker ?? '',
    MaxItems: max,
    IsTruncated: nextMarker !== undefined,
    Quantity: items.length,
    ...(items.length ? { Items: items } : {}),
    ...(nextMarker !== undefined ? { NextMarker: nextMarker } : {}),
  };
}

export const cloudFrontHandlers: HandlersOf<CloudFront> = {
  CreateDistribution: op((context, input) => create(context, input.DistributionConfig, undefined), 201),

  CreateDistributionWithTags: op(
    (context, input) => create(context, input.DistributionConfigWithTags?.DistributionConfig, input.DistributionConfigWithTags?.Tags?.Items),
    201,
  ),

  GetDistribution: op((context, input) => {
    const distribution = distributionOf(context.account, input.Id);
    return { Distribution: distributionView(context.runtime, distribution), ETag: distribution.etag };
  }),

  GetDistributionConfig: op((context, input) => {
    const distribution = distributionOf(context.account, input.Id);
    return { DistributionConfig: copy(distribution.config), ETag: distribution.etag };
  }),

  UpdateDistribution: op((context, input) => {
    const { runtime } = context;
    const distribution = distributionOf(context.account, input.Id);
    checkIfMatch(distribution, input.IfMatch);
    if (input.DistributionConfig?.CallerReference !== distribution.config.CallerReference) {
      throw cloudFrontError('IllegalUpdate', 400, 'The update contains modifications that are not allowed: CallerReference cannot change.');
    }
    const config = acceptConfig(context, input.DistributionConfig, distribution.id);
    for (const alias of distribution.config.Aliases?.Items ?? []) runtime.state.aliases.delete(alias.toLowerCase());
    for (const alias of config.Aliases?.Items ?? []) runtime.state.aliases.set(alias.toLowerCase(), distribution.id);
    distribution.config = config;
    distribution.etag = runtime.ids.etag();
    distribution.lastModified = new Date(runtime.clock.now());
    distribution.deployedAt = runtime.clock.now() + runtime.cloudFrontDeployDelayMs;
    return { Distribution: { ...distributionView(runtime, distribution), Status: 'InProgress' }, ETag: distribution.etag };
  }),

  DeleteDistribution: op((context, input) => {
    const { runtime, account } = context;
    const distribution = distributionOf(account, input.Id);
    checkIfMatch(distribution, input.IfMatch);
    if (distribution.config.Enabled || distributionStatus(runtime, distribution) !== 'Deployed') {
      throw cloudFrontError('DistributionNotDisabled', 409, 'The distribution you are trying to delete has not been disabled.');
    }
    account.cloudfront.distributions.delete(distribution.id);
    account.cloudfront.byArn.delete(distribution.arn);
    account.cloudfront.callerReferences.delete(distribution.config.CallerReference!);
    for (const alias of distribution.config.Aliases?.Items ?? []) runtime.state.aliases.delete(alias.toLowerCase());
    return {};
  }, 204),

  ListDistributions: op((context, input) => {
    const distributions = context.account.cloudfront.distributions;
    const max = pageSize(input.MaxItems);
    let start = 0;
    if (input.Marker) {
      start = distributions.indexOf(input.Marker);
      if (distributions.keyAt(start) === input.Marker) start += 1;
    }
    const items = [];
    let lastId: string | undefined;
    let truncated = false;
    for (const [id, distribution] of distributions.from(start)) {
      if (items.length === max) {
        truncated = true;
        break;
      }
      items.push(summaryView(context.runtime, distribution));
      lastId = id;
    }
    return { DistributionList: listPage(input.Marker, max, items, truncated ? lastId : undefined) };
  }),

  TagResource: op((context, input) => {
    const distribution = resourceOf(context, input.Resource);
    const tags = validateTags(input.Tags?.Items, distribution.tags);
    distribution.tags.clear();
    for (const [key, value] of tags) distribution.tags.set(key, value);
    return {};
  }, 204),

  UntagResource: op((context, input) => {
    const distribution = resourceOf(context, input.Resource);
    for (const key of (input.TagKeys?.Items ?? []) as string[]) distribution.tags.delete(key);
    return {};
  }, 204),

  ListTagsForResource: op((context, input) => {
    const distribution = resourceOf(context, input.Resource);
    return { Tags: { Items: [...distribution.tags].map(([Key, Value]) => ({ Key, Value })) } };
  }),

  CreateInvalidation: op((context, input) => {
    const { runtime } = context;
    const distribution = distributionOf(context.account, input.DistributionId);
    const batch = input.InvalidationBatch;
    const paths: string[] = batch?.Paths?.Items ?? [];
    if (!batch?.CallerReference) throw cloudFrontError('InvalidArgument', 400, 'CallerReference is required.');
    if (batch.Paths?.Quantity !== paths.length)
      throw cloudFrontError('InconsistentQuantities', 400, "The value of Quantity and the size of Items don't match.");
    // A path starts with '/', and '*' is a wildcard only as its last character (Invalidating files, CloudFront developer guide).
    if (paths.length === 0 || paths.some((path) => typeof path !== 'string' || !path.startsWith('/') || path.slice(0, -1).includes('*'))) {
      throw cloudFrontError('InvalidArgument', 400, 'Your request contains one or more invalid invalidation paths.');
    }
    const location = (id: string) => `https://cloudfront.amazonaws.com/${API_VERSION}/distribution/${distribution.id}/invalidation/${id}`;
    const same = distribution.invalidations.find((invalidation) => invalidation.batch.CallerReference === batch.CallerReference);
    if (same) return { Location: location(same.id), Invalidation: invalidationView(runtime, same) };
    const pending = inProgressInvalidations(runtime, distribution).flatMap((invalidation) => invalidation.batch.Paths?.Items ?? []);
    const wildcards = [...pending, ...paths].filter((path) => path.endsWith('*')).length;
    const files = pending.length + paths.length - wildcards;
    if (wildcards > MAX_WILDCARD_PATHS_IN_PROGRESS || files > MAX_FILE_PATHS_IN_PROGRESS) {
      throw cloudFrontError(
        'TooManyInvalidationsInProgress',
        400,
        'Processing your request would cause the maximum number of in-progress wildcard invalidations to be exceeded.',
      );
    }
    const invalidation: InvalidationState = {
      id: runtime.ids.invalidationId(),
      createTime: new Date(runtime.clock.now()),
      completeAt: runtime.clock.now() + runtime.cloudFrontDeployDelayMs,
      batch: copy(batch),
    };
    distribution.invalidations.unshift(invalidation);
    return { Location: location(invalidation.id), Invalidation: { ...invalidationView(runtime, invalidation), Status: 'InProgress' } };
  }, 201),

  GetInvalidation: op((context, input) => {
    const distribution = distributionOf(context.account, input.DistributionId);
    const invalidation = distribution.invalidations.find((candidate) => candidate.id === input.Id);
    if (!invalidation) throw cloudFrontError('NoSuchInvalidation', 404, 'The specified invalidation does not exist.');
    return { Invalidation: invalidationView(context.runtime, invalidation) };
  }),

  CreateOriginAccessControl: op((context, input) => {
    const { runtime, account } = context;
    const config = acceptOriginAccessControl(input.OriginAccessControlConfig);
    const controls = account.cloudfront.originAccessControls;
    if ([...controls.values()].some((control) => control.config.Name === config.Name))
      throw cloudFrontError('OriginAccessControlAlreadyExists', 409, 'An origin access control with the specified parameters already exists.');
    if (controls.size >= runtime.quotas(account.id).originAccessControls)
      throw cloudFrontError('TooManyOriginAccessControls', 400, 'The number of origin access controls in your account exceeds the maximum allowed.');
    const control: OriginAccessControlState = { id: runtime.ids.originAccessControlId(), config, etag: runtime.ids.etag() };
    controls.set(control.id, control);
    return {
      OriginAccessControl: originAccessControlView(control),
      Location: `https://cloudfront.amazonaws.com/${API_VERSION}/origin-access-control/${control.id}`,
      ETag: control.etag,
    };
  }, 201),

  GetOriginAccessControl: op((context, input) => {
    const control = originAccessControlOf(context.account, input.Id);
    return { OriginAccessControl: originAccessControlView(control), ETag: control.etag };
  }),

  ListOriginAccessControls: op((context, input) => {
    const max = pageSize(input.MaxItems);
    const all = [...context.account.cloudfront.originAccessControls.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = input.Marker ? all.findIndex((control) => control.id > input.Marker!) : 0;
    const page = start < 0 ? [] : all.slice(start, start + max);
    const truncated = start >= 0 && start + max < all.length;
    const items = page.map((control) => ({
      Id: control.id,
      Name: control.config.Name,
      Description: control.config.Description,
      SigningProtocol: control.config.SigningProtocol,
      SigningBehavior: control.config.SigningBehavior,
      OriginAccessControlOriginType: control.config.OriginAccessControlOriginType,
    }));
    return { OriginAccessControlList: listPage(input.Marker, max, items, truncated ? page.at(-1)!.id : undefined) };
  }),

  DeleteOriginAccessControl: op((context, input) => {
    const { account } = context;
    const control = originAccessControlOf(account, input.Id);
    checkEtag(control.etag, input.IfMatch);
    if (inUse(account, usesOriginAccessControl(control.id)))
      throw cloudFrontError('OriginAccessControlInUse', 409, "Cannot delete the origin access control because it's in use by one or more distributions.");
    account.cloudfront.originAccessControls.delete(control.id);
    return {};
  }, 204),

  CreateFunction: op((context, input) => {
    const { runtime, account } = context;
    const accepted = acceptFunction(input.Name, input.FunctionConfig, input.FunctionCode);
    const functions = account.cloudfront.functions;
    if (functions.get(accepted.name)) throw cloudFrontError('FunctionAlreadyExists', 409, 'A function with the same name already exists in this account.');
    if (functions.size >= runtime.quotas(account.id).functions)
      throw cloudFrontError('TooManyFunctions', 400, 'You have reached the maximum number of CloudFront functions for this account.');
    const tags = validateTags(input.Tags?.Items);
    const now = new Date(runtime.clock.now());
    const fn: FunctionState = {
      name: accepted.name,
      arn: functionArn(account, accepted.name),
      createdTime: now,
      tags,
      development: { code: accepted.code, config: accepted.config, etag: runtime.ids.etag(), lastModified: now },
      live: undefined,
    };
    functions.set(fn.name, fn);
    return {
      FunctionSummary: functionSummary(fn, 'DEVELOPMENT', fn.development),
      Location: `https://cloudfront.amazonaws.com/${API_VERSION}/function/${fn.arn}`,
      ETag: fn.development.etag,
    };
  }, 201),

  DescribeFunction: op((context, input) => {
    const fn = functionOf(context.account, input.Name);
    const { stage, state } = stageOf(fn, input.Stage);
    return { FunctionSummary: functionSummary(fn, stage, state), ETag: state.etag };
  }),

  GetFunction: op((context, input) => {
    const fn = functionOf(context.account, input.Name);
    const { state } = stageOf(fn, input.Stage);
    return { FunctionCode: Uint8Array.from(state.code), ETag: state.etag, ContentType: 'application/octet-stream' };
  }),

  /** Copies DEVELOPMENT to LIVE, under the DEVELOPMENT stage's ETag; only a LIVE function can be associated. */
  PublishFunction: op((context, input) => {
    const { runtime, account } = context;
    const fn = functionOf(account, input.Name);
    checkEtag(fn.development.etag, input.IfMatch);
    fn.live = { ...fn.development, code: Uint8Array.from(fn.development.code), etag: runtime.ids.etag(), lastModified: new Date(runtime.clock.now()) };
    return { FunctionSummary: functionSummary(fn, 'LIVE', fn.live) };
  }),

  DeleteFunction: op((context, input) => {
    const { account } = context;
    const fn = functionOf(account, input.Name);
    checkEtag(fn.development.etag, input.IfMatch);
    if (inUse(account, usesFunction(fn.arn)))
      throw cloudFrontError('FunctionInUse', 409, "Cannot delete the function because it's attached to one or more cache behaviors.");
    account.cloudfront.functions.delete(fn.name);
    return {};
  }, 204),

  /** The functions of the account by name, one stage each (DEVELOPMENT unless asked); FunctionList has no Marker nor IsTruncated. */
  ListFunctions: op((context, input) => {
    const max = pageSize(input.MaxItems);
    const live = input.Stage === 'LIVE';
    const all = [...context.account.cloudfront.functions.values()].filter((fn) => !live || fn.live).sort((a, b) => (a.name < b.name ? -1 : 1));
    const start = input.Marker ? all.findIndex((fn) => fn.name > input.Marker!) : 0;
    const page = start < 0 ? [] : all.slice(start, start + max);
    const truncated = start >= 0 && start + max < all.length;
    const items = page.map((fn) => (live ? functionSummary(fn, 'LIVE', fn.live!) : functionSummary(fn, 'DEVELOPMENT', fn.development)));
    return {
      FunctionList: {
        MaxItems: max,
        Quantity: items.length,
        ...(items.length ? { Items: items } : {}),
        ...(truncated ? { NextMarker: page.at(-1)!.name } : {}),
      },
    };
  }),

  ListInvalidations: op((context, input) => {
    const distribution = distributionOf(context.account, input.DistributionId);
    const max = pageSize(input.MaxItems);
    const start = input.Marker ? distribution.invalidations.findIndex((invalidation) => invalidation.id === input.Marker) + 1 : 0;
    const page = distribution.invalidations.slice(start, start + max);
    const truncated = start + max < distribution.invalidations.length;
    const items = page.map((invalidation) => ({
      Id: invalidation.id,
      CreateTime: new Date(invalidation.createTime),
      Status: invalidationStatus(context.runtime, invalidation),
    }));
    return { InvalidationList: listPage(input.Marker, max, items, truncated ? page.at(-1)!.id : undefined) };
  }),
};
