import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { BUCKET_NAME_PATTERN, IsBucketName } from '../../common/bucket-name.js';
import { MAX_BUCKET_CLIENT_TAGS, TagDto, TagsProperty } from '../../common/dto/tag.dto.js';
import { LIFECYCLE_PRESETS, type LifecyclePreset } from '../lifecycle-presets.js';

export class CreateBucketConfigurationDto {
  /**
   * Region to create the bucket in; must be one of the account's allowed regions. Without it, the
   * account's default region is used.
   * @example "us-east-1"
   */
  @IsString()
  @IsNotEmpty()
  LocationConstraint!: string;
}

export class BucketInputDto {
  /**
   * Bucket name, following S3's rules: 3-63 characters, lowercase letters, digits, `.` and `-`,
   * beginning and ending with a letter or digit, no `..`, not an IP address, no reserved prefix
   * (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffix (`-s3alias`, `--ol-s3`, ...). Every rule the
   * name breaks is listed in the 400 answer.
   * @example "foobarbucketname"
   */
  @ApiProperty({ pattern: BUCKET_NAME_PATTERN, minLength: 3, maxLength: 63 })
  @IsString()
  @IsBucketName()
  Bucket!: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateBucketConfigurationDto)
  CreateBucketConfiguration?: CreateBucketConfigurationDto;
}

const LIFECYCLE_DESCRIPTION = `Optional lifecycle preset, applied to every object of the bucket. Each preset also aborts
multipart uploads left incomplete for 7 days.
* \`deep-archive\`: objects move to S3 Glacier Deep Archive (\`DEEP_ARCHIVE\`) 1 day after upload (cheapest storage,
  retrieval takes hours).
* \`intelligent-tiering\`: objects move to S3 Intelligent-Tiering (\`INTELLIGENT_TIERING\`) at once; S3 moves them between
  access tiers by usage.
* \`glacier-ir-90\`: objects move to S3 Glacier Instant Retrieval (\`GLACIER_IR\`) 90 days after upload.`;

export class CreateBucketDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BucketInputDto)
  BucketInput!: BucketInputDto;

  @IsOptional()
  @TagsProperty(
    MAX_BUCKET_CLIENT_TAGS,
    `Client tags for the bucket (at most ${MAX_BUCKET_CLIENT_TAGS}, unique keys). The system tags (\`s3-api:org\`, \`s3-api:managed-by\`) are added.`,
  )
  Tags?: TagDto[];

  @ApiProperty({ enum: LIFECYCLE_PRESETS, required: false, description: LIFECYCLE_DESCRIPTION, example: 'deep-archive' })
  @IsOptional()
  @IsIn(LIFECYCLE_PRESETS, { message: `must be one of: ${LIFECYCLE_PRESETS.join(', ')}` })
  Lifecycle?: LifecyclePreset;
}
