import { Errors } from '#common';
import type { PolicyDocument } from './policy.types.js';

export const DEFAULT_WEB_ADMIN_ACTIONS: readonly string[] = ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'cloudfront:ListInvalidations'];

// One concrete distribution: a wildcard here would reach every distribution of the account.
const DISTRIBUTION_ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Za-z0-9]+$/;

/** Cache-invalidation rights on one website's distribution. */
export function webAdminPolicy(distributionArn: string, actions: readonly string[] = DEFAULT_WEB_ADMIN_ACTIONS): PolicyDocument {
  if (!DISTRIBUTION_ARN.test(distributionArn)) {
    throw Errors.validation([], `'${distributionArn}' is not the ARN of one CloudFront distribution`);
  }
  if (actions.length === 0) throw new RangeError('a web admin policy needs at least one action');
  return { Version: '2012-10-17', Statement: [{ Sid: 'InvalidateCache', Effect: 'Allow', Action: [...actions], Resource: [distributionArn] }] };
}
