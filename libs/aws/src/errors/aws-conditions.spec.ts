import { describe, expect, it } from 'vitest';
import { AwsSandbox } from '#aws-sandbox';
import { gatewayOnSandbox, testAccount } from '../../../../test/support/unit.js';
import { IamGateway } from '../iam/iam.gateway.js';
import { S3Gateway } from '../s3/s3.gateway.js';
import { grantServicePolicy } from '../sandbox/prepare-sandbox.js';
import { existed, isForbidden, isGone, isInUse, isLimitReached, isNameTaken, unlessGone, unlessOutOfReach } from './aws-conditions.js';

const a = testAccount({ id: '111111111111' });
const b = testAccount({ name: 'other', id: '222222222222' });

/** The error a real gateway call answers on the sandbox. */
const failure = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error,
  );

describe('AWS conditions, on the errors the gateways really raise', () => {
  const sandbox = new AwsSandbox();
  // AWS's own answers, unlimited by the service's policy.
  const s3 = gatewayOnSandbox(S3Gateway, sandbox, {}, 'root');
  const iam = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');

  it('tells a missing bucket from a missing IAM entity', async () => {
    const bucket = await failure(s3.deleteBucket(a, 'no-such-bucket-here'));
    expect(isGone(bucket, 'bucket')).toBe(true);
    expect(isGone(bucket, 'iam')).toBe(false);
    const user = await failure(iam.deleteUser(a, 'nobody'));
    expect(isGone(user, 'iam')).toBe(true);
    expect(isGone(user, 'bucket')).toBe(false);
  });

  it('names a taken bucket name (global across accounts) and a taken IAM name', async () => {
    await s3.createBucket(b, 'taken-by-other', 'us-east-1');
    expect(isNameTaken(await failure(s3.createBucket(a, 'taken-by-other', 'us-east-1')), 'bucket')).toBe(true);
    await iam.createUser(a, { name: 'twice', tags: [] });
    const taken = await failure(iam.createUser(a, { name: 'twice', tags: [] }));
    expect(isNameTaken(taken, 'iam')).toBe(true);
    expect(isGone(taken, 'iam')).toBe(false);
  });

  it('names an entity still in use and a limit reached', async () => {
    await iam.createUser(a, { name: 'keyed', tags: [] });
    await iam.createAccessKey(a, 'keyed');
    await iam.createAccessKey(a, 'keyed');
    expect(isLimitReached(await failure(iam.createAccessKey(a, 'keyed')), 'accessKeys')).toBe(true);
    expect(isInUse(await failure(iam.deleteUser(a, 'keyed')), 'iam')).toBe(true);
  });

  it('turns absence into a value, and only absence', async () => {
    expect(await unlessGone(iam.listAccessKeys(a, 'nobody'), 'iam', [])).toEqual([]);
    expect(await existed(iam.deleteUser(a, 'nobody'), 'iam')).toBe(false);
    await iam.createUser(a, { name: 'short-lived', tags: [] });
    expect(await existed(iam.deleteUser(a, 'short-lived'), 'iam')).toBe(true);
    await expect(unlessGone(iam.deleteUser(a, 'keyed'), 'iam', null)).rejects.toMatchObject({ awsCode: 'DeleteConflict' });
  });

  it("names a refusal of the caller's rights, by the service that refused it, and nothing else", async () => {
    // S3 answers a HEAD of another account's bucket 403, with no code (a HEAD answer has no body).
    await s3.createBucket(b, 'refused-to-a', 'us-east-1');
    sandbox.faults.add({ operation: 'DeleteUser', nth: 1, error: { name: 'AccessDenied', httpStatusCode: 403 } });
    const denied = await failure(iam.deleteUser(a, 'keyed'));
    expect(isForbidden(denied, 'iam')).toBe(true);
    expect(isForbidden(denied, 's3')).toBe(false);
    expect(await s3.headBucket(a, 'refused-to-a')).toBe('forbidden');
    expect(isForbidden(await failure(iam.deleteUser(a, 'nobody')), 'iam')).toBe(false);
    expect(isForbidden(new Error('AccessDenied'), 'iam')).toBe(false);
  });
});

describe('unlessOutOfReach, under the policy of deploy/iam', () => {
  const sandbox = new AwsSandbox();
  const account = testAccount({ id: '111111111111' });
  grantServicePolicy(sandbox, account);
  const iam = gatewayOnSandbox(IamGateway, sandbox);
  const s3 = gatewayOnSandbox(S3Gateway, sandbox);
  const asRoot = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');

  it('turns the AccessDenied IAM answers for a missing name, or one outside the service path, into absence', async () => {
    await expect(iam.getGroup(account, 'never-made')).rejects.toMatchObject({ awsCode: 'AccessDenied' });
    expect(await unlessOutOfReach(iam.getGroup(account, 'never-made'), null)).toBeNull();
    await asRoot.createGroup(account, 'someone-elses');
    expect(await unlessOutOfReach(iam.getGroup(account, 'someone-elses'), null)).toBeNull();
    await iam.createGroup(account, 'ours', '/s3-api/b/');
    expect((await unlessOutOfReach(iam.getGroup(account, 'ours'), null))?.group.Path).toBe('/s3-api/b/');
  });

  it("lets another service's refusal through", async () => {
    await gatewayOnSandbox(S3Gateway, sandbox, {}, 'root').createBucket(b, 'another-accounts-bucket', 'us-east-1');
    await expect(unlessOutOfReach(s3.getBucketTags(account, 'another-accounts-bucket'), null)).rejects.toMatchObject({
      awsCode: 'AccessDenied',
      service: 's3',
    });
  });
});
