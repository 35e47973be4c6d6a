import type { AwsAccount, S3Gateway } from '#aws';

/** What keeps a bucket from being deleted, counted on the first page of each listing. */
export interface BucketContents {
  /** Object versions: the current objects and, in a versioned bucket, every older version. */
  readonly versions: number;
  readonly deleteMarkers: number;
  readonly uploads: number;
  /** A listing had more than its first page: the counts are lower bounds. */
  readonly more: boolean;
}

/**
 * Counts versions, delete markers and incomplete multipart uploads, which S3 all refuses to delete a
 * bucket with; ListObjectsV2 shows none of them in a versioned bucket whose objects were deleted.
 */
export async function countContents(s3: S3Gateway, account: AwsAccount, bucket: string, page: number): Promise<BucketContents> {
  const [listed, uploads] = await Promise.all([s3.listObjectVersions(account, bucket, { maxKeys: page }), s3.listMultipartUploads(account, bucket, page)]);
  return {
    versions: listed.versions.length,
    deleteMarkers: listed.deleteMarkers.length,
    uploads: uploads.uploads,
    more: listed.next !== undefined || uploads.truncated,
  };
}

export const isEmpty = (contents: BucketContents): boolean => contents.versions + contents.deleteMarkers + contents.uploads === 0;

const counted = (n: number, one: string, many: string): string | undefined => (n === 0 ? undefined : `${n} ${n === 1 ? one : many}`);

/** "3 object versions, 2 delete markers and 1 incomplete multipart upload" (with "at least" when a listing went on). */
export function describeContents(contents: BucketContents): string {
  const parts = [
    counted(contents.versions, 'object version', 'object versions'),
    counted(contents.deleteMarkers, 'delete marker', 'delete markers'),
    counted(contents.uploads, 'incomplete multipart upload', 'incomplete multipart uploads'),
  ].filter((part): part is string => part !== undefined);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
  return contents.more ? `at least ${list}` : list;
}
