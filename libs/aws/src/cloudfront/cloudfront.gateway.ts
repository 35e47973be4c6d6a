import {
  CreateDistributionWithTagsCommand,
  CreateFunctionCommand,
  CreateInvalidationCommand,
  CreateOriginAccessControlCommand,
  DeleteDistributionCommand,
  DeleteFunctionCommand,
  DescribeFunctionCommand,
  type CustomErrorResponses,
  type DistributionConfig,
  type FunctionAssociations,
  type FunctionSummary,
  type Origins,
  GetDistributionCommand,
  ListDistributionsCommand,
  ListFunctionsCommand,
  ListOriginAccessControlsCommand,
  ListTagsForResourceCommand,
  PublishFunctionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDistributionCommand,
  type CloudFrontClient,
  type Distribution as SdkDistribution,
} from '@aws-sdk/client-cloudfront';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall, awsCodeOf } from '../clients/aws-call.js';
import { isForbidden, isGone, isStale, unlessGone } from '../errors/aws-conditions.js';
import type { Tag } from '../s3/s3.types.js';
import type {
  CloudFrontFunction,
  Distribution,
  DistributionSummary,
  FunctionListing,
  Invalidation,
  OriginAccessControl,
  WebsiteDistributionSpec,
  WebsiteOrigin,
} from './cloudfront.types.js';

/** How CloudFront names the distribution a caller reference already made. */
const ALREADY_EXISTS = /Already exists: ([A-Z0-9]+)/;
/** Writes under an ETag that went stale meanwhile, read again and retried. */
const STALE_RETRIES = 3;

/** The SDK's own message, kept as the cause of our translated error. */
const causeMessage = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : '';
};

/** A distribution's ARN is known from its id (CloudFront is global: no region in it). */
export const distributionArn = (account: AwsAccount, id: string): string => `arn:aws:cloudfront::${account.id}:distribution/${id}`;

/** AWS managed cache policy "CachingOptimized". */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

/** Where a distribution reads from: its origins, its function, its error responses. */
interface Where {
  readonly Origins?: Origins | undefined;
  readonly FunctionAssociations?: FunctionAssociations | undefined;
  readonly CustomErrorResponses?: CustomErrorResponses | undefined;
}

/** Whether a distribution already reads from where `wanted` says (CloudFront fills in defaults a request left out). */
function sameWhere(now: Where, wanted: Where): boolean {
  const key = (where: Where) => {
    const origin = where.Origins?.Items?.[0];
    return JSON.stringify([
      origin?.DomainName,
      origin?.OriginAccessControlId ?? '',
      (where.FunctionAssociations?.Items ?? []).map((a) => a.FunctionARN),
      (where.CustomErrorResponses?.Items ?? []).map((r) => [r.ErrorCode, r.ResponsePagePath ?? '', r.ResponseCode ?? '']),
    ]);
  };
  return key(now) === key(wanted);
}

/** How long CloudFront keeps an error response before asking the origin again (its default). */
const ERROR_CACHING_SECONDS = 10;

/**
 * The parts of a distribution's configuration that say where a website reads from: its one origin
 * (kept under `originId`), the viewer-request function, and the custom error responses.
 */
function originParts(
  originId: string,
  origin: WebsiteOrigin,
): Pick<DistributionConfig, 'Origins' | 'CustomErrorResponses'> & {
  FunctionAssociations: NonNullable<DistributionConfig['DefaultCacheBehavior']>['FunctionAssociations'];
} {
  if (origin.kind === 'website-endpoint') {
    return {
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: originId,
            DomainName: origin.domain,
            CustomOriginConfig: {
              HTTPPort: 80,
              HTTPSPort: 443,
              // S3 website endpoints speak plain HTTP only.
              OriginProtocolPolicy: 'http-only',
              OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
              OriginReadTimeout: 30,
              OriginKeepaliveTimeout: 5,
            },
          },
        ],
      },
      FunctionAssociations: { Quantity: 0, Items: [] },
      CustomErrorResponses: { Quantity: 0, Items: [] },
    };
  }
  return {
    Origins: {
      Quantity: 1,
      Items: [{ Id: originId, DomainName: origin.domain, OriginAccessControlId: origin.originAccessControlId, S3OriginConfig: { OriginAccessIdentity: '' } }],
    },
    FunctionAssociations: { Quantity: 1, Items: [{ EventType: 'viewer-request', FunctionARN: origin.functionArn }] },
    CustomErrorResponses: {
      Quantity: origin.errorResponses.length,
      Items: origin.errorResponses.map((response) => ({
        ErrorCode: response.errorCode,
        ResponsePagePath: response.pagePath,
        ResponseCode: response.responseCode,
        ErrorCachingMinTTL: ERROR_CACHING_SECONDS,
      })),
    },
  };
}

