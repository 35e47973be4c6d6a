import type { FastifyReply } from 'fastify';
import type { PageQueryDto } from './dto/page-query.dto.js';

export const NEXT_TOKEN_HEADER = 'X-Next-Token';

/** The 200 answer's header, for `@ApiOkResponse({ headers })` of every list route. */
export const NEXT_TOKEN_DOC = {
  [NEXT_TOKEN_HEADER]: {
    description: 'Only when `limit` was given and more items remain: send it back as `next` for the next page',
    schema: { type: 'string' },
  },
} as const;

/**
 * The page of `items` a validated query asks for, the token of the next one set on the reply. A query
 * with neither `limit` nor `next` answers every item, in the order given.
 *
 * The token is the page's last name (base64url of its UTF-8), and pages follow the names' byte order
 * (S3's own): a page is what follows the token whatever was created or deleted meanwhile, so no item
 * comes twice, and a token costs the server no state. It grants nothing: a made-up one only starts
 * the list at another name.
 */
export function paginate<T>(items: readonly T[], query: PageQueryDto, reply: FastifyReply, nameOf: (item: T) => string): T[] {
  if (query.limit === undefined && query.next === undefined) return [...items];
  const keyed = items.map((item) => ({ item, key: Buffer.from(nameOf(item), 'utf8') })).sort((a, b) => Buffer.compare(a.key, b.key));
  const after = query.next === undefined ? undefined : Buffer.from(query.next, 'base64url');
  const rest = after === undefined ? keyed : keyed.filter(({ key }) => Buffer.compare(key, after) > 0);
  const page = rest.slice(0, query.limit ?? rest.length);
  if (page.length < rest.length) void reply.header(NEXT_TOKEN_HEADER, page[page.length - 1]!.key.toString('base64url'));
  return page.map(({ item }) => item);
}
