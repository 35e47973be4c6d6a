import type { AliasRecord, BucketLogging, ChangeInfo, Distribution, Invalidation, Tag } from '#aws';
import type { LoggingDto } from '../common/dto/logging.response.dto.js';
import { presentGroup, presentPolicy, presentTags } from '../common/iam.presenter.js';
import { splitTags } from '../common/system-tags.js';
import type { WebsiteTagsResponseDto } from './dto/website-tags.response.dto.js';
import type {
  CreateWebsiteResponseDto,
  DeleteWebsiteResponseDto,
  DistributionDto,
  DnsChangeDto,
  DnsRecordDto,
  InvalidateWebsiteCacheResponseDto,
  MigrateWebsiteResponseDto,
  WebsiteResponseDto,
} from './dto/website.response.dto.js';
import type { CreatedWebsite, MigratedWebsite, RemovedWebsite, WebsiteDetails } from './websites.service.js';

/* Responses are built field by field, so a field the gateways grow never reaches a client by accident. */

const presentLogging = (l: BucketLogging | null): LoggingDto | null =>
  l ? { TargetBucket: l.TargetBucket, TargetPrefix: l.TargetPrefix, TargetGrants: null } : null;

const presentDnsChange = (c: ChangeInfo): DnsChangeDto => ({ Id: c.Id, Status: c.Status, SubmittedAt: c.SubmittedAt, Comment: c.Comment });

const presentDnsRecord = (r: AliasRecord | null): DnsRecordDto | null =>
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

function presentDistribution(d: Distribution): DistributionDto {
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
          OriginAccessControlId: o.OriginAccessControlId,
          S3OriginConfig: o.S3OriginConfig ? { OriginAccessIdentity: o.S3OriginConfig.OriginAccessIdentity } : null,
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
        FunctionAssociations: {
          Quantity: c.DefaultCacheBehavior.FunctionAssociations.Quantity,
          Items: c.DefaultCacheBehavior.FunctionAssociations.Items.map((a) => ({ EventType: a.EventType, FunctionARN: a.FunctionARN })),
        },
      },
      CustomErrorResponses: {
        Quantity: c.CustomErrorResponses.Quantity,
        Items: c.CustomErrorResponses.Items.map((r) => ({
          ErrorCode: r.ErrorCode,
          ResponsePagePath: r.ResponsePagePath,
          ResponseCode: r.ResponseCode,
          ErrorCachingMinTTL: r.ErrorCachingMinTTL,
        })),
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

/** A website reads from its private bucket through an origin access control, or from the public website endpoint. */
const originKind = (d: Distribution): 'OriginAccessControl' | 'WebsiteEndpoint' =>
  d.DistributionConfig.Origins.Items.some((o) => o.OriginAccessControlId !== '') ? 'OriginAccessControl' : 'WebsiteEndpoint';

const presentInvalidation = (i: Invalidation): InvalidateWebsiteCacheResponseDto => ({
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

/** Service results -> the website routes' response shapes. */
export const WebsitesPresenter = {
  created: (r: CreatedWebsite): CreateWebsiteResponseDto => ({
    Bucket: `/${r.name}`,
    Policy: presentPolicy(r.admin.policy),
    Group: r.admin.group && presentGroup(r.admin.group),
    Policies: [presentPolicy(r.admin.policy), presentPolicy(r.webAdmin.policy)],
    Groups: [r.admin.group, r.webAdmin.group].filter((g) => g !== null).map(presentGroup),
    Distribution: presentDistribution(r.distribution),
    DnsChange: presentDnsChange(r.dnsChange),
  }),
  details: (r: WebsiteDetails): WebsiteResponseDto => ({
    Tags: presentTags(splitTags(r.tags).client),
    Logging: presentLogging(r.logging),
    Empty: r.empty,
    DNSRecord: presentDnsRecord(r.record),
    Distribution: r.distribution ? presentDistribution(r.distribution) : null,
    Origin: r.distribution ? originKind(r.distribution) : null,
  }),
  tags: (clientTags: readonly Tag[]): WebsiteTagsResponseDto => ({ Tags: presentTags(clientTags) }),
  invalidation: presentInvalidation,
  migrated: (r: MigratedWebsite): MigrateWebsiteResponseDto => ({
    Website: r.name,
    Migrated: r.migrated,
    Origin: 'OriginAccessControl',
    Distribution: presentDistribution(r.distribution),
  }),
  deleted: (r: RemovedWebsite): DeleteWebsiteResponseDto => ({
    Website: r.name,
    Users: [...r.users],
    Policies: [...r.policies],
    Groups: [...r.groups],
    DNSRecord: presentDnsRecord(r.record),
    Distribution: r.distribution ? presentDistribution(r.distribution) : null,
  }),
} as const;
