import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ACCESS_MODELS, type AccessModel } from '#aws';
import { LOG_LEVELS, type LogLevel } from './defaults.js';

/**
 * The org is a tag value on buckets, IAM users and distributions: the characters all three accept
 * (letters, digits, spaces and `_ . : / = + - @`, at most 256; S3 refuses e.g. `$`, IAM and
 * CloudFront `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`), so no create fails on its own tags.
 */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const ORG_RULE = { message: 'must be 1-256 letters, digits, spaces or _ . : / = + - @ (it is a tag value in S3, IAM and CloudFront)' };

/**
 * AssumeRole from credentials that are themselves a role session (IRSA, an instance profile, ECS)
 * is role chaining, which AWS caps at one hour whatever the role's maximum: a longer session fails
 * every call of the account ("exceeds the 1 hour session limit for roles assumed by role chaining").
 */
const ROLE_CHAINING_MAX_SECONDS = 3600;

export class ServerSection {
  @IsOptional() @IsString() host?: string;
  @IsOptional() @IsInt() @Min(0) @Max(65535) port?: number;
  /** How long SIGTERM waits for in-flight requests before the process exits anyway. */
  @IsOptional() @IsInt() @Min(1) @Max(600) drainTimeoutSeconds?: number;
  /** Overall budget of one request, AWS calls included. */
  @IsOptional() @IsInt() @Min(1) @Max(900) requestTimeoutSeconds?: number;
  @IsOptional() @IsInt() @Min(1024) bodyLimitBytes?: number;
  /** Time for a client to send its request headers. */
  @IsOptional() @IsInt() @Min(1) @Max(300) headersTimeoutSeconds?: number;
  /** Time for a client to send its whole request, headers and body. */
  @IsOptional() @IsInt() @Min(1) @Max(600) bodyTimeoutSeconds?: number;
  /** How long an idle keep-alive connection stays open. */
  @IsOptional() @IsInt() @Min(1) @Max(600) keepAliveTimeoutSeconds?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) corsOrigins?: string[];
}

export class TokenSection {
  @IsString() @MinLength(1) @MaxLength(64) @Matches(/^[A-Za-z0-9._-]+$/) name!: string;
  /** SHA-256 of the token, hex. The plaintext is never stored. */
  @IsString()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex characters (the SHA-256 digest of the token)' })
  sha256!: string;
  /** Account names or ids this token may use; all accounts when absent. */
  @IsOptional() @IsArray() @IsString({ each: true }) accounts?: string[];
}

export class AccessLogSection {
  /** `{account_id}` and `{account}` are replaced by the account's id and name. */
  @IsString() @MinLength(3) bucket!: string;
  @IsOptional() @IsString() prefix?: string;
}

export class DomainSection {
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]+$/, { message: 'hostedZoneId must be a Route 53 zone id such as Z0123456789ABC' })
  hostedZoneId?: string;
  @IsOptional()
  @IsString()
  @Matches(/^arn:aws:acm:us-east-1:\d{12}:certificate\/.+$/, { message: 'certificateArn must be an ACM certificate ARN in us-east-1' })
  certificateArn?: string;
}

export class BucketAdminActionsSection {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) bucket!: string[];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) object!: string[];
}

