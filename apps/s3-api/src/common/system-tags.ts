import type { AwsAccount, Tag } from '#aws';

/** Tags the service writes on everything it makes; clients can neither set nor remove them. */
export const SYSTEM_TAG_PREFIX = 's3-api:';
export const ORG_TAG = `${SYSTEM_TAG_PREFIX}org`;
export const MANAGED_BY_TAG = `${SYSTEM_TAG_PREFIX}managed-by`;
export const MANAGED_BY_VALUE = 's3-api';
/** On a website's bucket: its CloudFront distribution. A bucket with it is a website, and only a website. */
export const DISTRIBUTION_ID_TAG = `${SYSTEM_TAG_PREFIX}distribution-id`;

export const isSystemTag = (tag: Tag): boolean => tag.Key.toLowerCase().startsWith(SYSTEM_TAG_PREFIX);

export function systemTags(account: AwsAccount, extra: readonly Tag[] = []): Tag[] {
  return [{ Key: ORG_TAG, Value: account.org }, { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE }, ...extra];
}

/** The full tag set to write: the client's tags, then every system tag currently on the resource. */
export function withSystemTags(clientTags: readonly Tag[], system: readonly Tag[]): Tag[] {
  return [...clientTags.filter((t) => !isSystemTag(t)), ...system];
}

export function splitTags(tags: readonly Tag[]): { client: Tag[]; system: Tag[] } {
  return { client: tags.filter((t) => !isSystemTag(t)), system: tags.filter(isSystemTag) };
}

export const distributionIdOf = (tags: readonly Tag[]): string | undefined => tags.find((t) => t.Key === DISTRIBUTION_ID_TAG)?.Value || undefined;