function toFunction(summary: FunctionSummary | undefined, etag: string | undefined): CloudFrontFunction {
  return {
    Name: summary?.Name ?? '',
    ARN: summary?.FunctionMetadata?.FunctionARN ?? '',
    Stage: summary?.FunctionMetadata?.Stage ?? '',
    Status: summary?.Status ?? '',
    ETag: etag ?? '',
  };
}

function toDistribution(d: Partial<SdkDistribution>): Distribution {
  const c = d.DistributionConfig;
  const v = c?.ViewerCertificate;
  return {
    Id: d.Id ?? '',
    ARN: d.ARN ?? '',
    DomainName: d.DomainName ?? '',
    Status: d.Status ?? '',
    LastModifiedTime: (d.LastModifiedTime ?? new Date(0)).toISOString(),
    InProgressInvalidationBatches: d.InProgressInvalidationBatches ?? 0,
    DistributionConfig: {
      Aliases: { Quantity: c?.Aliases?.Quantity ?? 0, Items: c?.Aliases?.Items ?? [] },
      CallerReference: c?.CallerReference ?? '',
      Comment: c?.Comment ?? '',
      DefaultRootObject: c?.DefaultRootObject ?? '',
      Enabled: c?.Enabled ?? false,
      HttpVersion: c?.HttpVersion ?? 'http2',
      IsIPV6Enabled: c?.IsIPV6Enabled ?? false,
      PriceClass: c?.PriceClass ?? 'PriceClass_All',
      Origins: {
        Quantity: c?.Origins?.Quantity ?? 0,
        Items: (c?.Origins?.Items ?? []).map((o) => {
          const custom = o.CustomOriginConfig;
          return {
            Id: o.Id ?? '',
            DomainName: o.DomainName ?? '',
            OriginPath: o.OriginPath ?? '',
            OriginAccessControlId: o.OriginAccessControlId ?? '',
            S3OriginConfig: o.S3OriginConfig ? { OriginAccessIdentity: o.S3OriginConfig.OriginAccessIdentity ?? '' } : null,
            CustomOriginConfig: custom
              ? {
                  HTTPPort: custom.HTTPPort ?? 80,
                  HTTPSPort: custom.HTTPSPort ?? 443,
                  OriginProtocolPolicy: custom.OriginProtocolPolicy ?? '',
                  OriginKeepaliveTimeout: custom.OriginKeepaliveTimeout ?? 5,
                  OriginReadTimeout: custom.OriginReadTimeout ?? 30,
                  OriginSslProtocols: { Quantity: custom.OriginSslProtocols?.Quantity ?? 0, Items: custom.OriginSslProtocols?.Items ?? [] },
                }
              : null,
          };
        }),
      },
      DefaultCacheBehavior: {
        TargetOriginId: c?.DefaultCacheBehavior?.TargetOriginId ?? '',
        ViewerProtocolPolicy: c?.DefaultCacheBehavior?.ViewerProtocolPolicy ?? '',
        Compress: c?.DefaultCacheBehavior?.Compress ?? false,
        TrustedSigners: {
          Enabled: c?.DefaultCacheBehavior?.TrustedSigners?.Enabled ?? false,
          Quantity: c?.DefaultCacheBehavior?.TrustedSigners?.Quantity ?? 0,
          Items: c?.DefaultCacheBehavior?.TrustedSigners?.Items ?? null,
        },
        FunctionAssociations: {
          Quantity: c?.DefaultCacheBehavior?.FunctionAssociations?.Quantity ?? 0,
          Items: (c?.DefaultCacheBehavior?.FunctionAssociations?.Items ?? []).map((a) => ({ EventType: a.EventType ?? '', FunctionARN: a.FunctionARN ?? '' })),
        },
      },
      CustomErrorResponses: {
        Quantity: c?.CustomErrorResponses?.Quantity ?? 0,
        Items: (c?.CustomErrorResponses?.Items ?? []).map((r) => ({
          ErrorCode: r.ErrorCode ?? 0,
          ResponsePagePath: r.ResponsePagePath ?? '',
          ResponseCode: r.ResponseCode ?? '',
          ErrorCachingMinTTL: r.ErrorCachingMinTTL ?? ERROR_CACHING_SECONDS,
        })),
      },
      ViewerCertificate: {
        ACMCertificateArn: v?.ACMCertificateArn ?? null,
        Certificate: v?.Certificate ?? v?.ACMCertificateArn ?? null,
        // AWS fills CertificateSource in; derive it when an emulator does not.
        CertificateSource: v?.CertificateSource ?? (v?.ACMCertificateArn ? 'acm' : v?.CloudFrontDefaultCertificate ? 'cloudfront' : null),
        CloudFrontDefaultCertificate: v?.CloudFrontDefaultCertificate ?? null,
        IAMCertificateId: v?.IAMCertificateId ?? null,
        SSLSupportMethod: v?.SSLSupportMethod ?? null,
        MinimumProtocolVersion: v?.MinimumProtocolVersion ?? null,
      },
      Logging: {
        Enabled: c?.Logging?.Enabled ?? false,
        IncludeCookies: c?.Logging?.IncludeCookies ?? false,
        Bucket: c?.Logging?.Bucket ?? '',
        Prefix: c?.Logging?.Prefix ?? '',
      },
      Restrictions: {
        GeoRestriction: {
          RestrictionType: c?.Restrictions?.GeoRestriction?.RestrictionType ?? 'none',
          Quantity: c?.Restrictions?.GeoRestriction?.Quantity ?? 0,
          Items: c?.Restrictions?.GeoRestriction?.Items ?? null,
        },
      },
    },
  };
}

