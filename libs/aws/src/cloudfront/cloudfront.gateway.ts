import {
  CreateDistributionWithTagsCommand,
  CreateInvalidationCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
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
import { isStale } from '../errors/aws-conditions.js';
import type { Tag } from '../s3/s3.types.js';
import type { Distribution, DistributionSummary, Invalidation, WebsiteDistributionSpec } from './cloudfront.types.js';

/** How CloudFront names the distribution a caller reference already made. */
const ALREADY_EXISTS = /Already exists: ([A-Z0-9]+)/;
/** Writes under an ETag that went stale meanwhile, read again and retried. */
const STALE_RETRIES = 3;

/** The SDK's own message, kept as the cause of our translated error. */
const causeMessage = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : '';
};

/** AWS managed cache policy "CachingOptimized". */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

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
              Origins: {
                Quantity: 1,
                Items: [
                  {
                    Id: spec.alias,
                    DomainName: spec.originDomain,
                    CustomOriginConfig: {
                      HTTPPort: 80,
                      HTTPSPort: 443,
                      OriginProtocolPolicy: 'http-only',
                      OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
                      OriginReadTimeout: 30,
                      OriginKeepaliveTimeout: 5,
                    },
                  },
                ],
              },
              DefaultCacheBehavior: {
                TargetOriginId: spec.alias,
                ViewerProtocolPolicy: 'redirect-to-https',
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

  /** The distribution and its ETag; null when it does not exist. */
  async getDistribution(account: AwsAccount, id: string): Promise<{ distribution: Distribution; etag: string } | null> {
    try {
      const out = await awsCall('cloudfront', 'GetDistribution', () => this.cf(account).send(new GetDistributionCommand({ Id: id })));
      return { distribution: toDistribution(out.Distribution ?? {}), etag: out.ETag ?? '' };
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchDistribution') return null;
      throw error;
    }
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
      })),
      ...(list?.IsTruncated && list.NextMarker ? { nextMarker: list.NextMarker } : {}),
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
}
