export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface BucketLogging {
  readonly TargetBucket: string;
  readonly TargetPrefix: string;
  readonly TargetGrants: null;
}

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** S3 answers the settings of a bucket or an account alike; a flag it leaves out is off. */
export const publicAccessBlockOf = (c: { readonly [K in keyof PublicAccessBlock]?: boolean | undefined } | undefined): PublicAccessBlock => ({
  BlockPublicAcls: c?.BlockPublicAcls ?? false,
  IgnorePublicAcls: c?.IgnorePublicAcls ?? false,
  BlockPublicPolicy: c?.BlockPublicPolicy ?? false,
  RestrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
});

export interface WebsiteConfiguration {
  readonly IndexDocument: { readonly Suffix: string };
  readonly ErrorDocument?: { readonly Key: string };
  readonly RoutingRules?: readonly RoutingRule[];
}

export interface RoutingRule {
  readonly Condition?: { readonly HttpErrorCodeReturnedEquals?: string; readonly KeyPrefixEquals?: string };
  readonly Redirect: {
    readonly HostName?: string;
    readonly HttpRedirectCode?: string;
    readonly Protocol?: 'http' | 'https';
    readonly ReplaceKeyPrefixWith?: string;
    readonly ReplaceKeyWith?: string;
  };
}

export interface LifecycleRule {
  readonly ID: string;
  readonly Status: 'Enabled' | 'Disabled';
  readonly Filter: { readonly Prefix: string };
  readonly Transitions?: readonly { readonly Days: number; readonly StorageClass: string }[];
  readonly AbortIncompleteMultipartUpload?: { readonly DaysAfterInitiation: number };
}

/** One version of an object, or one delete marker ('null' in a bucket never versioned). */
export interface ObjectVersion {
  readonly key: string;
  readonly versionId: string;
}

/** One page of ListObjectVersions: every version and delete marker, whatever the bucket's versioning. */
export interface VersionPage {
  readonly versions: readonly ObjectVersion[];
  readonly deleteMarkers: readonly ObjectVersion[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: { readonly keyMarker: string; readonly versionIdMarker: string };
}

/** One page of the bucket's incomplete multipart uploads. */
export interface UploadPage {
  readonly uploads: number;
  readonly truncated: boolean;
}

export type BucketExistence = 'exists' | 'missing' | 'forbidden';

/**
 * The bucket holding an account's claims on bucket names in the tags access model. The deployment
 * makes it, one per account (deploy/iam/README.md); the service's policy lets it write only its
 * `claims/` objects there.
 */
export const claimsBucketName = (accountId: string): string => `s3-api-claims-${accountId}`;
