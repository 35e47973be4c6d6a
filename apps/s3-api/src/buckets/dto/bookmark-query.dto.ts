import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class BookmarkQueryDto {
  /**
   * Folder of the bucket the bookmark opens; leading and trailing slashes are ignored
   * (`/docs/`, `docs` and `/docs` are the same). Default: the bucket's root.
   * @example "/docs/"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  @Matches(/^[^\u0000-\u001f\u007f-\u009f]*$/, { message: 'must contain only printable characters' })
  @Matches(/^(?!(?:.*\/)?\.\.(?:\/|$))/s, { message: "must not contain a '..' segment" })
  path?: string;
}
