import { runInNewContext } from 'node:vm';
import type { WebsiteConfiguration } from '#aws';
import { DomainError } from '#common';
import { describe, expect, it } from 'vitest';
import { MAX_FUNCTION_BYTES, websiteEdge } from './website-edge.js';

const HOST = 'www.sites.example.com';

interface Answer {
  readonly uri?: string;
  readonly status?: number;
  readonly location?: string;
}

/**
 * Runs the function's source as CloudFront does: a script defining `handler`, called with a viewer
 * request event, in a context of its own (no Node globals: CloudFront Functions have none).
 */
function run(code: string, uri: string, querystring: Record<string, { value: string; multiValue?: { value: string }[] }> = {}): Answer {
  const event = {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '192.0.2.1' },
    request: { method: 'GET', uri, querystring, headers: { host: { value: HOST } }, cookies: {} },
  };
  const out = runInNewContext(`${code}\nhandler(event);`, { event }) as { uri?: string; statusCode?: number; headers?: { location?: { value: string } } };
  return out.statusCode === undefined ? { uri: out.uri! } : { status: out.statusCode, location: out.headers!.location!.value };
}

const site = (extra: Partial<WebsiteConfiguration> = {}): WebsiteConfiguration => ({ IndexDocument: { Suffix: 'index.html' }, ...extra });

describe('the viewer-request function', () => {
  const plain = websiteEdge(site({ ErrorDocument: { Key: 'error.html' } }));
  const withRules = websiteEdge(
    site({
      RoutingRules: [
        { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
        { Condition: { KeyPrefixEquals: 'old.html' }, Redirect: { ReplaceKeyWith: 'new.html', HttpRedirectCode: '302' } },
        { Condition: { KeyPrefixEquals: 'blog/' }, Redirect: { HostName: 'blog.example.org', Protocol: 'http', ReplaceKeyPrefixWith: '' } },
        { Condition: { KeyPrefixEquals: 'moved/' }, Redirect: { HttpRedirectCode: '307' } },
        { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { ReplaceKeyWith: 'not-found.html' } },
      ],
    }),
  );
  const everything = websiteEdge(site({ RoutingRules: [{ Redirect: { HostName: 'new.example.org' } }] }));

  it.each([
    ['the root serves the index document', plain.code, '/', { uri: '/index.html' }],
    ['a directory with a slash serves its index document', plain.code, '/docs/', { uri: '/docs/index.html' }],
    ['a nested directory with a slash too', plain.code, '/docs/api/v2/', { uri: '/docs/api/v2/index.html' }],
    ['a directory without a slash is sent to it with one, as S3 does', plain.code, '/docs', { status: 302, location: '/docs/' }],
    ['a file goes to the bucket unchanged', plain.code, '/css/site.css', { uri: '/css/site.css' }],
    ['a missing key goes to the bucket too (the error responses answer for it)', plain.code, '/nope.html', { uri: '/nope.html' }],
    ['a key prefix is replaced, with a 301 by default', withRules.code, '/docs/a/b.html', { status: 301, location: `https://${HOST}/documents/a/b.html` }],
    ['a key is replaced, with the code the rule names', withRules.code, '/old.html', { status: 302, location: `https://${HOST}/new.html` }],
    [
      'a rule may name another host and protocol, and drop the prefix',
      withRules.code,
      '/blog/2020/post.html',
      { status: 301, location: 'http://blog.example.org/2020/post.html' },
    ],
    ['a rule with only a code keeps the key', withRules.code, '/moved/x.html', { status: 307, location: `https://${HOST}/moved/x.html` }],
    ['the first matching rule wins, and the rest of the site is served as usual', withRules.code, '/documents/', { uri: '/documents/index.html' }],
    ['a rule without a condition applies to every key', everything.code, '/any/page.html', { status: 301, location: 'https://new.example.org/any/page.html' }],
    ['… and to the root', everything.code, '/', { status: 301, location: 'https://new.example.org/' }],
  ])('%s', (_name, code, uri, expected) => {
    expect(run(code, uri)).toEqual(expected);
  });

  it('keeps the query string when it adds the slash to a directory', () => {
    expect(run(plain.code, '/docs', { q: { value: 'a b' }, page: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] }, flag: { value: '' } })).toEqual({
      status: 302,
      location: '/docs/?q=a b&page=2&page=3&flag',
    });
  });

  it('compares decoded keys, as S3 does, and encodes the key it redirects to', () => {
    const edge = websiteEdge(site({ RoutingRules: [{ Condition: { KeyPrefixEquals: 'été/' }, Redirect: { ReplaceKeyPrefixWith: 'summer dir/' } }] }));
    expect(run(edge.code, '/%C3%A9t%C3%A9/x.html')).toEqual({ status: 301, location: `https://${HOST}/summer%20dir/x.html` });
  });

  it('uses the configured index document', () => {
    expect(run(websiteEdge({ IndexDocument: { Suffix: 'home.htm' } }).code, '/a/')).toEqual({ uri: '/a/home.htm' });
  });
});

