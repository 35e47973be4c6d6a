import { ApiProperty } from '@nestjs/swagger';
import { IamGroupDto, IamPolicyDto, TagResponseDto } from '../../common/dto/iam.response.dto.js';
import { LoggingDto } from '../../common/dto/logging.response.dto.js';

export class DistributionAliasesDto {
  Quantity!: number;
  /** @example ["mysite.sites.example.com"] */
  Items!: string[];
}

export class OriginSslProtocolsDto {
  /** @example 1 */
  Quantity!: number;
  /** @example ["TLSv1.2"] */
  Items!: string[];
}

export class CustomOriginConfigDto {
  /** @example 80 */
  HTTPPort!: number;
  /** @example 443 */
  HTTPSPort!: number;
  /** @example "http-only" */
  OriginProtocolPolicy!: string;
  /** @example 5 */
  OriginKeepaliveTimeout!: number;
  /** @example 30 */
  OriginReadTimeout!: number;
  OriginSslProtocols!: OriginSslProtocolsDto;
}

export class S3OriginConfigDto {
  /** Always empty: an origin access control, not an identity, signs the requests. @example "" */
  OriginAccessIdentity!: string;
}

/**
 * The bucket as the distribution's origin: its REST endpoint signed by an origin access control (an
 * S3 origin), or, for websites made before those, its website endpoint (a custom origin).
 */
export class DistributionOriginDto {
  /** @example "mysite.sites.example.com" */
  Id!: string;
  /** @example "mysite.sites.example.com.s3.us-east-1.amazonaws.com" */
  DomainName!: string;
  /** @example "" */
  OriginPath!: string;
  /** The origin access control that signs CloudFront's requests to the bucket; empty on a website endpoint. @example "E1ABCDEFGHIJKL" */
  OriginAccessControlId!: string;
  /** Null on a website endpoint. */
  S3OriginConfig!: S3OriginConfigDto | null;
  /** Null on a bucket's REST endpoint. */
  CustomOriginConfig!: CustomOriginConfigDto | null;
}

export class DistributionOriginsDto {
  Quantity!: number;
  Items!: DistributionOriginDto[];
}

export class TrustedSignersDto {
  Enabled!: boolean;
  Quantity!: number;
  Items!: string[] | null;
}

export class FunctionAssociationDto {
  /** @example "viewer-request" */
  EventType!: string;
  /** @example "arn:aws:cloudfront::111111111111:function/s3-api-0a1b2c3d-4e5f60718293a4b5" */
  FunctionARN!: string;
}

export class FunctionAssociationsDto {
  Quantity!: number;
  Items!: FunctionAssociationDto[];
}

export class DistributionCacheBehaviorDto {
  /** @example "mysite.sites.example.com" */
  TargetOriginId!: string;
  /** @example "redirect-to-https" */
  ViewerProtocolPolicy!: string;
  Compress!: boolean;
  TrustedSigners!: TrustedSignersDto;
  /** The viewer-request function that serves index documents and routing rules in front of a private bucket. */
  FunctionAssociations!: FunctionAssociationsDto;
}

export class CustomErrorResponseDto {
  /** @example 403 */
  ErrorCode!: number;
  /** @example "/error.html" */
  ResponsePagePath!: string;
  /** @example "404" */
  ResponseCode!: string;
  /** @example 10 */
  ErrorCachingMinTTL!: number;
}

export class CustomErrorResponsesDto {
  Quantity!: number;
  Items!: CustomErrorResponseDto[];
}

export class DistributionViewerCertificateDto {
  /** @example "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555" */
  ACMCertificateArn!: string | null;
  /** @example "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555" */
  Certificate!: string | null;
  /** @example "acm" */
  CertificateSource!: string | null;
  CloudFrontDefaultCertificate!: boolean | null;
  IAMCertificateId!: string | null;
  /** @example "sni-only" */
  SSLSupportMethod!: string | null;
  /** @example "TLSv1.2_2021" */
  MinimumProtocolVersion!: string | null;
}

