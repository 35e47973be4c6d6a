import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** No control character (Unicode Cc); no `..` segment, which would lead the bookmark out of its folder. */
const PRINTABLE = '[^\\u0000-\\u001f\\u007f-\\u009f]';
// `[\s\S]`, not `.`: the schema's pattern has no flags, and `.` would stop at a line separator.
const NO_PARENT_SEGMENT = '(?!(?:[\\s\\S]*\\/)?\\.\\.(?:\\/|$))';
export const BOOKMARK_PATH_PATTERN = `^${NO_PARENT_SEGMENT}${PRINTABLE}*$`;

/** The query of both bookmark routes (buckets and websites): one class, so one set of rules. */
export class BookmarkQueryDto {
  /**
   * Folder the bookmark opens; leading and trailing slashes are ignored (`/docs/`, `docs` and
   * `/docs` are the same). Default: the root.
   * @example "/docs/"
   */
  @ApiProperty({ required: false, maxLength: 1024, pattern: BOOKMARK_PATH_PATTERN })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(new RegExp(`^${PRINTABLE}*$`), { message: 'must contain only printable characters' })
  @Matches(new RegExp(`^${NO_PARENT_SEGMENT}`), { message: "must not contain a '..' segment" })
  path?: string;
}
