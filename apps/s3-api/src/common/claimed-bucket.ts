import { type AwsAccount, existed, isNameTaken, isNotYetPropagated, type PropagationWaits, type S3Gateway } from '#aws';
import type { Saga } from '#common';

/**
 * CreateBucket under this request's claim on the name (AccessService.claimName), once HeadBucket found
 * no such bucket. In us-east-1 S3 answers 200 to a CreateBucket of a bucket the account already owns,
 * so the answer alone never proves who made it; the claim does, as no other request of the service
 * creates the name meanwhile. Elsewhere, a retry after a lost answer hears BucketAlreadyOwnedByYou:
 * the first attempt made it. `taken`: the error for a name another account holds; `releasing`: for a
 * name S3 still holds after a delete.
 */
export async function createClaimedBucket(
  saga: Saga,
  s3: S3Gateway,
  waits: PropagationWaits,
  account: AwsAccount,
  bucket: string,
  region: string,
  errors: { taken: () => Error; releasing: (cause: unknown) => Error },
): Promise<void> {
  await saga.step(
    `create bucket ${bucket}`,
    async () => {
      try {
        await s3.createBucket(account, bucket, region);
      } catch (error) {
        if (isNameTaken(error, 'ownBucket')) return;
        if (isNameTaken(error, 'bucket')) throw errors.taken();
        if (isNotYetPropagated(error, 'bucketOperation')) throw errors.releasing(error);
        throw error;
      }
    },
    // A bucket that has not propagated yet refuses its delete as an operation in progress.
    () =>
      existed(
        waits.retry(
          `delete new bucket ${bucket}`,
          (error) => isNotYetPropagated(error, 'bucketOperation'),
          () => s3.deleteBucket(account, bucket),
        ),
        'bucket',
      ),
  );
}
