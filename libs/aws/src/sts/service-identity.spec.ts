import { describe, expect, it, vi } from 'vitest';
import type { AwsAccount } from '../accounts/aws-account.js';
import { ServiceIdentity } from './service-identity.js';
import type { StsGateway } from './sts.gateway.js';

const account = {
  id: '123456789012',
  name: 'prod',
  region: 'us-east-1',
  org: 'acme',
  domains: {},
  allowedRegions: [],
  sessionDurationSeconds: 900,
  accessModel: 'groups',
} as AwsAccount;

function identity(callerArn: (account: AwsAccount) => Promise<string>) {
  const sts = { callerArn: vi.fn(callerArn) };
  return { service: new ServiceIdentity(sts as unknown as StsGateway), sts };
}

describe('ServiceIdentity', () => {
  it('knows the role session from the configuration, without asking STS', async () => {
    const { service, sts } = identity(async () => 'unused');
    expect(await service.of({ ...account, roleArn: 'arn:aws:iam::123456789012:role/team/s3-api' })).toEqual({
      arn: 'arn:aws:sts::123456789012:assumed-role/s3-api/s3-api-prod',
      principalArn: 'arn:aws:iam::123456789012:role/team/s3-api',
    });
    expect(sts.callerArn).not.toHaveBeenCalled();
  });

  it('asks STS once per account who the base credentials are, and names a session by its role', async () => {
    const { service, sts } = identity(async () => 'arn:aws:sts::123456789012:assumed-role/node-role/i-0abc');
    const [a, b] = await Promise.all([service.of(account), service.of(account)]);
    expect(a).toEqual({ arn: 'arn:aws:sts::123456789012:assumed-role/node-role/i-0abc', principalArn: 'arn:aws:iam::123456789012:role/node-role' });
    expect(b).toBe(a);
    expect(sts.callerArn).toHaveBeenCalledTimes(1);
    const root = identity(async () => 'arn:aws:iam::123456789012:root').service;
    expect(await root.of(account)).toEqual({ arn: 'arn:aws:iam::123456789012:root', principalArn: 'arn:aws:iam::123456789012:root' });
  });

  it('does not keep a failed answer: the next request asks again', async () => {
    const { service, sts } = identity(vi.fn().mockRejectedValueOnce(new Error('throttled')).mockResolvedValue('arn:aws:iam::123456789012:user/s3-api'));
    await expect(service.of(account)).rejects.toThrow('throttled');
    expect(await service.of(account)).toMatchObject({ principalArn: 'arn:aws:iam::123456789012:user/s3-api' });
    expect(sts.callerArn).toHaveBeenCalledTimes(2);
  });
});
