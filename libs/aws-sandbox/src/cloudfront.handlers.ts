import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { DistributionConfig, Tag } from '@aws-sdk/client-cloudfront';
import { cloudFrontError } from './errors.js';
import { copy, type HandlerContext, type HandlersOf, op, type SandboxRuntime } from './handler.js';
import type { AccountState, DistributionState, InvalidationState } from './state.js';

const API_VERSION = '2020-05-31';
const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;
const MAX_FILE_PATHS_IN_PROGRESS = 3000;

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

function checkIfMatch(distribution: DistributionState, ifMatch: unknown): void {
  if (typeof ifMatch !== 'string' || ifMatch === '')
    throw cloudFrontError('InvalidIfMatchVersion', 400, 'The If-Match version is missing or not valid for the resource.');
  if (ifMatch !== distribution.etag)
    throw cloudFrontError('PreconditionFailed', 412, 'The precondition given in one or more of the request-header fields evaluated to false.');
}

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
