import { DomainError } from '#common';

export const UserErrors = {
  userNotFound: (user: string, bucket: string): DomainError => new DomainError('not_found', 'UserNotFound', `'${user}' is not a user of '${bucket}'`),
  userAlreadyExists: (user: string): DomainError => new DomainError('conflict', 'UserAlreadyExists', `an IAM user named '${user}' already exists`),
  accessKeyLimitExceeded: (user: string): DomainError =>
    new DomainError(
      'conflict',
      'AccessKeyLimitExceeded',
      `'${user}' already has 2 access keys (the IAM maximum); delete the user or one key outside this API first`,
    ),
} as const;
