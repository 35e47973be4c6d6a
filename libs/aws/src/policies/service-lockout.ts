import { SERVICE_BUCKET_ACTIONS } from './s3.actions.js';

/** Who the service is in an account, as IAM sees its requests. */
export interface ServicePrincipal {
  /** The ARN its requests are signed as: an assumed-role session, a user, or the account root. */
  readonly arn: string;
  /** What `aws:PrincipalArn` holds for them (the role, for a role session). */
  readonly principalArn: string;
}

const PRINCIPAL_TYPES: readonly [RegExp, string][] = [
  [/^arn:aws:sts::\d{12}:assumed-role\//, 'AssumedRole'],
  [/^arn:aws:iam::\d{12}:user\//, 'User'],
  [/^arn:aws:iam::\d{12}:root$/, 'Account'],
];

const statementsOf = (document: Record<string, unknown>): unknown[] => [document['Statement']].flat();

/**
 * Would this bucket policy deny the service one of the actions it needs on the bucket? On AWS such a
 * Deny (e.g. `Deny "*" s3:*`) locks the service out of the bucket for good: every later show, update
 * or delete is refused, and only the account's root user can remove the policy. The policy is
 * evaluated as IAM would, by @cloud-copilot/iam-simulate, for a request of the service's own principal
 * over TLS. Whatever else a Deny's conditions test (source IP, VPC, organization, tags of the caller)
 * is not known here and counts as matching when IAM would match a missing key, so such a Deny is
 * refused unless it spares the service some other way. A Deny on `aws:SecureTransport=false` stays
 * accepted. A policy without any Deny cannot lock anyone out and is not evaluated.
 */
export async function serviceLockoutProblems(
  document: Record<string, unknown>,
  bucket: string,
  accountId: string,
  whoAmI: () => Promise<ServicePrincipal>,
): Promise<string[]> {
  if (!statementsOf(document).some((s) => typeof s === 'object' && s !== null && (s as { Effect?: unknown }).Effect === 'Deny')) return [];
  // Loaded on first use: its IAM data is large, and most processes never evaluate a Deny.
  const [{ runSimulation }, service] = await Promise.all([import('@cloud-copilot/iam-simulate'), whoAmI()]);
  const principalType = PRINCIPAL_TYPES.find(([pattern]) => pattern.test(service.arn))?.[1];
  const denied: string[] = [];
  for (const action of SERVICE_BUCKET_ACTIONS) {
    const result = await runSimulation(
      {
        request: {
          principal: service.arn,
          action,
          resource: { resource: `arn:aws:s3:::${bucket}`, accountId },
          contextVariables: {
            'aws:SecureTransport': 'true',
            'aws:PrincipalArn': service.principalArn,
            'aws:PrincipalAccount': accountId,
            ...(principalType ? { 'aws:PrincipalType': principalType } : {}),
          },
        },
        resourcePolicy: document,
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (result.resultType === 'error') return [`the policy cannot be evaluated as IAM would: ${result.errors.message}`];
    if (result.overallResult === 'ExplicitlyDenied') denied.push(action);
  }
  if (denied.length === 0) return [];
  return [
    `a Deny in the policy would lock this service out of the bucket (${denied.join(', ')} for ${service.principalArn}); ` +
      'only the account root could undo that. Exempt the service, e.g. with a condition on aws:PrincipalArn',
  ];
}
