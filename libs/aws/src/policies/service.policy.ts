import template from '../../../../deploy/iam/s3-api-policy.json' with { type: 'json' };
import type { AwsAccount } from '../accounts/aws-account.js';

/** One statement of the service's own identity policy, as `deploy/iam/s3-api-policy.json` writes it. */
export interface ServiceStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface ServicePolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly ServiceStatement[];
}

/** What the policy of one account depends on. */
export interface ServicePolicyParameters {
  readonly accountId: string;
  /** Value of the `s3-api:org` tag the service writes. */
  readonly org: string;
  /** The account's website hosted zones (ids, with or without `/hostedzone/`). */
  readonly hostedZoneIds: readonly string[];
  readonly permissionsBoundaryArn?: string | undefined;
}

/** The placeholder that stands for one resource per configured hosted zone. */
const ZONE = '${HostedZoneId}';
/** Placeholders are the template's own; IAM's policy variables (`${aws:username}`) are left alone. */
const PLACEHOLDER = /\$\{([A-Za-z]+)\}/g;

/**
 * The service's identity policy for one account: `deploy/iam/s3-api-policy.json` (the file operators
 * apply, and the Terraform module in the same folder reads) with its placeholders filled in, by the
 * same rules as that module: `${AccountId}` and `${Org}`; a Resource entry naming `${HostedZoneId}`
 * once per hosted zone (a statement left with no resource goes); `${PermissionsBoundaryArn}`, and
 * `${NoPermissionsBoundary}` ("true" when none is configured, so that IAM's Null condition then
 * requires that no boundary is set, and "false" when one is, so that it requires one).
 */
export function servicePolicy(parameters: ServicePolicyParameters): ServicePolicy {
  const values: Readonly<Record<string, string>> = {
    AccountId: parameters.accountId,
    Org: parameters.org,
    PermissionsBoundaryArn: parameters.permissionsBoundaryArn ?? '',
    NoPermissionsBoundary: String(parameters.permissionsBoundaryArn === undefined),
  };
  const zones = parameters.hostedZoneIds.map((id) => id.replace(/^\/hostedzone\//, ''));
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`deploy/iam/s3-api-policy.json: unknown placeholder ${whole}`);
      return value;
    });
  const fillAll = (value: unknown): unknown => {
    if (typeof value === 'string') return fill(value);
    if (Array.isArray(value))
      return value.flatMap((item) =>
        typeof item === 'string' && item.includes(ZONE) ? zones.map((zone) => fill(item.replaceAll(ZONE, zone))) : [fillAll(item)],
      );
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillAll(item)]));
    return value;
  };
  const statements = (template.Statement as unknown[]).map((statement) => fillAll(statement) as ServiceStatement);
  return { Version: '2012-10-17', Statement: statements.filter((statement) => [statement.Resource].flat().length > 0) };
}

/** The policy an account's identity needs, from its configuration. */
export const servicePolicyOf = (account: AwsAccount): ServicePolicy =>
  servicePolicy({
    accountId: account.id,
    org: account.org,
    hostedZoneIds: Object.values(account.domains).map((domain) => domain.hostedZoneId),
    permissionsBoundaryArn: account.permissionsBoundaryArn,
  });
