import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class BookmarkQueryDto {
  /**
   * Folder the bookmark opens (`/docs/`, `docs` and `/docs` are the same); the site's root when absent.
   * @example "/docs/"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'path must not contain control characters' })
  path?: string;
}