export class AccountSection {
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'name must be lowercase letters, digits and dashes' }) name!: string;
  @IsString() @Matches(/^\d{12}$/, { message: 'id must be a 12-digit AWS account id' }) id!: string;
  @IsOptional() @IsString() @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'region must be an AWS region such as us-east-1' }) region?: string;
  /** Role assumed from the base credentials; the base credentials are used directly when absent. */
  @IsOptional() @IsString() @Matches(/^arn:aws:iam::\d{12}:role\/.+$/, { message: 'roleArn must be an IAM role ARN' }) roleArn?: string;
  @IsOptional() @IsString() @MinLength(2) @MaxLength(1224) externalId?: string;
  @IsOptional()
  @IsInt()
  @Min(900)
  @Max(ROLE_CHAINING_MAX_SECONDS, {
    message: 'must not be greater than 3600: AWS caps role chaining (a role assumed from IRSA or an instance profile) at one hour',
  })
  sessionDurationSeconds?: number;
  @IsOptional() @IsString() @Matches(TAG_VALUE, ORG_RULE) org?: string;
  @IsOptional() @ValidateNested() @Type(() => AccessLogSection) accessLog?: AccessLogSection;
  @IsOptional() @IsObject() domains?: Record<string, DomainSection>;
  @IsOptional() @ValidateNested() @Type(() => BucketAdminActionsSection) bucketAdminActions?: BucketAdminActionsSection;
  @IsOptional() @IsArray() @IsString({ each: true }) cloudFrontActions?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) allowedRegions?: string[];
  /** The permissions boundary every IAM user the service creates gets (often required by a service control policy). */
  @IsOptional()
  @IsString()
  @Matches(/^arn:aws:iam::(\d{12}|aws):policy\/.+$/, { message: 'permissionsBoundaryArn must be an IAM managed policy ARN' })
  permissionsBoundaryArn?: string;
  @IsOptional() @IsIn(ACCESS_MODELS) accessModel?: AccessModel;
}

export class AwsEndpointsSection {
  @IsOptional() @IsString() s3?: string;
  @IsOptional() @IsString() s3control?: string;
  @IsOptional() @IsString() iam?: string;
  @IsOptional() @IsString() cloudfront?: string;
  @IsOptional() @IsString() route53?: string;
  @IsOptional() @IsString() sts?: string;
  @IsOptional() @IsString() tagging?: string;
}

export class AwsSection {
  @IsOptional() @IsInt() @Min(1) @Max(10) maxAttempts?: number;
  @IsOptional() @IsInt() @Min(100) @Max(60_000) connectionTimeoutMs?: number;
  @IsOptional() @IsInt() @Min(100) @Max(300_000) requestTimeoutMs?: number;
  /** Explicit endpoints, e.g. an emulator in docker-compose. */
  @IsOptional() @ValidateNested() @Type(() => AwsEndpointsSection) endpoints?: AwsEndpointsSection;
  /** Accept AWS_ENDPOINT_URL* from the environment outside sandbox mode (refused by default). */
  @IsOptional() @IsBoolean() allowAmbientEndpoints?: boolean;
  /** Force path-style S3 addressing (emulators). */
  @IsOptional() @IsBoolean() s3ForcePathStyle?: boolean;
}

export class ReconcilerSection {
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsInt() @Min(10) @Max(86_400) intervalSeconds?: number;
  /** Upper bound of AWS calls one run may make per account. */
  @IsOptional() @IsInt() @Min(10) @Max(10_000) maxCallsPerRun?: number;
  /** Nothing younger is taken for a leftover: longer than any request (with its undo) may run. */
  @IsOptional() @IsInt() @Min(60) @Max(7 * 86_400) graceSeconds?: number;
}

export class SandboxSection {
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(10_000) latencyMs?: number;
  /** AWS's eventual consistency (propagation delays); off makes every change visible at once. */
  @IsOptional() @IsBoolean() realism?: boolean;
}

/**
 * The configuration file (YAML or JSON, named by S3API_CONFIG). Every key is documented in the
 * README; unknown keys are errors so that a typo never silently falls back to a default.
 */
export class ConfigFile {
  @IsOptional() @ValidateNested() @Type(() => ServerSection) server?: ServerSection;
  @IsOptional() @IsIn(LOG_LEVELS) logLevel?: LogLevel;
  @IsOptional() @IsBoolean() logProbes?: boolean;
  /** Value of the `org` system tag; an account may override it. */
  @IsOptional() @IsString() @Matches(TAG_VALUE, ORG_RULE) org?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TokenSection) tokens?: TokenSection[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => AccountSection) accounts?: AccountSection[];
  @IsOptional() @ValidateNested() @Type(() => AwsSection) aws?: AwsSection;
  @IsOptional() @ValidateNested() @Type(() => ReconcilerSection) reconciler?: ReconcilerSection;
  @IsOptional() @ValidateNested() @Type(() => SandboxSection) sandbox?: SandboxSection;
}
