import { createHash } from 'node:crypto';
import { accessStatements, adminStatements, type BucketAdminActions, reservedForTheService } from './bucket.policies.js';
import type { AccessLevel, PolicyDocument, PolicyStatement } from './policy.types.js';
import { DEFAULT_WEB_ADMIN_ACTIONS, invalidationStatement } from './web-admin.policy.js';

/*
 * The tags access model: one managed policy per access level for a whole account, whose every
 * statement names its bucket, folder and distribution through the tags of the user it is attached to
 * (`${aws:PrincipalTag/...}`), instead of one group and policy per bucket. AWS substitutes policy
 * variables in the Resource element and in the values of string conditions, in policies of Version
 * 2012-10-17; a variable the request has no value for makes its Resource or condition match nothing
 * (IAM user guide, "IAM policy elements: Variables and tags", where you can use policy variables and
 * policy variables with no value). IAM tag values cannot hold `*`, `?` or `$`
 * (`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, IAM API reference, Tag), so a substituted value is never a pattern.
 */

/** The tags that scope a user of the tags model; only the service sets them, and no user policy allows changing them. */
export const USER_SCOPE_TAGS = {
  /** The bucket (or website) the user belongs to. */
  bucket: 's3-api:bucket',
  /** `admin`, `read-write` or `read-only`: the level the user's data policy applies to. */
  access: 's3-api:access',
  /** A website user's folder, without capping slashes (`docs/one`). */
  prefix: 's3-api:prefix',
  /** A web admin's distribution (cache invalidation). */
  distribution: 's3-api:distribution-id',
} as const;

/** The shared policies: whole-bucket levels, a website's admin, the folder levels, cache invalidation. */
export type SharedPolicyKind = 'BktAdmPlc' | 'SiteAdmPlc' | 'BktRWPlc' | 'BktROPlc' | 'PathAdmPlc' | 'PathRWPlc' | 'PathROPlc' | 'WebAdmPlc';

const principalTag = (key: string): string => `\${aws:PrincipalTag/${key}}`;
const TAGGED_BUCKET = `arn:aws:s3:::${principalTag(USER_SCOPE_TAGS.bucket)}`;
const TAGGED_PREFIX = principalTag(USER_SCOPE_TAGS.prefix);
const document = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/** Each Allow holds only for a user tagged with `level`: the policy attached and the tag must agree. */
function forLevel(statements: readonly PolicyStatement[], level: AccessLevel): PolicyStatement[] {
  const key = `aws:PrincipalTag/${USER_SCOPE_TAGS.access}`;
  return statements.map((statement) =>
    statement.Effect === 'Allow'
      ? { ...statement, Condition: { ...statement.Condition, StringEquals: { ...statement.Condition?.['StringEquals'], [key]: level } } }
      : statement,
  );
}

/** `bucketAccessPolicy` for whichever bucket (and, `scoped`, folder) the user's tags name. */
export function taggedAccessPolicy(level: AccessLevel, scoped: boolean): PolicyDocument {
  return document(forLevel(accessStatements(TAGGED_BUCKET, level, scoped ? TAGGED_PREFIX : undefined), level));
}

/** `bucketAdminPolicy` (`websiteAdminPolicy` for a `website`) for the bucket the user's tags name. */
export function taggedAdminPolicy(actions: BucketAdminActions, website: boolean): PolicyDocument {
  const statements = forLevel(adminStatements(TAGGED_BUCKET, actions), 'admin');
  return document(website ? [...statements, reservedForTheService(TAGGED_BUCKET)] : statements);
}

/** `webAdminPolicy` for the distribution the user's tags name, in `accountId`. */
export function taggedWebAdminPolicy(accountId: string, actions: readonly string[] = DEFAULT_WEB_ADMIN_ACTIONS): PolicyDocument {
  return document([invalidationStatement(`arn:aws:cloudfront::${accountId}:distribution/${principalTag(USER_SCOPE_TAGS.distribution)}`, actions)]);
}

/**
 * `s3-api-<kind>-<8 hex digits of the document>`: a changed document (the account's configured actions,
 * a new release) is a new policy, so no replica ever reuses a policy made from other settings. It
 * cannot be a name the groups model makes: those end in `Plc` (or `-adopting`), never in hex digits.
 */
export function sharedPolicyName(kind: SharedPolicyKind, policy: PolicyDocument): string {
  return `s3-api-${kind}-${createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 8)}`;
}
