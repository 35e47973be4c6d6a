import type { ErrorResponse, RoutingRule, WebsiteConfiguration } from '#aws';
import { WebsiteErrors } from './websites.errors.js';

/** CloudFront Functions hold at most 10 KB of code (Quotas on CloudFront Functions, CloudFront developer guide). */
export const MAX_FUNCTION_BYTES = 10_240;

/** The error codes a distribution's custom error response may name (CustomErrorResponse, CloudFront API reference). */
const CLOUDFRONT_ERROR_CODES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);

/** A redirect the viewer-request function answers for keys under `prefix` (S3's KeyPrefixEquals, '' for every key). */
interface PrefixRedirect {
  readonly prefix: string;
  readonly code: number;
  readonly protocol: string;
  readonly host: string | null;
  readonly replacePrefix: string | null;
  readonly key: string | null;
}

/** What a website served from a private bucket needs in front of it to behave as S3's website endpoint did. */
export interface WebsiteEdge {
  /** The viewer-request CloudFront Function (runtime cloudfront-js-2.0). */
  readonly code: string;
  /** The distribution's custom error responses: the error document, and the error-code routing rules. */
  readonly errorResponses: readonly ErrorResponse[];
}

/**
 * The viewer-request function's body. Written in the subset of JavaScript every CloudFront Functions
 * runtime runs (no modules, no `let` needed), with its configuration inlined as `CONFIG`:
 * - routing rules on a key prefix answer S3's redirect (first match wins, as in S3);
 * - `/` and `/dir/` serve `<dir>/<index document>`, as S3's website endpoint does;
 * - `/dir` (no dot in its last segment) is redirected to `/dir/`, as S3 does when `dir/<index>`
 *   exists, so that relative links in that page resolve under `dir/`;
 * - anything else goes to the bucket unchanged; a missing key comes back 403 from the private bucket,
 *   which the custom error responses turn into the error document.
 */
const FUNCTION_BODY = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var key;
  try {
    key = decodeURIComponent(uri.slice(1));
  } catch (e) {
    key = uri.slice(1);
  }
  for (var i = 0; i < CONFIG.rules.length; i++) {
    var rule = CONFIG.rules[i];
    if (key.indexOf(rule.prefix) !== 0) continue;
    var target = rule.key !== null ? rule.key : rule.replacePrefix !== null ? rule.replacePrefix + key.slice(rule.prefix.length) : key;
    var host = rule.host !== null ? rule.host : request.headers.host ? request.headers.host.value : '';
    return redirect(rule.code, rule.protocol + '://' + host + '/' + encodeURI(target));
  }
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + CONFIG.index;
    return request;
  }
  if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) return redirect(302, uri + '/' + query(request.querystring));
  return request;
}
var REASONS = { 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect' };
function redirect(code, location) {
  return { statusCode: code, statusDescription: REASONS[code] || 'Found', headers: { location: { value: location } } };
}
function query(querystring) {
  var parts = [];
  for (var name in querystring) {
    var entry = querystring[name];
    var values = entry.multiValue ? entry.multiValue : [entry];
    for (var j = 0; j < values.length; j++) parts.push(values[j].value === '' ? name : name + '=' + values[j].value);
  }
  return parts.length ? '?' + parts.join('&') : '';
}
`;

/**
 * The function and error responses for a website configuration, or a 400 naming the first routing
 * rule CloudFront cannot express: a rule on an error code can only serve one page of the site
 * (a custom error response), so it may name neither a key prefix, a host, a protocol nor a prefix
 * replacement, and only an error code CloudFront lets a distribution catch.
 */
export function websiteEdge(website: WebsiteConfiguration, field = 'WebsiteConfiguration'): WebsiteEdge {
  const redirects: PrefixRedirect[] = [];
  const ruleResponses: ErrorResponse[] = [];
  (website.RoutingRules ?? []).forEach((rule, n) => {
    const code = rule.Condition?.HttpErrorCodeReturnedEquals;
    if (code === undefined) redirects.push(prefixRedirect(rule));
    else ruleResponses.push(errorRule(rule, code, `${field}.RoutingRules[${n}]`));
  });
  // The private bucket answers 403 for a key that does not exist (CloudFront may not list it): there,
  // 403 means what 404 meant on the website endpoint.
  const notFound = (response: ErrorResponse): ErrorResponse[] =>
    response.errorCode === 404 ? [{ ...response, errorCode: 403, responseCode: '404' }, response] : [response];
  const byCode = new Map<number, ErrorResponse>();
  const errorKey = website.ErrorDocument?.Key;
  if (errorKey) for (const response of notFound({ errorCode: 404, pagePath: `/${errorKey}`, responseCode: '404' })) byCode.set(response.errorCode, response);
  // Routing rules come first in S3, so a rule on an error code wins over the error document, and a
  // rule on 403 itself over what a rule on 404 implies for 403.
  for (const response of ruleResponses.flatMap(notFound)) byCode.set(response.errorCode, response);
  for (const response of ruleResponses) byCode.set(response.errorCode, response);
  const config = { index: website.IndexDocument.Suffix, rules: redirects };
  const code = `var CONFIG = ${JSON.stringify(config)};\n${FUNCTION_BODY}`;
  const size = Buffer.byteLength(code, 'utf8');
  if (size > MAX_FUNCTION_BYTES) {
    throw WebsiteErrors.routingRuleNotSupported(
      `${field}.RoutingRules`,
      `the routing rules take ${size} bytes as a CloudFront Function, over the ${MAX_FUNCTION_BYTES} it may hold; use fewer or shorter rules`,
    );
  }
  return { code, errorResponses: [...byCode.values()].sort((a, b) => a.errorCode - b.errorCode) };
}

function prefixRedirect(rule: RoutingRule): PrefixRedirect {
  const redirect = rule.Redirect;
  return {
    prefix: rule.Condition?.KeyPrefixEquals ?? '',
    code: Number(redirect.HttpRedirectCode ?? '301'),
    // Viewers reach the site over HTTPS only (the distribution redirects HTTP), which S3 would have kept.
    protocol: redirect.Protocol ?? 'https',
    host: redirect.HostName ?? null,
    replacePrefix: redirect.ReplaceKeyPrefixWith ?? null,
    key: redirect.ReplaceKeyWith ?? null,
  };
}

/** An error-code rule as a custom error response: the page it names, with the error's own status. */
function errorRule(rule: RoutingRule, code: string, at: string): ErrorResponse {
  const redirect = rule.Redirect;
  const refuse = (why: string) => WebsiteErrors.routingRuleNotSupported(at, `${why}; CloudFront can only serve a page of the site for an error code`);
  const errorCode = Number(code);
  if (!CLOUDFRONT_ERROR_CODES.has(errorCode)) throw refuse(`a distribution cannot catch error code ${code} (only ${[...CLOUDFRONT_ERROR_CODES].join(', ')})`);
  if (rule.Condition?.KeyPrefixEquals !== undefined) throw refuse('it names both an error code and a key prefix');
  if (redirect.HostName !== undefined || redirect.Protocol !== undefined) throw refuse('it redirects to another host or protocol');
  if (redirect.ReplaceKeyPrefixWith !== undefined || redirect.ReplaceKeyWith === undefined) throw refuse('it does not name one key (ReplaceKeyWith)');
  return { errorCode, pagePath: `/${redirect.ReplaceKeyWith}`, responseCode: code };
}