describe('the error responses', () => {
  it('serve the error document for a missing key, which the private bucket answers 403', () => {
    expect(websiteEdge(site({ ErrorDocument: { Key: 'error.html' } })).errorResponses).toEqual([
      { errorCode: 403, pagePath: '/error.html', responseCode: '404' },
      { errorCode: 404, pagePath: '/error.html', responseCode: '404' },
    ]);
  });

  it('are none without an error document or error-code rule', () => {
    expect(websiteEdge(site()).errorResponses).toEqual([]);
  });

  it('translate a rule on an error code to its page, over the error document', () => {
    const edge = websiteEdge(
      site({
        ErrorDocument: { Key: 'error.html' },
        RoutingRules: [
          { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { ReplaceKeyWith: 'not-found.html' } },
          { Condition: { HttpErrorCodeReturnedEquals: '503' }, Redirect: { ReplaceKeyWith: 'maintenance.html' } },
        ],
      }),
    );
    expect(edge.errorResponses).toEqual([
      { errorCode: 403, pagePath: '/not-found.html', responseCode: '404' },
      { errorCode: 404, pagePath: '/not-found.html', responseCode: '404' },
      { errorCode: 503, pagePath: '/maintenance.html', responseCode: '503' },
    ]);
  });

  it('let a rule on 403 win over what a rule on 404 implies for 403', () => {
    const edge = websiteEdge(
      site({
        RoutingRules: [
          { Condition: { HttpErrorCodeReturnedEquals: '403' }, Redirect: { ReplaceKeyWith: 'forbidden.html' } },
          { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { ReplaceKeyWith: 'not-found.html' } },
        ],
      }),
    );
    expect(edge.errorResponses.find((response) => response.errorCode === 403)).toEqual({ errorCode: 403, pagePath: '/forbidden.html', responseCode: '403' });
  });
});

describe('routing rules CloudFront cannot express', () => {
  const refusal = (rules: WebsiteConfiguration['RoutingRules']): DomainError => {
    try {
      websiteEdge(site({ RoutingRules: rules! }), 'WebsiteConfiguration');
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('no refusal');
  };

  it.each([
    [
      'an error code and a key prefix together',
      { Condition: { HttpErrorCodeReturnedEquals: '404', KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyWith: 'x.html' } },
      /key prefix/,
    ],
    [
      'an error code sent to another host',
      { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'example.org', ReplaceKeyWith: 'x.html' } },
      /another host/,
    ],
    ['an error code with a prefix replacement', { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { ReplaceKeyPrefixWith: 'x/' } }, /one key/],
    [
      'an error code a distribution cannot catch',
      { Condition: { HttpErrorCodeReturnedEquals: '401' }, Redirect: { ReplaceKeyWith: 'x.html' } },
      /cannot catch error code 401/,
    ],
  ])('refuses %s with a 400 naming the rule', (_name, rule, why) => {
    const error = refusal([{ Condition: { KeyPrefixEquals: 'ok/' }, Redirect: { ReplaceKeyWith: 'fine.html' } }, rule]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RoutingRuleNotSupported');
    expect(error.message).toMatch(/^WebsiteConfiguration\.RoutingRules\[1\]: /);
    expect(error.message).toMatch(why);
    expect(error.details).toEqual([{ field: 'WebsiteConfiguration.RoutingRules[1]', problem: expect.stringMatching(why) }]);
  });

  it('refuses rules that would make the function larger than CloudFront allows', () => {
    const rules = Array.from({ length: 50 }, (_, n) => ({
      Condition: { KeyPrefixEquals: `${'section'.repeat(10)}-${n}/` },
      Redirect: { HostName: `${'mirror'.repeat(10)}.example.org`, ReplaceKeyPrefixWith: `${'target'.repeat(10)}/` },
    }));
    const error = refusal(rules);
    expect(error.code).toBe('RoutingRuleNotSupported');
    expect(error.message).toContain(`over the ${MAX_FUNCTION_BYTES}`);
    expect(Buffer.byteLength(websiteEdge(site({ RoutingRules: rules.slice(0, 10) })).code)).toBeLessThanOrEqual(MAX_FUNCTION_BYTES);
  });
});
