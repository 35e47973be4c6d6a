import { parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { bookmarkDisposition, cyberduckBookmark } from './cyberduck-bookmark.js';

describe('cyberduckBookmark', () => {
  it('opens the bucket root over S3, with the keys in alphabetical order', async () => {
    const xml = await cyberduckBookmark('foo');
    expect(parse(xml)).toEqual({
      Hostname: 's3.amazonaws.com',
      Nickname: 'foo',
      Path: '/foo',
      Port: '443',
      Protocol: 's3',
      Provider: 'iterate GmbH',
      'Web URL': 's3://foo/',
    });
    const keys = [...xml.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual([...keys].sort());
  });

  it.each(['/docs/', 'docs', '/docs', 'docs/'])('treats %j as the folder docs', async (path) => {
    expect(parse(await cyberduckBookmark('foo', path))).toMatchObject({ Path: '/foo/docs', Nickname: 'foo/docs', 'Web URL': 's3://foo/' });
  });

  it('escapes what XML needs escaped and names the attachment', async () => {
    expect(parse(await cyberduckBookmark('foo', 'a&b<c'))).toMatchObject({ Path: '/foo/a&b<c' });
    expect(bookmarkDisposition('foo')).toBe('attachment; filename="foo.duck"');
  });
});
