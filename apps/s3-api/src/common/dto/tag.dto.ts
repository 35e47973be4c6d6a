import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, Matches, MaxLength, registerDecorator, ValidateNested, type ValidationArguments } from 'class-validator';
import { SYSTEM_TAG_PREFIX } from '../system-tags.js';

/** S3 allows letters, digits, spaces and + - = . _ : / @ in tag keys and values. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export class TagDto {
  /**
   * Tag key: 1-128 characters, not starting with `aws:` or the reserved `s3-api:` prefix.
   * @example "Application"
   */
  @IsString()
  @Length(1, 128)
  @Matches(TAG_CHARS, { message: 'may contain only letters, digits, spaces and + - = . _ : / @' })
  @Matches(/^(?!aws:)/i, { message: "must not start with 'aws:' (reserved by AWS)" })
  @Matches(new RegExp(`^(?!${SYSTEM_TAG_PREFIX})`, 'i'), { message: `must not start with '${SYSTEM_TAG_PREFIX}' (reserved for system tags)` })
  Key!: string;

  /**
   * Tag value: 0-256 characters.
   * @example "HowToGet"
   */
  @IsString()
  @MaxLength(256)
  @Matches(TAG_CHARS, { message: 'may contain only letters, digits, spaces and + - = . _ : / @' })
  Value!: string;
}

/** Tag keys must be unique within one request. */
function UniqueTagKeys(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'uniqueTagKeys',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || new Set(value.map((t: { Key?: unknown }) => t?.Key)).size === value.length,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'Tags'} must not repeat a key`,
      },
    });
}

/** Max 50 tags per S3 bucket; the service keeps 2 for its system tags. */
export const MAX_BUCKET_CLIENT_TAGS = 48;

/**
 * Decorators for a `Tags` property: at most `maxItems` unique, valid tags. The one number feeds both
 * the published schema and the validator, so the two cannot disagree.
 */
export function TagsProperty(maxItems: number, description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: [TagDto], required: false, description, maxItems })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(maxItems)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => TagDto)(target, key);
    UniqueTagKeys()(target, key);
  };
}