export class DistributionLoggingDto {
  Enabled!: boolean;
  IncludeCookies!: boolean;
  /** @example "" */
  Bucket!: string;
  /** @example "" */
  Prefix!: string;
}

export class GeoRestrictionDto {
  /** @example "none" */
  RestrictionType!: string;
  Quantity!: number;
  Items!: string[] | null;
}

export class DistributionRestrictionsDto {
  GeoRestriction!: GeoRestrictionDto;
}

export class DistributionConfigDto {
  Aliases!: DistributionAliasesDto;
  /** @example "12345678-9012-3456-6789-094d26464c6c" */
  CallerReference!: string;
  /** @example "mysite.sites.example.com" */
  Comment!: string;
  /** @example "index.html" */
  DefaultRootObject!: string;
  Enabled!: boolean;
  /** @example "http2" */
  HttpVersion!: string;
  IsIPV6Enabled!: boolean;
  /** @example "PriceClass_100" */
  PriceClass!: string;
  Origins!: DistributionOriginsDto;
  DefaultCacheBehavior!: DistributionCacheBehaviorDto;
  /** The error document (and error-code routing rules) of a website behind an origin access control. */
  CustomErrorResponses!: CustomErrorResponsesDto;
  ViewerCertificate!: DistributionViewerCertificateDto;
  Logging!: DistributionLoggingDto;
  Restrictions!: DistributionRestrictionsDto;
}

export class DistributionDto {
  /** @example "E2QWRUHEXAMPLE" */
  Id!: string;
  /** @example "arn:aws:cloudfront::111111111111:distribution/E2QWRUHEXAMPLE" */
  ARN!: string;
  /** @example "d111111abcdef8.cloudfront.net" */
  DomainName!: string;
  /**
   * `InProgress` while CloudFront deploys a change, then `Deployed`.
   * @example "InProgress"
   */
  Status!: string;
  /** @example "2019-05-09T10:50:35.790Z" */
  LastModifiedTime!: string;
  InProgressInvalidationBatches!: number;
  DistributionConfig!: DistributionConfigDto;
}

export class DnsChangeDto {
  /** @example "/change/C176E51B123456" */
  Id!: string;
  /** @example "PENDING" */
  Status!: string;
  /** @example "2019-05-09T10:50:37.194Z" */
  SubmittedAt!: string;
  /** @example "Created by s3-api" */
  Comment!: string | null;
}

/** Route 53's geolocation routing of a record (an alias record has none). */
export class GeoLocationDto {
  ContinentCode!: string | null;
  CountryCode!: string | null;
  SubdivisionCode!: string | null;
}

/** One value of a non-alias record. */
export class ResourceRecordDto {
  /** @example "192.0.2.44" */
  Value!: string;
}

export class AliasTargetDto {
  /** @example "d111111abcdef8.cloudfront.net." */
  DNSName!: string;
  /** @example "Z2FDTNDATAQYW2" */
  HostedZoneId!: string;
  EvaluateTargetHealth!: boolean;
}

export class DnsRecordDto {
  /** @example "mysite.sites.example.com." */
  Name!: string;
  /** @example "A" */
  Type!: string;
  AliasTarget!: AliasTargetDto;
  /* The other keys of the seed's record, null for an alias record. */
  Failover!: string | null;
  /** @example null */
  GeoLocation!: GeoLocationDto | null;
  HealthCheckId!: string | null;
  MultiValueAnswer!: boolean | null;
  Region!: string | null;
  /** @example null */
  ResourceRecords!: ResourceRecordDto[] | null;
  SetIdentifier!: string | null;
  TTL!: number | null;
  TrafficPolicyInstanceId!: string | null;
  Weight!: number | null;
}

