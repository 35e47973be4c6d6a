import { DomainError } from '#common';

/** The stable error codes of the bucket routes. */
export const BucketErrors = {
  notFound: (bucket: string): DomainError => new DomainError('not_found', 'BucketNotFound', `bucket '${bucket}' does not exist`),
  alreadyExists: (bucket: string): DomainError =>
    new DomainError('conflict', 'BucketAlreadyExists', `bucket '${bucket}' already exists (bucket names are global across all AWS accounts)`),
  notEmpty: (bucket: string): DomainError => new DomainError('conflict', 'BucketNotEmpty', `bucket '${bucket}' holds objects; delete them first`),
  isWebsite: (bucket: string): DomainError =>
    new DomainError(
      'conflict',
      'BucketIsWebsite',
      `bucket '${bucket}' is a website's: delete it with DELETE /{account}/websites/${bucket}, which also removes its distribution and DNS records`,
    ),
  otherAccount: (bucket: string): DomainError =>
    new DomainError('forbidden', 'BucketAccessDenied', `bucket '${bucket}' exists but is not accessible from this account`),
} as const;
