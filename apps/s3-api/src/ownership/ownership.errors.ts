import { DomainError } from '#common';

/** What a bucket, website or user route answers when its target is not something the service may touch. */
export const OwnershipErrors = {
  bucketNotFound: (bucket: string): DomainError => new DomainError('not_found', 'BucketNotFound', `bucket '${bucket}' does not exist`),
  websiteNotFound: (website: string): DomainError =>
    new DomainError('not_found', 'WebsiteNotFound', `website '${website}' does not exist in this account (a website is <label>.<configured domain>)`),
  notManaged: (bucket: string, why: string): DomainError =>
    new DomainError('forbidden', 'BucketNotManaged', `bucket '${bucket}' is not managed by this service: ${why}`),
} as const;
