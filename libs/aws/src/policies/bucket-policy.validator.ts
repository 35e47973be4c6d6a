/** S3 refuses bucket policies larger than this. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string | string[] =>
  typeof value === 'string' ? value.length > 0 : Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.length > 0);
const asList = (value: string | string[]): string[] => (typeof value === 'string' ? [value] : value);

export interface CheckedBucketPolicy {
  /** Everything wrong with the policy; empty when nothing is. */
  readonly problems: string[];
  /**
   * The parsed document, when it has no problems. This, re-serialised, is what goes to S3 rather than
   * the client's text: what was checked is what S3 gets, whatever duplicate keys that text held.
   */
  readonly document?: Record<string, unknown>;
}

/**
 * What is wrong with a client's bucket policy for `bucket`. Beyond the shape S3 itself checks, the
 * service refuses what it never does to a bucket: open it to everyone (an Allow to `"*"` or
 * `{"AWS": "*"}`, whatever its conditions), speak for another bucket (`arn:aws:s3:::foo*` would also
 * cover `foobar`), or use the inverted elements (`NotPrincipal`, `NotAction`, `NotResource`), whose
 * reach cannot be read off the statement (a Deny with NotPrincipal denies everyone not named, this
 * service included). Whether a Deny locks the service out is `serviceLockoutProblems`' question.
 */
export function checkBucketPolicy(policy: string, bucket: string): CheckedBucketPolicy {
  // Stryker disable next-line StringLiteral: an empty encoding name is UTF-8 to Buffer.byteLength, its default
  const bytes = Buffer.byteLength(policy, 'utf8');
  if (bytes > BUCKET_POLICY_MAX_BYTES) return { problems: [`the policy is ${bytes} bytes; S3 allows at most ${BUCKET_POLICY_MAX_BYTES}`] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return { problems: ['the policy is not valid JSON'] };
  }
  if (!isRecord(parsed)) return { problems: ['the policy must be a JSON object'] };

  const problems: string[] = [];
  if (parsed['Version'] !== '2012-10-17') problems.push(`Version must be "2012-10-17"`);
  const statements = parsed['Statement'];
  if (isRecord(statements)) problems.push(...statementProblems(statements, 'Statement', bucket));
  else if (Array.isArray(statements) && statements.length > 0) {
    statements.forEach((statement, index) => {
      const where = `Statement[${index}]`;
      if (isRecord(statement)) problems.push(...statementProblems(statement, where, bucket));
      else problems.push(`${where} must be an object`);
    });
  } else problems.push('Statement must be a statement or a non-empty list of statements');
  return problems.length > 0 ? { problems } : { problems, document: parsed };
}

const INVERTED = ['NotPrincipal', 'NotAction', 'NotResource'] as const;

function statementProblems(statement: Record<string, unknown>, where: string, bucket: string): string[] {
  const problems: string[] = [];
  const effect = statement['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') problems.push(`${where}.Effect must be "Allow" or "Deny"`);
  for (const inverted of INVERTED) {
    if (statement[inverted] !== undefined) problems.push(`${where}.${inverted} is not accepted: name what the statement covers instead`);
  }
  const principal = statement['Principal'];
  if (principal === undefined) problems.push(`${where} needs a Principal`);
  else if (!isPrincipal(principal)) problems.push(`${where}.Principal must be "*" or an object of principal lists, e.g. {"AWS": ["<account id or ARN>"]}`);
  else if (effect === 'Allow' && namesEveryone(principal)) {
    problems.push(`${where} allows everyone (Principal "*"): the service never makes a bucket public; name the principals instead`);
  }
  if (!isStringList(statement['Action'])) problems.push(`${where}.Action must be an action or a non-empty list of actions`);
  const resource = statement['Resource'];
  if (!isStringList(resource)) {
    problems.push(`${where}.Resource must be a resource or a non-empty list of resources`);
    return problems;
  }
  const own = `arn:aws:s3:::${bucket}`;
  for (const arn of asList(resource)) {
    if (arn !== own && !arn.startsWith(`${own}/`)) problems.push(`${where}.Resource '${arn}' is not ${own} or an object in it`);
  }
  return problems;
}

const isPrincipal = (value: unknown): value is '*' | Record<string, string | string[]> =>
  value === '*' || (isRecord(value) && Object.keys(value).length > 0 && Object.values(value).every(isStringList));

/** A wildcard anywhere in a principal is everyone (AWS accepts it only alone, and then it means anyone at all). */
const namesEveryone = (principal: '*' | Record<string, string | string[]>): boolean =>
  principal === '*' || Object.values(principal).some((value) => asList(value).some((item) => item.includes('*')));
