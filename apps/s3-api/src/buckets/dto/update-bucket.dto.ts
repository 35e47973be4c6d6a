import { IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';
import { MAX_BUCKET_CLIENT_TAGS, TagDto, TagsProperty } from '../../common/dto/tag.dto.js';

/** At least one of `Tags` and `BucketPolicy`. */
export class UpdateBucketDto {
  @IsOptional()
  @TagsProperty(
    MAX_BUCKET_CLIENT_TAGS,
    "The bucket's new client tags: they REPLACE the current client tags (send `[]` to remove them all). The system tags on the bucket are kept.",
  )
  Tags?: TagDto[];

  /**
   * A bucket policy document as a JSON **string** (not an object), replacing the bucket's policy. It
   * must be valid JSON (at most 20 KB) and name only this bucket and its objects as resources. The service
   * never makes a bucket public (no Allow to `"*"`), accepts no NotPrincipal, NotAction or NotResource, and
   * refuses a Deny that would lock the service itself out of the bucket; a Deny of plain HTTP, as in the
   * example, is fine. S3 receives the parsed document, re-serialised.
   * @example "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::foobarbucketname\",\"arn:aws:s3:::foobarbucketname/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"
   */
  // Absent is fine; null is not (IsOptional would let null through as if absent).
  @ValidateIf((dto: UpdateBucketDto) => dto.BucketPolicy !== undefined)
  @IsString()
  @IsNotEmpty()
  BucketPolicy?: string;
}
