/** Content type of a Cyberduck bookmark (an XML property list). */
export const BOOKMARK_CONTENT_TYPE = 'application/x-plist; charset=utf-8';

/** `/docs/`, `docs` and `/docs` all mean the folder `docs`; `/` and '' mean the bucket's root. */
export const trimCappingSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/**
 * A Cyberduck bookmark that opens `bucket` (at `path`, if given) over S3. It holds no secret:
 * Cyberduck asks for the access key when it connects. Keys are in alphabetical order, as upstream's
 * plist library wrote them, so bookmarks stay byte-comparable. The plist library (and its XML
 * builder) is loaded on the first bookmark, not with the server.
 */
export async function cyberduckBookmark(bucket: string, path = ''): Promise<string> {
  const folder = trimCappingSlashes(path);
  const location = folder ? `${bucket}/${folder}` : bucket;
  const { build } = await import('plist');
  return build({
    Hostname: 's3.amazonaws.com',
    Nickname: location,
    Path: `/${location}`,
    Port: '443',
    Protocol: 's3',
    Provider: 'iterate GmbH',
    'Web URL': `s3://${bucket}/`,
  });
}

/** `Content-Disposition` value that makes browsers save the bookmark as `<bucket>.duck`. */
export const bookmarkDisposition = (bucket: string): string => `attachment; filename="${bucket}.duck"`;
