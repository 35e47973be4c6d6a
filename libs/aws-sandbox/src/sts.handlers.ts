import type { STS } from '@aws-sdk/client-sts';
import { inRange, stsError } from './errors.js';
import { type HandlerContext, type HandlersOf, op } from './handler.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** AWS's cap on a session assumed with credentials that are themselves a role session (Roles terms: role chaining). */
const ROLE_CHAINING_MAX_SECONDS = 3600;

interface SessionRequest {
  readonly RoleArn?: string;
  readonly RoleSessionName?: string;
  readonly DurationSeconds?: number;
}

/**
 * A role session as AssumeRole and AssumeRoleWithWebIdentity make it. The duration may not exceed the
 * role's MaxSessionDuration (1 h unless raised, up to 12 h), nor 1 h when the caller is itself a role
 * session (role chaining, e.g. IRSA credentials assuming an account's role): ValidationError 400.
 */
function assume(context: HandlerContext, input: SessionRequest, chained: boolean) {
  const match = typeof input.RoleArn === 'string' ? ROLE_ARN.exec(input.RoleArn) : null;
  if (!match) throw stsError('ValidationError', 400, `${String(input.RoleArn)} is invalid`);
  if (typeof input.RoleSessionName !== 'string' || !SESSION_NAME.test(input.RoleSessionName)) {
    throw stsError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${String(input.RoleSessionName)}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  const duration = inRange('sts', input.DurationSeconds ?? 3600, 'durationSeconds', 900, 43_200);
  const { runtime } = context;
  if (chained && duration > ROLE_CHAINING_MAX_SECONDS)
    throw stsError('ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  if (duration > runtime.roleMaxSessionSeconds(input.RoleArn!))
    throw stsError('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const [, accountId, roleName] = match as unknown as [string, string, string];
  // STS answers AccessDenied for a role that does not exist, as for one whose trust policy refuses
  // the caller (trust policies are not modelled: every role trusts every caller).
  const role = runtime.account(accountId).iam.roles.get(roleName.toLowerCase());
  if (!role || role.arn !== input.RoleArn) {
    throw stsError('AccessDenied', 403, `User: ${context.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  }
  const roleId = runtime.ids.iamId('AROA');
  const arn = `arn:aws:sts::${accountId}:assumed-role/${role.name}/${input.RoleSessionName}`;
  const accessKeyId = runtime.ids.accessKeyId('ASIA');
  runtime.state.sessions.set(accessKeyId, { accountId, role: role.name.toLowerCase(), arn, userId: `${roleId}:${input.RoleSessionName}` });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: runtime.ids.secret(40),
      SessionToken: `IQoJb3JpZ2luX2VjE${runtime.ids.secret(120)}`,
      Expiration: new Date(runtime.clock.now() + duration * 1000),
    },
    AssumedRoleUser: { AssumedRoleId: `${roleId}:${input.RoleSessionName}`, Arn: arn },
    PackedPolicySize: 0,
  };
}

export const stsHandlers: HandlersOf<STS> = {
  // A caller that is itself a role session (credentials STS issued, or a client bound to a role) chains roles.
  AssumeRole: op((context, input) => assume(context, input, context.principal.kind === 'role')),

  // What IRSA does in a pod: a role session from the cluster's web identity token.
  AssumeRoleWithWebIdentity: op((context, input) => {
    if (!input.WebIdentityToken)
      throw stsError('ValidationError', 400, "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint");
    const { AssumedRoleUser, Credentials } = assume(context, input, false);
    return { AssumedRoleUser, Credentials, Audience: 'sts.amazonaws.com', Provider: 'oidc.eks.amazonaws.com' };
  }),

  GetCallerIdentity: op((context) => {
    const { principal } = context;
    return { Account: principal.accountId, Arn: principal.arn, UserId: principal.kind === 'role' ? principal.userId : principal.accountId };
  }),
};
