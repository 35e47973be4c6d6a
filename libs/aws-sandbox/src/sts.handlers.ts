import type { STS } from '@aws-sdk/client-sts';
import { inRange, stsError } from './errors.js';
import { type HandlersOf, op } from './handler.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export const stsHandlers: HandlersOf<STS> = {
  AssumeRole: op((context, input) => {
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
    const [, accountId, roleName] = match as unknown as [string, string, string];
    const { runtime } = context;
    runtime.account(accountId);
    const roleId = runtime.ids.iamId('AROA');
    const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${input.RoleSessionName}`;
    const accessKeyId = runtime.ids.accessKeyId('ASIA');
    runtime.state.sessions.set(accessKeyId, { accountId, arn, userId: `${roleId}:${input.RoleSessionName}` });
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
  }),

  GetCallerIdentity: op((context) => {
    const session = context.accessKeyId ? context.runtime.state.sessions.get(context.accessKeyId) : undefined;
    // Credentials STS issued keep their identity; any others are the bound account's root.
    if (session && session.accountId === context.account.id) return { Account: session.accountId, Arn: session.arn, UserId: session.userId };
    return { Account: context.account.id, Arn: `arn:aws:iam::${context.account.id}:root`, UserId: context.account.id };
  }),
};
