import { errorTable, raise } from '#common';

export const BUCKET_ERRORS = errorTable({
  BucketAlreadyExists: { kind: 'conflict', summary: 'The bucket name is taken, by this or another AWS account (bucket names are global)' },
  BucketNotEmpty: {
    kind: 'conflict',
    summary: 'The bucket holds object versions, delete markers or incomplete multipart uploads (counted in the message); delete them first',
  },
  BucketNameReleasing: {
    kind: 'conflict',
    summary: 'S3 has not released the name of a bucket deleted a moment ago (it can take minutes, rarely hours); try again later or choose another name',
  },
  BucketIsWebsite: { kind: 'conflict', summary: "The bucket is a website's: change or delete it through its website" },
});

/** The stable error codes of the bucket routes. */
export const BucketErrors = {
  alreadyExists: (bucket: string) =>
    raise(BUCKET_ERRORS.BucketAlreadyExists, `bucket '${bucket}' already exists (bucket names are global across all AWS accounts)`),
  nameReleasing: (bucket: string, cause: unknown) =>
    raise(
      BUCKET_ERRORS.BucketNameReleasing,
      `S3 is still releasing the name '${bucket}' of a bucket deleted a moment ago; try again in a few minutes, or choose another name`,
      { cause },
    ),
  notEmpty: (bucket: string, holds: string) =>
    raise(BUCKET_ERRORS.BucketNotEmpty, `bucket '${bucket}' holds ${holds}; delete them first (nothing was changed)`),
  isWebsite: (bucket: string) =>
    raise(
      BUCKET_ERRORS.BucketIsWebsite,
      `bucket '${bucket}' is a website's: change or delete it through /{account}/websites/${bucket}, which also keeps its distribution and DNS records in step`,
    ),
} as const;
