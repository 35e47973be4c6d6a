import { AWS_ERRORS, type QuotaUsage } from '#aws';
import { errorTable, raise } from '#common';

export const ACCESS_ERRORS = errorTable({
  AccessNameTaken: { kind: 'conflict', summary: 'An IAM group or policy name the bucket needs is used by something this service did not make for it' },
  WebAdminGroupMissing: { kind: 'conflict', summary: 'The website has no web-admin group: it was not created by this service' },
});

export const AccessErrors = {
  /** An IAM name the service needs is already used by something it did not make for this bucket. */
  nameTaken: (kind: 'group' | 'policy', name: string, bucket: string) =>
    raise(ACCESS_ERRORS.AccessNameTaken, `the IAM ${kind} '${name}' exists but does not belong to '${bucket}' (it is outside /s3-api/${bucket}/)`),
  /** A create would take the account over an IAM quota: named, with the account's usage. */
  quotaExceeded: (account: string, entity: string, quota: string, usage: QuotaUsage, need: number, what: string) =>
    raise(
      AWS_ERRORS.QuotaExceeded,
      `account '${account}' has ${usage.used} of its ${usage.quota} IAM ${entity} (quota ${quota}) and ${what} needs ${need} more: delete some, or have the quota raised`,
    ),
  /** A shared policy's name (tags model) is taken outside the service's IAM path. */
  sharedPolicyNameTaken: (name: string) =>
    raise(ACCESS_ERRORS.AccessNameTaken, `the IAM policy '${name}' exists outside /s3-api/: the service cannot use it as its shared policy`),
  /** A shared policy's name (tags model) holds a document the service did not write. */
  sharedPolicyNotOurs: (name: string) =>
    raise(
      ACCESS_ERRORS.AccessNameTaken,
      `the IAM policy '${name}' holds another document than the service's shared policy of that name: it was not made by this service`,
    ),
  webAdminGroupMissing: (site: string) =>
    raise(ACCESS_ERRORS.WebAdminGroupMissing, `the website '${site}' has no web-admin group (${site}-WebAdmGrp); it was not created by this service`),
} as const;
