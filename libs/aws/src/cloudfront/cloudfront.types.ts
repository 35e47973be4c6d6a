import type { Tag } from '../s3/s3.types.js';

/**
 * Where a website's distribution reads from: the bucket's S3 website endpoint (plain HTTP, a public
 * bucket), or its REST endpoint signed by an origin access control (a private bucket), with the
 * viewer-request function and error responses that stand in for the website endpoint's behaviour.
 */
export type WebsiteOrigin =
  | { readonly kind: 'website-endpoint'; readonly domain: string }
  | {
      readonly kind: 'origin-access-control';
      readonly domain: string;
      readonly originAccessControlId: string;
      readonly functionArn: string;
      readonly errorResponses: readonly ErrorResponse[];
    };

/** What a website distribution is made from; the gateway turns it into CloudFront's config. */
export interface WebsiteDistributionSpec {
  readonly callerReference: string;
  readonly alias: string;
  readonly origin: WebsiteOrigin;
  readonly certificateArn: string;
  /** What the site's root (`/`) serves: the website's index document. */
  readonly indexDocument: string;
  readonly comment: string;
  readonly tags: readonly Tag[];
}

/** An origin access control, as the service finds it by name. */
export interface OriginAccessControl {
  readonly Id: string;
  readonly Name: string;
}

/** A CloudFront Function at one stage, with the ETag that stage is written under. */
export interface CloudFrontFunction {
  readonly Name: string;
  readonly ARN: string;
  readonly Stage: string;
  readonly Status: string;
  readonly ETag: string;
}

/** A custom error response: what the distribution serves, with which status, when the origin answers `errorCode`. */
export interface ErrorResponse {
  readonly errorCode: number;
  /** A path of the site, starting with `/`. */
  readonly pagePath: string;
  readonly responseCode: string;
}

export interface Distribution {
  readonly Id: string;
  readonly ARN: string;
  readonly DomainName: string;
  readonly Status: string;
  readonly LastModifiedTime: string;
  readonly InProgressInvalidationBatches: number;
  readonly DistributionConfig: {
    readonly Aliases: { readonly Quantity: number; readonly Items: string[] };
    readonly CallerReference: string;
    readonly Comment: string;
    readonly DefaultRootObject: string;
    readonly Enabled: boolean;
    readonly HttpVersion: string;
    readonly IsIPV6Enabled: boolean;
    readonly PriceClass: string;
    readonly Origins: {
      readonly Quantity: number;
      readonly Items: {
        readonly Id: string;
        readonly DomainName: string;
        readonly OriginPath: string;
        /** Empty unless an origin access control signs the requests to this origin. */
        readonly OriginAccessControlId: string;
        readonly S3OriginConfig: { readonly OriginAccessIdentity: string } | null;
        readonly CustomOriginConfig: {
          readonly HTTPPort: number;
          readonly HTTPSPort: number;
          readonly OriginProtocolPolicy: string;
          readonly OriginKeepaliveTimeout: number;
          readonly OriginReadTimeout: number;
          readonly OriginSslProtocols: { readonly Quantity: number; readonly Items: string[] };
        } | null;
      }[];
    };
    readonly DefaultCacheBehavior: {
      readonly TargetOriginId: string;
      readonly ViewerProtocolPolicy: string;
      readonly Compress: boolean;
      readonly TrustedSigners: { readonly Enabled: boolean; readonly Quantity: number; readonly Items: string[] | null };
      readonly FunctionAssociations: { readonly Quantity: number; readonly Items: { readonly EventType: string; readonly FunctionARN: string }[] };
    };
    readonly CustomErrorResponses: {
      readonly Quantity: number;
      readonly Items: { readonly ErrorCode: number; readonly ResponsePagePath: string; readonly ResponseCode: string; readonly ErrorCachingMinTTL: number }[];
    };
    readonly ViewerCertificate: {
      readonly ACMCertificateArn: string | null;
      readonly Certificate: string | null;
      readonly CertificateSource: string | null;
      readonly CloudFrontDefaultCertificate: boolean | null;
      readonly IAMCertificateId: string | null;
      readonly SSLSupportMethod: string | null;
      readonly MinimumProtocolVersion: string | null;
    };
    readonly Logging: { readonly Enabled: boolean; readonly IncludeCookies: boolean; readonly Bucket: string; readonly Prefix: string };
    readonly Restrictions: { readonly GeoRestriction: { readonly RestrictionType: string; readonly Quantity: number; readonly Items: string[] | null } };
  };
}

export interface DistributionSummary {
  readonly Id: string;
  readonly ARN: string;
  readonly Status: string;
  readonly Enabled: boolean;
  readonly Aliases: string[];
  readonly DomainName: string;
  readonly Comment: string;
  readonly LastModifiedTime: string;
  /** The ARNs of the functions its default cache behavior runs. */
  readonly Functions: string[];
}

/** A CloudFront Function as ListFunctions shows it. */
export interface FunctionListing {
  readonly Name: string;
  readonly ARN: string;
  readonly LastModifiedTime: string;
}

export interface Invalidation {
  readonly Invalidation: {
    readonly Id: string;
    readonly Status: string;
    readonly CreateTime: string;
    readonly InvalidationBatch: { readonly CallerReference: string; readonly Paths: { readonly Quantity: number; readonly Items: string[] } };
  };
  readonly Location: string;
}
