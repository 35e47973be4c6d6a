import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsString, Matches, MaxLength, registerDecorator } from 'class-validator';

/**
 * Paths per request. CloudFront takes up to 3,000 per batch, but each costs money past the free
 * 1,000 a month and wildcards cover the rest: a caller needing more than 100 wants `/*`.
 */
export const MAX_INVALIDATION_PATHS = 100;

/**
 * CloudFront allows 15 wildcard paths in progress per distribution, whatever else is in progress
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/InvalidationLimits.html): a
 * request with more can never succeed, so it is a 400 naming the limit, not a 429 to retry. (Its
 * 3,000 file paths in progress lie beyond the 100 paths a request may carry.)
 */
const MAX_WILDCARD_PATHS = 15;

function AtMostWildcardPaths(max: number): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'maxWildcardPaths',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.filter((path) => typeof path === 'string' && path.endsWith('*')).length <= max,
        defaultMessage: () => `may hold at most ${max} wildcard paths: CloudFront allows ${max} in progress per distribution, so more never succeed`,
      },
    });
}

export class InvalidateWebsiteCacheDto {
  /**
   * Paths to invalidate, each starting with `/`; `*` is a wildcard at the end. 1 to 100 paths, at
   * most 15 of them wildcards (CloudFront's limit of wildcard paths in progress per distribution).
   * @example ["/index.html", "/assets/*"]
   */
  @ApiProperty({ minItems: 1, maxItems: MAX_INVALIDATION_PATHS })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVALIDATION_PATHS)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  // CloudFront takes `*` only as the last character of a path (InvalidArgument otherwise).
  @Matches(/^\/[^*]*\*?$/, { each: true, message: 'each path must start with / and may hold one * only as its last character' })
  @AtMostWildcardPaths(MAX_WILDCARD_PATHS)
  CacheInvalidation!: string[];
}
