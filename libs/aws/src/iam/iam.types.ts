import type { Tag } from '../s3/s3.types.js';

export interface IamPolicy {
  readonly Arn: string;
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly Path: string;
  readonly DefaultVersionId: string;
  readonly AttachmentCount: number;
  readonly PermissionsBoundaryUsageCount: number;
  readonly IsAttachable: boolean;
  readonly Description: string | null;
  readonly CreateDate: string;
  readonly UpdateDate: string;
  /** As CreatePolicy and GetPolicy answer them (listings leave them out). */
  readonly Tags: readonly Tag[];
}

export interface IamGroup {
  readonly Arn: string;
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Path: string;
  readonly CreateDate: string;
}

export interface IamUser {
  readonly Arn: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Path: string;
  readonly CreateDate: string;
  readonly PasswordLastUsed: string | null;
  readonly PermissionsBoundary: string | null;
  readonly Tags: Tag[] | null;
}

export interface AccessKeyMetadata {
  readonly AccessKeyId: string;
  readonly Status: string;
  readonly CreateDate: string;
  readonly UserName: string;
}

export interface NewAccessKey extends AccessKeyMetadata {
  readonly SecretAccessKey: string;
}

export interface AttachedPolicy {
  readonly PolicyArn: string;
  readonly PolicyName: string;
}

export interface PolicyVersion {
  readonly VersionId: string;
  readonly IsDefaultVersion: boolean;
}

/** How much of one IAM account quota is used. */
export interface QuotaUsage {
  readonly used: number;
  readonly quota: number;
}

/** The account's IAM entities against their quotas, from one GetAccountSummary. */
export interface IamQuotaUsage {
  readonly users: QuotaUsage;
  readonly groups: QuotaUsage;
  readonly policies: QuotaUsage;
}

/** A credential of a user besides its access keys and login profile: each keeps IAM from deleting the user. */
export interface UserCredential {
  readonly kind: 'mfa-device' | 'ssh-public-key' | 'signing-certificate' | 'service-specific-credential';
  /** The MFA device's serial number, or the id of the key, certificate or credential. */
  readonly id: string;
}