/** CloudFront, one AWS call per method (disable is read-modify-write under an ETag), in our own types. */
@Injectable()
export class CloudFrontGateway {
  constructor(private readonly clients: AwsClientFactory) {}

  private cf(account: AwsAccount): CloudFrontClient {
    return this.clients.client('cloudfront', account);
  }

  /**
   * A create whose answer was lost is retried by the SDK with the same caller reference, which CloudFront
   * refuses (DistributionAlreadyExists, whatever the configuration: see aws/aws-sdk-go#2213): then the
   * distribution that reference made is returned, read back by the id CloudFront names in its message
   * ("... Already exists: E2QWRUHEXAMPLE", see aws/aws-sdk-js-v3#2618) and checked against the reference.
   */
  async createWebsiteDistribution(account: AwsAccount, spec: WebsiteDistributionSpec): Promise<Distribution> {
    try {
      return await this.createDistributionOnce(account, spec);
    } catch (error) {
      const id = awsCodeOf(error) === 'DistributionAlreadyExists' ? ALREADY_EXISTS.exec(causeMessage(error))?.[1] : undefined;
      const found = id ? await this.getDistribution(account, id) : null;
      if (found?.distribution.DistributionConfig.CallerReference === spec.callerReference) return found.distribution;
      throw error;
    }
  }

