import { AWS_ERRORS } from '#aws';
import { errorTable, raise } from '#common';

export const USER_ERRORS = errorTable({
  UserNotFound: { kind: 'not_found', summary: 'No user of that name belongs to this bucket or website' },
  UserAlreadyExists: { kind: 'conflict', summary: 'An IAM user of that name already exists in the account' },
  AccessKeyLimitExceeded: { kind: 'conflict', summary: 'The user already has the 2 access keys IAM allows' },
});

export const UserErrors = {
  userNotFound: (user: string, bucket: string) => raise(USER_ERRORS.UserNotFound, `'${user}' is not a user of '${bucket}'`),
  userAlreadyExists: (user: string) => raise(USER_ERRORS.UserAlreadyExists, `an IAM user named '${user}' already exists`),
  /** IAM went on not listing the key it had just made: the old keys cannot all be known, and the new one is withdrawn. */
  keysNotListed: (user: string, waitedMs: number) =>
    raise(
      AWS_ERRORS.AwsUnavailable,
      `IAM did not list the new access key of '${user}' within ${waitedMs / 1000} s, so its older keys cannot all be known; the new key was deleted again: try again`,
    ),
  accessKeyLimitExceeded: (user: string) =>
    raise(USER_ERRORS.AccessKeyLimitExceeded, `'${user}' already has 2 access keys (the IAM maximum); delete the user or one key outside this API first`),
} as const;
