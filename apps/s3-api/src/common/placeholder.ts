import type { Tag } from '#aws';
import { SYSTEM_TAG_PREFIX } from './system-tags.js';

/**
 * Objects the service writes itself (a website's index.html, a scoped user's <prefix>index.html).
 * They are tagged so that "is this bucket empty?" can ignore them.
 */
export const PLACEHOLDER_TAG: Tag = { Key: `${SYSTEM_TAG_PREFIX}placeholder`, Value: 'true' };
export const PLACEHOLDER_NAME = 'index.html';

export const placeholderBody = (site: string, prefix = ''): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${site}</title></head><body><h1>Hello, ${site}/${prefix}</h1></body></html>\n`;

/** Only keys of this shape can be placeholders; anything else makes a bucket non-empty at once. */
export const mayBePlaceholder = (key: string): boolean => key === PLACEHOLDER_NAME || key.endsWith(`/${PLACEHOLDER_NAME}`);

export const isPlaceholderTagSet = (tags: readonly Tag[]): boolean => tags.some((t) => t.Key === PLACEHOLDER_TAG.Key && t.Value === PLACEHOLDER_TAG.Value);
