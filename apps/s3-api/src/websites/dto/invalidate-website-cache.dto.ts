import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsString, Matches, MaxLength } from 'class-validator';

/**
 * Paths per request. CloudFront takes up to 3,000 per batch, but each costs money past the free
 * 1,000 a month and wildcards cover the rest: a caller needing more than 100 wants `/*`.
 */
export const MAX_INVALIDATION_PATHS = 100;

export class InvalidateWebsiteCacheDto {
  /**
   * Paths to invalidate, each starting with `/`; `*` is a wildcard at the end. 1 to 100 paths.
   * @example ["/*"]
   */
  @ApiProperty({ minItems: 1, maxItems: MAX_INVALIDATION_PATHS })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVALIDATION_PATHS)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  @Matches(/^\//, { each: true, message: 'each path must start with /' })
  CacheInvalidation!: string[];
}
