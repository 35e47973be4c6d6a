import { presentGroup, presentPolicy, presentTags } from '../common/iam.presenter.js';
import { splitTags } from '../common/system-tags.js';
import type { AdoptedBucket, BucketDetails, CreatedBucket, RemovedBucket, UpdatedBucket } from './buckets.service.js';
import type {
  AdoptBucketResponseDto,
  BucketDetailsResponseDto,
  CreateBucketResponseDto,
  DeleteBucketResponseDto,
  UpdateBucketResponseDto,
} from './dto/bucket.response.dto.js';

/** Service results -> the response shapes, field by field, so a new field of an AWS answer never leaks. */
export const BucketsPresenter = {
  created: (r: CreatedBucket): CreateBucketResponseDto => ({
    Bucket: `/${r.bucket}`,
    Policy: presentPolicy(r.policy),
    Group: r.group && presentGroup(r.group),
  }),
  details: (r: BucketDetails): BucketDetailsResponseDto => {
    const { client, system } = splitTags(r.tags);
    return {
      Tags: presentTags(client),
      SystemTags: presentTags(system),
      Logging: r.logging ? { TargetBucket: r.logging.TargetBucket, TargetGrants: null, TargetPrefix: r.logging.TargetPrefix } : null,
      Empty: r.empty,
      Region: r.region,
      Encryption: r.encryption,
      PublicAccessBlock: r.publicAccessBlock
        ? {
            BlockPublicAcls: r.publicAccessBlock.BlockPublicAcls,
            IgnorePublicAcls: r.publicAccessBlock.IgnorePublicAcls,
            BlockPublicPolicy: r.publicAccessBlock.BlockPublicPolicy,
            RestrictPublicBuckets: r.publicAccessBlock.RestrictPublicBuckets,
          }
        : null,
    };
  },
  updated: (r: UpdatedBucket): UpdateBucketResponseDto => {
    const tags = r.tags && splitTags(r.tags);
    return {
      Bucket: r.bucket,
      ...(tags ? { Tags: presentTags(tags.client), SystemTags: presentTags(tags.system) } : {}),
      ...(r.policy !== undefined ? { BucketPolicy: r.policy } : {}),
    };
  },
  deleted: (r: RemovedBucket): DeleteBucketResponseDto => ({ Bucket: r.bucket, Users: [...r.users], Groups: [...r.groups], Policies: [...r.policies] }),
  adopted: (r: AdoptedBucket): AdoptBucketResponseDto => ({ Bucket: r.bucket, Groups: [...r.groups], Policies: [...r.policies], Users: [...r.users] }),
} as const;
