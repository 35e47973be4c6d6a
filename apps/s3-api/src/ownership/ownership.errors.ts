import { COMMON_ERRORS, errorTable, raise } from '#common';

export const OWNERSHIP_ERRORS = errorTable({
  BucketNotFound: { kind: 'not_found', summary: 'The bucket does not exist in this account' },
  WebsiteNotFound: { kind: 'not_found', summary: 'The website does not exist in this account' },
  BucketNotManaged: { kind: 'forbidden', summary: 'The bucket exists but was not made by this service, which therefore leaves it alone' },
  BucketAlreadyManaged: { kind: 'conflict', summary: 'The bucket is already managed by this service: there is nothing to adopt' },
  BucketNotAdoptable: {
    kind: 'forbidden',
    summary: "The bucket can never be adopted: an access-log bucket, or one carrying another deployment's s3-api: tags",
  },
});

/** What any route that acts on an existing bucket can answer about its target (a bad name included). */
export const BUCKET_TARGET_ERRORS = [COMMON_ERRORS.ValidationError, OWNERSHIP_ERRORS.BucketNotManaged, OWNERSHIP_ERRORS.BucketNotFound] as const;

/** What a bucket, website or user route answers when its target is not something the service may touch. */
export const OwnershipErrors = {
  bucketNotFound: (bucket: string) => raise(OWNERSHIP_ERRORS.BucketNotFound, `bucket '${bucket}' does not exist`),
  websiteNotFound: (website: string) =>
    raise(OWNERSHIP_ERRORS.WebsiteNotFound, `website '${website}' does not exist in this account (a website is <label>.<configured domain>)`),
  notManaged: (bucket: string, why: string) => raise(OWNERSHIP_ERRORS.BucketNotManaged, `bucket '${bucket}' is not managed by this service: ${why}`),
  alreadyManaged: (bucket: string) => raise(OWNERSHIP_ERRORS.BucketAlreadyManaged, `bucket '${bucket}' is already managed by this service`),
  notAdoptable: (bucket: string, why: string) => raise(OWNERSHIP_ERRORS.BucketNotAdoptable, `bucket '${bucket}' cannot be adopted: ${why}`),
} as const;
