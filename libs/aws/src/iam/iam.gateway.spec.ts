import { describe, expect, it } from 'vitest';
import { AwsSandbox } from '#aws-sandbox';
import { gatewayOnSandbox, testAccount } from '../../../../test/support/unit.js';
import { IamGateway } from './iam.gateway.js';

const account = testAccount({ name: 'a', id: '123456789012', org: 'o' });
const gateway = (sandbox: AwsSandbox): IamGateway => gatewayOnSandbox(IamGateway, sandbox);

describe('IamGateway right after a create', () => {
  it('waits out a NoSuchEntity while IAM makes the new user and group visible', async () => {
    const sandbox = new AwsSandbox();
    const iam = gateway(sandbox);
    await iam.createUser(account, { name: 'fresh-user', tags: [] });
    await iam.createGroup(account, 'fresh-group');
    sandbox.faults.add({ operation: 'AddUserToGroup', times: 2, error: { name: 'NoSuchEntity', httpStatusCode: 404 } });
    sandbox.faults.add({ operation: 'CreateAccessKey', times: 1, error: { name: 'NoSuchEntity', httpStatusCode: 404 } });
    await iam.addUserToGroup(account, 'fresh-user', 'fresh-group');
    expect((await iam.createAccessKey(account, 'fresh-user')).AccessKeyId).toMatch(/^AKIA/);
    expect(sandbox.calls.count({ operation: 'AddUserToGroup' })).toBe(3);
    expect(sandbox.calls.count({ operation: 'CreateAccessKey' })).toBe(2);
  });

  it('still answers NoSuchEntity when the entity really does not exist, after a bounded wait', async () => {
    const sandbox = new AwsSandbox();
    const iam = gateway(sandbox);
    const started = Date.now();
    await expect(iam.addUserToGroup(account, 'nobody', 'no-group')).rejects.toMatchObject({ awsCode: 'NoSuchEntity' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sandbox.calls.count({ operation: 'AddUserToGroup' })).toBe(4);
  });
});
