import type { Tag } from '../s3/s3.types.js';

/** What a website distribution is made from; the gateway turns it into CloudFront's config. */
export interface WebsiteDistributionSpec {
  readonly callerReference: string;
  readonly alias: string;
  /** The bucket's S3 website endpoint host. */
  readonly originDomain: string;
  readonly certificateArn: string;
  /** What the site's root (`/`) serves: the website's index document. */
  readonly indexDocument: string;
  readonly comment: string;
  readonly tags: readonly Tag[];
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
