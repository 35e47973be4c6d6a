import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 1000;
/** base64url of a name: names of the API are at most 64 characters, so 344 bytes of UTF-8 at worst. */
const NEXT_TOKEN_MAX_LENGTH = 344;
const NEXT_TOKEN_PATTERN = '^[A-Za-z0-9_-]+$';

/**
 * The query of every list route: pagination is opt-in, and a list without it is the whole list. The
 * list routes took no query before, and ignored whatever one came with them: they still ignore every
 * other parameter (within `/v1` a change never refuses what was answered before).
 */
export class PageQueryDto {
  /** The parameters the validation reads; any other is dropped before it. */
  static readonly parameters: readonly string[] = ['limit', 'next'];

  /**
   * At most this many items, in name order; when more remain, the answer's `X-Next-Token` header
   * holds the token of the next page. Without it (and without `next`), the whole list.
   */
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** The `X-Next-Token` of the previous page: this page starts after its last item. */
  @ApiProperty({ required: false, maxLength: NEXT_TOKEN_MAX_LENGTH, pattern: NEXT_TOKEN_PATTERN })
  @IsOptional()
  @IsString()
  @MaxLength(NEXT_TOKEN_MAX_LENGTH)
  @Matches(new RegExp(NEXT_TOKEN_PATTERN), { message: 'must be an X-Next-Token (base64url)' })
  next?: string;
}
