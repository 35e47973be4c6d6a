import { DomainError } from '#common';

/** The stable error codes of the bucket routes. */
export const BucketErrors = {
  notFound: (bucket: string): DomainError => new DomainError('not_found', 'BucketNotFound', `bucket '${bucket}' does not exist`),
  alreadyExists: (bucket: string): DomainError =>
    new DomainError('conflict', 'BucketAlreadyExists', `bucket '${bucket}' already exists (bucket names are global across all AWS accounts)`),
  notEmpty: (bucket: string): DomainError =>
    new DomainError('conflict', 'BucketNotEmpty', `bucket '${bucket}' holds objects; delete them first`),
  otherAccount: (bucket: string): DomainError =>
    new DomainError('forbidden', 'BucketAccessDenied', `bucket '${bucket}' exists but is not accessible from this account`),
} as const;
