import type { AwsAccount, Tag } from '#aws';

/** Tags the service writes on everything it makes; clients can neither set nor remove them. */
export const SYSTEM_TAG_PREFIX = 's3-api:';
export const ORG_TAG = `${SYSTEM_TAG_PREFIX}org`;
export const MANAGED_BY_TAG = `${SYSTEM_TAG_PREFIX}managed-by`;
export const MANAGED_BY_VALUE = 's3-api';
/** On a website's bucket: its CloudFront distribution. A bucket with it is a website, and only a website. */
export const DISTRIBUTION_ID_TAG = `${SYSTEM_TAG_PREFIX}distribution-id`;

/**
 * On what a request creates in IAM (policies, users): the request's own id. A create whose answer was
 * lost fails on the SDK's retry (the name is taken, by the first attempt); this tag tells that case
 * from a name another request holds.
 */
export const REQUEST_TAG = `${SYSTEM_TAG_PREFIX}request`;

/** On the claim on a name (its admin policy), once a delete has started: see AccessService.removeAccess. */
export const DELETING_TAG = `${SYSTEM_TAG_PREFIX}deleting`;

/** On a user whose create failed and could not remove it: the reconciler removes it after its grace period. */
export const ABANDONED_TAG = `${SYSTEM_TAG_PREFIX}abandoned`;

/** On a key reset's lock: the ids of the keys the user had before, space-separated. */
export const OLD_KEYS_TAG = `${SYSTEM_TAG_PREFIX}old-keys`;

/** Whether tags of an IAM entity say that `request` made it. */
export const madeBy = (tags: readonly Tag[] | null, request: string): boolean => tags?.some((t) => t.Key === REQUEST_TAG && t.Value === request) ?? false;

export const isSystemTag = (tag: Tag): boolean => tag.Key.toLowerCase().startsWith(SYSTEM_TAG_PREFIX);

export function systemTags(account: AwsAccount, extra: readonly Tag[] = []): Tag[] {
  return [{ Key: ORG_TAG, Value: account.org }, { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE }, ...extra];
}

/** Whether a resource carries the account's system tags: what the service's rights over its distributions require (deploy/iam). */
export const carriesSystemTags = (account: AwsAccount, tags: readonly Tag[]): boolean =>
  systemTags(account).every((system) => tags.some((t) => t.Key === system.Key && t.Value === system.Value));

/** The full tag set to write: the client's tags, then every system tag currently on the resource. */
export function withSystemTags(clientTags: readonly Tag[], system: readonly Tag[]): Tag[] {
  return [...clientTags.filter((t) => !isSystemTag(t)), ...system];
}

export function splitTags(tags: readonly Tag[]): { client: Tag[]; system: Tag[] } {
  return { client: tags.filter((t) => !isSystemTag(t)), system: tags.filter(isSystemTag) };
}

export const distributionIdOf = (tags: readonly Tag[]): string | undefined => tags.find((t) => t.Key === DISTRIBUTION_ID_TAG)?.Value || undefined;
