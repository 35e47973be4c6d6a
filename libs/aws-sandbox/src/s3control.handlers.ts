import type { PublicAccessBlockConfiguration as S3PublicAccessBlock } from '@aws-sdk/client-s3';
import type { S3Control } from '@aws-sdk/client-s3-control';
import { s3ControlError } from './errors.js';
import { copy, type HandlerContext, type HandlersOf, op } from './handler.js';

/**
 * The account named in the request must be the caller's: S3 Control answers AccessDenied for another
 * account's settings (botocore s3control: AccountId is a required host label of every operation).
 */
function ownAccount(context: HandlerContext, accountId: string | undefined): void {
  if (accountId === undefined || accountId === '') throw new Error('No value provided for input HTTP label: AccountId.');
  if (!/^\d{12}$/.test(accountId)) throw s3ControlError('InvalidRequest', 400, 'Account ID must be a 12 digit number');
  if (accountId !== context.account.id) throw s3ControlError('AccessDenied', 403, 'Access Denied');
}

/** The account's Block Public Access as S3 stores it: a flag left out is off. */
export const accountPublicAccessBlock = (given: S3PublicAccessBlock): S3PublicAccessBlock => ({
  BlockPublicAcls: given.BlockPublicAcls ?? false,
  IgnorePublicAcls: given.IgnorePublicAcls ?? false,
  BlockPublicPolicy: given.BlockPublicPolicy ?? false,
  RestrictPublicBuckets: given.RestrictPublicBuckets ?? false,
});

/** The account-level settings of S3 Block Public Access. */
export const s3ControlHandlers: HandlersOf<S3Control> = {
  GetPublicAccessBlock: op((context, input) => {
    ownAccount(context, input.AccountId);
    const config = context.account.publicAccessBlock;
    if (!config) throw s3ControlError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
    return { PublicAccessBlockConfiguration: copy(config) };
  }),

  PutPublicAccessBlock: op((context, input) => {
    ownAccount(context, input.AccountId);
    const given = input.PublicAccessBlockConfiguration;
    if (!given) throw s3ControlError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    context.account.publicAccessBlock = accountPublicAccessBlock(given);
    return {};
  }),

  DeletePublicAccessBlock: op((context, input) => {
    ownAccount(context, input.AccountId);
    context.account.publicAccessBlock = undefined;
    return {};
  }),
};