export class CreateWebsiteResponseDto {
  /** @example "/mysite.sites.example.com" */
  Bucket!: string;
  /**
   * The admin policy (`<site>-BktAdmPlc`), as in the seed; also first in `Policies`. In an account of
   * the `tags` access model, the account's shared website admin policy (`s3-api-SiteAdmPlc-<hash>`).
   */
  Policy!: IamPolicyDto;
  /** The admin group (`<site>-BktAdmGrp`), as in the seed; also first in `Groups`. Null in an account of the `tags` access model, which makes no group. */
  Group!: IamGroupDto | null;
  /**
   * The admin policy and the web-admin policy (`<site>-WebAdmPlc`: cache invalidation on this
   * distribution); in the `tags` access model the account's shared ones (`s3-api-SiteAdmPlc-<hash>`,
   * `s3-api-WebAdmPlc-<hash>`).
   */
  Policies!: IamPolicyDto[];
  /** The admin group and the web-admin group (`<site>-WebAdmGrp`); empty in the `tags` access model. */
  Groups!: IamGroupDto[];
  Distribution!: DistributionDto;
  /** The Route 53 change that created the A and AAAA alias records. */
  DnsChange!: DnsChangeDto;
}

export class WebsiteResponseDto {
  /** Client tags of the website bucket (system tags are not shown). */
  Tags!: TagResponseDto[];
  Logging!: LoggingDto | null;
  /**
   * True when the bucket holds no object version, delete marker or incomplete multipart upload besides
   * the placeholders this service wrote: what DELETE refuses a website for.
   */
  Empty!: boolean;
  /** The A alias record of the website's name; null when missing. */
  DNSRecord!: DnsRecordDto | null;
  /** The website's CloudFront distribution; null when missing. */
  Distribution!: DistributionDto | null;
  /**
   * Where the distribution reads the site from: `OriginAccessControl` (a private bucket's REST endpoint)
   * or `WebsiteEndpoint` (a public bucket, as websites were made before; `POST .../migrate` moves one);
   * null when the distribution is missing.
   */
  @ApiProperty({ enum: ['OriginAccessControl', 'WebsiteEndpoint'], nullable: true, example: 'OriginAccessControl' })
  Origin!: 'OriginAccessControl' | 'WebsiteEndpoint' | null;
}

export class MigrateWebsiteResponseDto {
  /** @example "mysite.sites.example.com" */
  Website!: string;
  /** False when the website read through an origin access control already: nothing was changed. */
  Migrated!: boolean;
  @ApiProperty({ enum: ['OriginAccessControl'], example: 'OriginAccessControl' })
  Origin!: 'OriginAccessControl';
  /** The distribution, repointed (`InProgress` until CloudFront has deployed the change). */
  Distribution!: DistributionDto;
}

export class DeleteWebsiteResponseDto {
  /** @example "mysite.sites.example.com" */
  Website!: string;
  /** @example ["mysite-admin"] */
  Users!: string[];
  /** @example ["mysite.sites.example.com-BktAdmPlc", "mysite.sites.example.com-WebAdmPlc"] */
  Policies!: string[];
  /** @example ["mysite.sites.example.com-BktAdmGrp", "mysite.sites.example.com-WebAdmGrp"] */
  Groups!: string[];
  /** The A alias record that was removed; null when there was none. */
  DNSRecord!: DnsRecordDto | null;
  /** The distribution, now disabled; the reconciler deletes it once deployed. Null when there was none. */
  Distribution!: DistributionDto | null;
}

export class InvalidationPathsDto {
  Quantity!: number;
  /** @example ["/*"] */
  Items!: string[];
}

export class InvalidationBatchDto {
  /** @example "2b0fd0c2-e683-44a0-8d4d-3922e965d4a4" */
  CallerReference!: string;
  Paths!: InvalidationPathsDto;
}

export class InvalidationDto {
  /** @example "I2J0I21PCUYOIK" */
  Id!: string;
  /** @example "InProgress" */
  Status!: string;
  /** @example "2019-05-20T19:51:54.715Z" */
  CreateTime!: string;
  InvalidationBatch!: InvalidationBatchDto;
}

export class InvalidateWebsiteCacheResponseDto {
  Invalidation!: InvalidationDto;
  /** @example "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHEXAMPLE/invalidation/I2J0I21PCUYOIK" */
  Location!: string;
}
