import type { AliasRecord, BucketLogging, ChangeInfo, Distribution, Invalidation } from '#aws';
import type { LoggingDto } from '../common/dto/logging.response.dto.js';
export { presentGroup, presentPolicy, presentTags } from '../common/iam.presenter.js';
import type { DistributionDto, DnsChangeDto, DnsRecordDto, InvalidateWebsiteCacheResponseDto } from './dto/website.response.dto.js';

/* Responses are built field by field, so a field the gateways grow never reaches a client by accident. */

export const presentLogging = (l: BucketLogging | null): LoggingDto | null =>
  l ? { TargetBucket: l.TargetBucket, TargetPrefix: l.TargetPrefix, TargetGrants: null } : null;

export const presentDnsChange = (c: ChangeInfo): DnsChangeDto => ({ Id: c.Id, Status: c.Status, SubmittedAt: c.SubmittedAt, Comment: c.Comment });

export const presentDnsRecord = (r: AliasRecord | null): DnsRecordDto | null =>
  r
    ? {
        Name: r.Name,
        Type: r.Type,
        AliasTarget: { DNSName: r.AliasTarget.DNSName, HostedZoneId: r.AliasTarget.HostedZoneId, EvaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth },
        Failover: null,
        GeoLocation: null,
        HealthCheckId: null,
        MultiValueAnswer: null,
        Region: null,
        ResourceRecords: null,
        SetIdentifier: null,
        TTL: null,
        TrafficPolicyInstanceId: null,
        Weight: null,
      }
    : null;

export function presentDistribution(d: Distribution): DistributionDto {
  const c = d.DistributionConfig;
  return {
    Id: d.Id,
    ARN: d.ARN,
    DomainName: d.DomainName,
    Status: d.Status,
    LastModifiedTime: d.LastModifiedTime,
    InProgressInvalidationBatches: d.InProgressInvalidationBatches,
    DistributionConfig: {
      Aliases: { Quantity: c.Aliases.Quantity, Items: [...c.Aliases.Items] },
      CallerReference: c.CallerReference,
      Comment: c.Comment,
      DefaultRootObject: c.DefaultRootObject,
      Enabled: c.Enabled,
      HttpVersion: c.HttpVersion,
      IsIPV6Enabled: c.IsIPV6Enabled,
      PriceClass: c.PriceClass,
      Origins: {
        Quantity: c.Origins.Quantity,
        Items: c.Origins.Items.map((o) => ({
          Id: o.Id,
          DomainName: o.DomainName,
          OriginPath: o.OriginPath,
          CustomOriginConfig: o.CustomOriginConfig
            ? {
                HTTPPort: o.CustomOriginConfig.HTTPPort,
                HTTPSPort: o.CustomOriginConfig.HTTPSPort,
                OriginProtocolPolicy: o.CustomOriginConfig.OriginProtocolPolicy,
                OriginKeepaliveTimeout: o.CustomOriginConfig.OriginKeepaliveTimeout,
                OriginReadTimeout: o.CustomOriginConfig.OriginReadTimeout,
                OriginSslProtocols: { Quantity: o.CustomOriginConfig.OriginSslProtocols.Quantity, Items: [...o.CustomOriginConfig.OriginSslProtocols.Items] },
              }
            : null,
          S3OriginConfig: null,
        })),
      },
      DefaultCacheBehavior: {
        TargetOriginId: c.DefaultCacheBehavior.TargetOriginId,
        ViewerProtocolPolicy: c.DefaultCacheBehavior.ViewerProtocolPolicy,
        Compress: c.DefaultCacheBehavior.Compress,
        TrustedSigners: {
          Enabled: c.DefaultCacheBehavior.TrustedSigners.Enabled,
          Quantity: c.DefaultCacheBehavior.TrustedSigners.Quantity,
          Items: c.DefaultCacheBehavior.TrustedSigners.Items ? [...c.DefaultCacheBehavior.TrustedSigners.Items] : null,
        },
      },
      ViewerCertificate: {
        ACMCertificateArn: c.ViewerCertificate.ACMCertificateArn,
        Certificate: c.ViewerCertificate.Certificate,
        CertificateSource: c.ViewerCertificate.CertificateSource,
        CloudFrontDefaultCertificate: c.ViewerCertificate.CloudFrontDefaultCertificate,
        IAMCertificateId: c.ViewerCertificate.IAMCertificateId,
        SSLSupportMethod: c.ViewerCertificate.SSLSupportMethod,
        MinimumProtocolVersion: c.ViewerCertificate.MinimumProtocolVersion,
      },
      Logging: { Enabled: c.Logging.Enabled, IncludeCookies: c.Logging.IncludeCookies, Bucket: c.Logging.Bucket, Prefix: c.Logging.Prefix },
      Restrictions: {
        GeoRestriction: {
          RestrictionType: c.Restrictions.GeoRestriction.RestrictionType,
          Quantity: c.Restrictions.GeoRestriction.Quantity,
          Items: c.Restrictions.GeoRestriction.Items ? [...c.Restrictions.GeoRestriction.Items] : null,
        },
      },
    },
  };
}

export const presentInvalidation = (i: Invalidation): InvalidateWebsiteCacheResponseDto => ({
  Invalidation: {
    Id: i.Invalidation.Id,
    Status: i.Invalidation.Status,
    CreateTime: i.Invalidation.CreateTime,
    InvalidationBatch: {
      CallerReference: i.Invalidation.InvalidationBatch.CallerReference,
      Paths: { Quantity: i.Invalidation.InvalidationBatch.Paths.Quantity, Items: [...i.Invalidation.InvalidationBatch.Paths.Items] },
    },
  },
  Location: i.Location,
});
