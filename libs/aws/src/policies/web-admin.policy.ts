import { Errors } from '#common';
import { DISTRIBUTION_ARN } from './policy.guards.js';
import type { PolicyDocument, PolicyStatement } from './policy.types.js';

export const DEFAULT_WEB_ADMIN_ACTIONS: readonly string[] = ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'cloudfront:ListInvalidations'];

/** Cache-invalidation rights on one website's distribution. */
export function webAdminPolicy(distributionArn: string, actions: readonly string[] = DEFAULT_WEB_ADMIN_ACTIONS): PolicyDocument {
  if (!DISTRIBUTION_ARN.test(distributionArn)) {
    throw Errors.validation([], `'${distributionArn}' is not the ARN of one CloudFront distribution`);
  }
  return { Version: '2012-10-17', Statement: [invalidationStatement(distributionArn, actions)] };
}

/** `distributionResource` is one distribution's ARN, or a pattern of policy variables that resolves to one. */
export function invalidationStatement(distributionResource: string, actions: readonly string[]): PolicyStatement {
  if (actions.length === 0) throw new RangeError('a web admin policy needs at least one action');
  return { Sid: 'InvalidateCache', Effect: 'Allow', Action: [...actions], Resource: [distributionResource] };
}