  private async createDistributionOnce(account: AwsAccount, spec: WebsiteDistributionSpec): Promise<Distribution> {
    const { FunctionAssociations, ...origins } = originParts(spec.alias, spec.origin);
    const out = await awsCall('cloudfront', 'CreateDistributionWithTags', () =>
      this.cf(account).send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: {
            DistributionConfig: {
              CallerReference: spec.callerReference,
              Comment: spec.comment,
              Enabled: true,
              DefaultRootObject: spec.indexDocument,
              Aliases: { Quantity: 1, Items: [spec.alias] },
              HttpVersion: 'http2',
              IsIPV6Enabled: true,
              PriceClass: 'PriceClass_100',
              ...origins,
              DefaultCacheBehavior: {
                TargetOriginId: spec.alias,
                ViewerProtocolPolicy: 'redirect-to-https',
                FunctionAssociations,
                Compress: true,
                CachePolicyId: CACHING_OPTIMIZED,
                AllowedMethods: { Quantity: 2, Items: ['GET', 'HEAD'], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
              },
              ViewerCertificate: {
                ACMCertificateArn: spec.certificateArn,
                SSLSupportMethod: 'sni-only',
                MinimumProtocolVersion: 'TLSv1.2_2021',
                CloudFrontDefaultCertificate: false,
              },
            },
            Tags: { Items: spec.tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
          },
        }),
      ),
    );
    return toDistribution(out.Distribution ?? {});
  }

  /**
   * The distribution and its ETag; null when it does not exist (see `gone`). A refusal of one that exists
   * is thrown as it came: its tags tell whether it is no longer the service's or the service's policy
   * lacks the right (WebsitesService reads them again for that).
   */
  async getDistribution(account: AwsAccount, id: string): Promise<{ distribution: Distribution; etag: string } | null> {
    try {
      const out = await awsCall('cloudfront', 'GetDistribution', () => this.cf(account).send(new GetDistributionCommand({ Id: id })));
      return { distribution: toDistribution(out.Distribution ?? {}), etag: out.ETag ?? '' };
    } catch (error) {
      if (await this.gone(account, id, error)) return null;
      throw error;
    }
  }

  /**
   * Whether `error`, a call's on the distribution, says that it no longer exists. The service may act
   * only on distributions that carry its tags (deploy/iam), and IAM refuses an action conditioned on
   * the tags of a resource that does not exist (AccessDenied, not NoSuchDistribution: there are no tags
   * to match). Its tags, which the service may list on any distribution, tell the two apart.
   */
  async gone(account: AwsAccount, id: string, error: unknown): Promise<boolean> {
    if (isGone(error, 'distribution')) return true;
    if (!isForbidden(error, 'cloudfront')) return false;
    return (await unlessGone(this.listTags(account, distributionArn(account, id)), 'distribution', null)) === null;
  }

  /**
   * Turns the distribution off (CloudFront deletes only disabled, deployed distributions).
   * `releaseAliases` also removes its alternate domain names: an alias belongs to one distribution
   * only, disabled or not, so a website can be re-created under the same name at once.
   */
  async disableDistribution(account: AwsAccount, id: string, options: { releaseAliases?: boolean } = {}): Promise<Distribution> {
    // A write under a stale ETag (a concurrent update, or a retry after a lost answer) reads again:
    // what the other writer did may already be this.
    for (let attempt = 1; ; attempt++) {
      const current = await awsCall('cloudfront', 'GetDistribution', () => this.cf(account).send(new GetDistributionCommand({ Id: id })));
      const config = current.Distribution?.DistributionConfig;
      if (!config) throw new Error(`distribution ${id} has no configuration`);
      if (!config.Enabled && (!options.releaseAliases || !config.Aliases?.Quantity)) return toDistribution(current.Distribution ?? {});
      // A distribution with no alternate domain name serves under CloudFront's own certificate only.
      const released = {
        Aliases: { Quantity: 0, Items: [] },
        ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' as const },
      };
      const disabled = { ...config, Enabled: false, ...(options.releaseAliases ? released : {}) };
      try {
        const out = await awsCall('cloudfront', 'UpdateDistribution', () =>
          this.cf(account).send(new UpdateDistributionCommand({ Id: id, IfMatch: current.ETag, DistributionConfig: disabled })),
        );
        return toDistribution(out.Distribution ?? {});
      } catch (error) {
        if (!isStale(error) || attempt === STALE_RETRIES) throw error;
      }
    }
  }

  async deleteDistribution(account: AwsAccount, id: string, etag: string): Promise<void> {
    await awsCall('cloudfront', 'DeleteDistribution', () => this.cf(account).send(new DeleteDistributionCommand({ Id: id, IfMatch: etag })));
  }

  /** One page of the account's distributions (the reconciler pages through with a bounded budget). */
  async listDistributions(account: AwsAccount, marker?: string, maxItems = 100): Promise<{ items: DistributionSummary[]; nextMarker?: string }> {
    const out = await awsCall('cloudfront', 'ListDistributions', () =>
      this.cf(account).send(new ListDistributionsCommand({ MaxItems: maxItems, ...(marker ? { Marker: marker } : {}) })),
    );
    const list = out.DistributionList;
    return {
      items: (list?.Items ?? []).map((d) => ({
        Id: d.Id ?? '',
        ARN: d.ARN ?? '',
        Status: d.Status ?? '',
        Enabled: d.Enabled ?? false,
        Aliases: d.Aliases?.Items ?? [],
        DomainName: d.DomainName ?? '',
        Comment: d.Comment ?? '',
        LastModifiedTime: (d.LastModifiedTime ?? new Date(0)).toISOString(),
        Functions: (d.DefaultCacheBehavior?.FunctionAssociations?.Items ?? []).map((a) => a.FunctionARN ?? ''),
      })),
      ...(list?.IsTruncated && list.NextMarker ? { nextMarker: list.NextMarker } : {}),
    };
  }

  /** One page of the account's functions, each as its development stage shows it (the reconciler pages through). */
  async listFunctions(account: AwsAccount, marker?: string, maxItems = 100): Promise<{ items: FunctionListing[]; nextMarker?: string }> {
    const out = await awsCall('cloudfront', 'ListFunctions', () =>
      this.cf(account).send(new ListFunctionsCommand({ MaxItems: maxItems, Stage: 'DEVELOPMENT', ...(marker ? { Marker: marker } : {}) })),
    );
    const list = out.FunctionList;
    return {
      items: (list?.Items ?? []).map((f) => ({
        Name: f.Name ?? '',
        ARN: f.FunctionMetadata?.FunctionARN ?? '',
        LastModifiedTime: (f.FunctionMetadata?.LastModifiedTime ?? new Date(0)).toISOString(),
      })),
      ...(list?.NextMarker ? { nextMarker: list.NextMarker } : {}),
    };
  }

  async listTags(account: AwsAccount, arn: string): Promise<Tag[]> {
    const out = await awsCall('cloudfront', 'ListTagsForResource', () => this.cf(account).send(new ListTagsForResourceCommand({ Resource: arn })));
    return (out.Tags?.Items ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  }

  async tagResource(account: AwsAccount, arn: string, tags: readonly Tag[]): Promise<void> {
    await awsCall('cloudfront', 'TagResource', () =>
      this.cf(account).send(new TagResourceCommand({ Resource: arn, Tags: { Items: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } })),
    );
  }

  async untagResource(account: AwsAccount, arn: string, keys: readonly string[]): Promise<void> {
    await awsCall('cloudfront', 'UntagResource', () => this.cf(account).send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: [...keys] } })));
  }

  async createInvalidation(account: AwsAccount, id: string, paths: readonly string[], callerReference: string): Promise<Invalidation> {
    const out = await awsCall('cloudfront', 'CreateInvalidation', () =>
      this.cf(account).send(
        new CreateInvalidationCommand({
          DistributionId: id,
          InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: [...paths] } },
        }),
      ),
    );
    const inv = out.Invalidation;
    return {
      Invalidation: {
        Id: inv?.Id ?? '',
        Status: inv?.Status ?? '',
        CreateTime: (inv?.CreateTime ?? new Date(0)).toISOString(),
        InvalidationBatch: {
          CallerReference: inv?.InvalidationBatch?.CallerReference ?? callerReference,
          Paths: { Quantity: inv?.InvalidationBatch?.Paths?.Quantity ?? paths.length, Items: inv?.InvalidationBatch?.Paths?.Items ?? [...paths] },
        },
      },
      Location: out.Location ?? '',
    };
  }
  /**
   * Points the website's distribution at another origin (under its ETag): the one origin is replaced
   * in place, keeping its id, and the function and error responses follow it. A write refused for a
   * stale ETag (a concurrent update, or this one's retry after its answer was lost) reads again: the
   * distribution may already be where it should be.
   */
  async setWebsiteOrigin(account: AwsAccount, id: string, origin: WebsiteOrigin): Promise<Distribution> {
    for (let attempt = 1; ; attempt++) {
      const current = await awsCall('cloudfront', 'GetDistribution', () => this.cf(account).send(new GetDistributionCommand({ Id: id })));
      const config = current.Distribution?.DistributionConfig;
      const behavior = config?.DefaultCacheBehavior;
      if (!config || !behavior?.TargetOriginId) throw new Error(`distribution ${id} has no configuration`);
      const { FunctionAssociations, ...origins } = originParts(behavior.TargetOriginId, origin);
      const wanted = { Origins: origins.Origins, FunctionAssociations, CustomErrorResponses: origins.CustomErrorResponses };
      const now = { Origins: config.Origins, FunctionAssociations: behavior.FunctionAssociations, CustomErrorResponses: config.CustomErrorResponses };
      if (sameWhere(now, wanted)) return toDistribution(current.Distribution ?? {});
      const updated: DistributionConfig = { ...config, ...origins, DefaultCacheBehavior: { ...behavior, FunctionAssociations } };
      try {
        const out = await awsCall('cloudfront', 'UpdateDistribution', () =>
          this.cf(account).send(new UpdateDistributionCommand({ Id: id, IfMatch: current.ETag, DistributionConfig: updated })),
        );
        return toDistribution(out.Distribution ?? {});
      } catch (error) {
        if (!isStale(error) || attempt === STALE_RETRIES) throw error;
      }
    }
  }

  /** Every origin access control of the account: CloudFront allows 100 at most, so this is one page. */
  async listOriginAccessControls(account: AwsAccount): Promise<OriginAccessControl[]> {
    const found: OriginAccessControl[] = [];
    let marker: string | undefined;
    do {
      const out = await awsCall('cloudfront', 'ListOriginAccessControls', () =>
        this.cf(account).send(new ListOriginAccessControlsCommand({ MaxItems: 100, ...(marker ? { Marker: marker } : {}) })),
      );
      const list = out.OriginAccessControlList;
      for (const item of list?.Items ?? []) found.push({ Id: item.Id ?? '', Name: item.Name ?? '' });
      marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
    return found;
  }

  /** An origin access control that signs every request to an S3 origin with SigV4. */
  async createOriginAccessControl(account: AwsAccount, name: string, description: string): Promise<OriginAccessControl> {
    const out = await awsCall('cloudfront', 'CreateOriginAccessControl', () =>
      this.cf(account).send(
        new CreateOriginAccessControlCommand({
          OriginAccessControlConfig: {
            Name: name,
            Description: description,
            SigningProtocol: 'sigv4',
            SigningBehavior: 'always',
            OriginAccessControlOriginType: 's3',
          },
        }),
      ),
    );
    return { Id: out.OriginAccessControl?.Id ?? '', Name: out.OriginAccessControl?.OriginAccessControlConfig?.Name ?? name };
  }

  /** A JavaScript CloudFront Function, in its DEVELOPMENT stage: it must be published before a distribution can use it. */
  async createFunction(account: AwsAccount, spec: { name: string; comment: string; code: string; tags: readonly Tag[] }): Promise<CloudFrontFunction> {
    const out = await awsCall('cloudfront', 'CreateFunction', () =>
      this.cf(account).send(
        new CreateFunctionCommand({
          Name: spec.name,
          FunctionConfig: { Comment: spec.comment, Runtime: 'cloudfront-js-2.0' },
          FunctionCode: new TextEncoder().encode(spec.code),
          Tags: { Items: spec.tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
        }),
      ),
    );
    return toFunction(out.FunctionSummary, out.ETag);
  }

  /** Copies DEVELOPMENT to LIVE; `etag` is the DEVELOPMENT stage's. */
  async publishFunction(account: AwsAccount, name: string, etag: string): Promise<CloudFrontFunction> {
    const out = await awsCall('cloudfront', 'PublishFunction', () => this.cf(account).send(new PublishFunctionCommand({ Name: name, IfMatch: etag })));
    return toFunction(out.FunctionSummary, etag);
  }

  /** The function at its DEVELOPMENT stage (whose ETag a delete names); null when it does not exist. */
  async describeFunction(account: AwsAccount, name: string): Promise<CloudFrontFunction | null> {
    try {
      const out = await awsCall('cloudfront', 'DescribeFunction', () => this.cf(account).send(new DescribeFunctionCommand({ Name: name })));
      return toFunction(out.FunctionSummary, out.ETag);
    } catch (error) {
      if (isGone(error, 'function')) return null;
      throw error;
    }
  }

  async deleteFunction(account: AwsAccount, name: string, etag: string): Promise<void> {
    await awsCall('cloudfront', 'DeleteFunction', () => this.cf(account).send(new DeleteFunctionCommand({ Name: name, IfMatch: etag })));
  }
}
