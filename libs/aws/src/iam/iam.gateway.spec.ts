import { describe, expect, it } from 'vitest';
import { AwsSandbox, ManualClock } from '#aws-sandbox';
import { gatewayOnSandbox, testAccount } from '../../../../test/support/unit.js';
import { IamGateway } from './iam.gateway.js';

const account = testAccount({ name: 'a', id: '123456789012', org: 'o' });
// AWS's own answers, unlimited by the service's policy.
const gateway = (sandbox: AwsSandbox): IamGateway => gatewayOnSandbox(IamGateway, sandbox, {}, 'root');

describe('IamGateway right after a create, on an eventually consistent IAM', () => {
  it('uses a new user and group at once: writes see IAM as it is, so each takes one call', async () => {
    const sandbox = new AwsSandbox({ clock: new ManualClock(), propagation: 'aws' });
    const iam = gateway(sandbox);
    await iam.createUser(account, { name: 'fresh-user', tags: [] });
    await iam.createGroup(account, 'fresh-group');
    await iam.addUserToGroup(account, 'fresh-user', 'fresh-group');
    expect((await iam.createAccessKey(account, 'fresh-user')).AccessKeyId).toMatch(/^AKIA/);
    expect(sandbox.calls.count({ operation: 'AddUserToGroup' })).toBe(1);
    expect(sandbox.calls.count({ operation: 'CreateAccessKey' })).toBe(1);
    // Reads do not show them yet: that is for the callers that read to wait for.
    expect(await iam.getUser(account, 'fresh-user')).toBeNull();
  });

  it('answers NoSuchEntity for what does not exist at once, without a blanket wait', async () => {
    const sandbox = new AwsSandbox();
    await expect(gateway(sandbox).addUserToGroup(account, 'nobody', 'no-group')).rejects.toMatchObject({ awsCode: 'NoSuchEntity' });
    expect(sandbox.calls.count({ operation: 'AddUserToGroup' })).toBe(1);
  });
});
