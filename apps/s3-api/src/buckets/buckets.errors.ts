import { DomainError } from '#common';

/** The stable error codes of the bucket routes. */
export const BucketErrors = {
  alreadyExists: (bucket: string): DomainError =>
    new DomainError('conflict', 'BucketAlreadyExists', `bucket '${bucket}' already exists (bucket names are global across all AWS accounts)`),
  notEmpty: (bucket: string): DomainError => new DomainError('conflict', 'BucketNotEmpty', `bucket '${bucket}' holds objects; delete them first`),
  isWebsite: (bucket: string): DomainError =>
    new DomainError(
      'conflict',
      'BucketIsWebsite',
      `bucket '${bucket}' is a website's: change or delete it through /{account}/websites/${bucket}, which also keeps its distribution and DNS records in step`,
    ),
} as const;
