import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export const BUCKET_GROUP_KINDS = ['BktAdmGrp', 'BktRWGrp', 'BktROGrp'] as const;
export const WEBSITE_GROUP_KINDS = [...BUCKET_GROUP_KINDS, 'WebAdmGrp'] as const;

/** IAM's user name rules. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
export const USER_NAME_RULE = 'must be 1 to 64 letters, digits or + = , . @ _ -';
/**
 * Path segments, each ending in '/'; '/' alone means the whole site. A segment is what a scope
 * allows (see scopePrefixProblem): lowercase, starting with a letter or digit, no `_`.
 */
const SCOPE_PATH_PATTERN = /^\/(?:[a-z0-9][a-z0-9.-]*\/)*$/;

export class BucketUserInputDto {
  /**
   * IAM user name: 1-64 letters, digits or `+ = , . @ _ -`, unique in the account.
   * @example "somebucketuser"
   */
  @ApiProperty({ pattern: USER_NAME_PATTERN.source, maxLength: 64 })
  @IsString()
  @Matches(USER_NAME_PATTERN, { message: USER_NAME_RULE })
  UserName!: string;
}

export class WebsiteUserInputDto extends BucketUserInputDto {
  /**
   * Limits the user to this prefix of the site (e.g. `/docs/`): its groups and policies are the
   * prefix's own, and a placeholder `<prefix>index.html` is written if none exists. `/` or absent: the whole site.
   * @example "/docs/"
   */
  @ApiProperty({ required: false, pattern: SCOPE_PATH_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(SCOPE_PATH_PATTERN, {
    message: "must start and end with '/', e.g. /docs/ or /docs/one/, each folder of lowercase letters, digits, '.' and '-', starting with a letter or digit",
  })
  Path?: string;
}

/** Decorators for an optional `Groups` property: a set of 1 to all of `kinds`. */
function GroupsProperty(kinds: readonly string[], example: readonly string[], description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ enum: kinds, isArray: true, required: false, uniqueItems: true, minItems: 1, maxItems: kinds.length, example, description })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(kinds.length)(target, key);
    ArrayUnique()(target, key);
    IsIn(kinds, { each: true })(target, key);
  };
}

export class CreateBucketUserDto {
  @IsDefined()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => BucketUserInputDto)
  User!: BucketUserInputDto;

  @GroupsProperty(BUCKET_GROUP_KINDS, ['BktRWGrp'], 'Groups to join; the read-write and read-only ones are created on first use. Default: `["BktAdmGrp"]`.')
  Groups?: (typeof BUCKET_GROUP_KINDS)[number][];
}

export class CreateWebsiteUserDto {
  @IsDefined()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => WebsiteUserInputDto)
  User!: WebsiteUserInputDto;

  @GroupsProperty(
    WEBSITE_GROUP_KINDS,
    ['BktAdmGrp', 'WebAdmGrp'],
    'Groups to join. `WebAdmGrp` grants cache invalidation on the site\'s distribution (whole-site users only);\na whole-site `BktAdmGrp` member joins it automatically. Default: `["BktAdmGrp"]`.',
  )
  Groups?: (typeof WEBSITE_GROUP_KINDS)[number][];
}
