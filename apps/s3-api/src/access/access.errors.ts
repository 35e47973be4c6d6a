import { DomainError } from '#common';

export const AccessErrors = {
  /** An IAM name the service needs is already used by something it did not make for this bucket. */
  nameTaken: (kind: 'group' | 'policy', name: string, bucket: string): DomainError =>
    new DomainError('conflict', 'AccessNameTaken', `the IAM ${kind} '${name}' exists but does not belong to '${bucket}' (it is outside /s3-api/${bucket}/)`),
  webAdminGroupMissing: (site: string): DomainError =>
    new DomainError('conflict', 'WebAdminGroupMissing', `the website '${site}' has no web-admin group (${site}-WebAdmGrp); it was not created by this service`),
} as const;
