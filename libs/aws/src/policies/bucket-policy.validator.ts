/** S3 refuses bucket policies larger than this. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string | string[] =>
  typeof value === 'string' ? value.length > 0 : Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.length > 0);
const asList = (value: string | string[]): string[] => (typeof value === 'string' ? [value] : value);

/**
 * What is wrong with a client's bucket policy for `bucket` (empty when nothing is). Beyond the
 * shape S3 itself checks, every resource must be this bucket or an object in it: a policy stored
 * on one bucket must not speak for another (`arn:aws:s3:::foo*` would also cover `foobar`).
 */
export function validateBucketPolicy(policy: string, bucket: string): string[] {
  const bytes = Buffer.byteLength(policy, 'utf8');
  if (bytes > BUCKET_POLICY_MAX_BYTES) return [`the policy is ${bytes} bytes; S3 allows at most ${BUCKET_POLICY_MAX_BYTES}`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return ['the policy is not valid JSON'];
  }
  if (!isRecord(parsed)) return ['the policy must be a JSON object'];

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
  return problems;
}

function statementProblems(statement: Record<string, unknown>, where: string, bucket: string): string[] {
  const problems: string[] = [];
  if (statement['Effect'] !== 'Allow' && statement['Effect'] !== 'Deny') problems.push(`${where}.Effect must be "Allow" or "Deny"`);
  if (statement['Principal'] === undefined && statement['NotPrincipal'] === undefined) problems.push(`${where} needs a Principal`);
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
