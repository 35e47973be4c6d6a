import { describe, expect, it, vi } from 'vitest';
import type { AwsAccount, IamGateway, IamGroup, IamPolicy } from '#aws';
import { Saga } from '#common';
import { strictMock, testAccount, testWaits } from '../../../../test/support/unit.js';
import type { AppConfig } from '../config/app-config.js';
import { AccessService } from './access.service.js';
import type { NameClaims } from './name-claims.js';

const account = testAccount();
const PATH = '/s3-api/bkt1/';
const RW_POLICY_ARN = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktRWPlc';

const awsError = (code: string) => Object.assign(new Error(code), { awsCode: code });
const group = (name: string, path = PATH): IamGroup => ({
  Arn: `arn:aws:iam::111111111111:group${path}${name}`,
  GroupName: name,
  GroupId: 'G',
  Path: path,
  CreateDate: '',
});
const policy = { Arn: RW_POLICY_ARN, PolicyName: 'bkt1-BktRWPlc' } as IamPolicy;

const fakeIam = (stubs: { [K in keyof IamGateway]?: unknown }) => strictMock<IamGateway>(stubs);
const accessService = (iam: IamGateway) =>
  new AccessService(iam, testWaits(), { reconciler: { graceSeconds: 900 } } as AppConfig, strictMock<NameClaims>({}), {});
/** The claim on bkt1, as a delete that removed the bucket before it was cut off leaves it. */
const markedClaim = { Arn: 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktAdmPlc', Tags: [{ Key: 's3-api:deleting', Value: 'd' }] };

describe('AccessService.ensureAccessGroup', () => {
  it('reuses the group and policy a concurrent request just made, and undoes nothing of theirs', async () => {
    const iam = fakeIam({
      getGroup: vi
        .fn()
        .mockResolvedValueOnce(null)
        .mockResolvedValue({ group: group('bkt1-BktRWGrp'), users: [] }),
      createPolicy: vi.fn().mockRejectedValue(awsError('EntityAlreadyExists')),
      getPolicy: vi.fn().mockResolvedValue(policy),
      createGroup: vi.fn().mockRejectedValue(awsError('EntityAlreadyExists')),
      attachGroupPolicy: vi.fn().mockResolvedValue(undefined),
    });
    const saga = new Saga();
    const made = await accessService(iam).ensureAccessGroup(saga, account, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    expect(made.GroupName).toBe('bkt1-BktRWGrp');
    expect(iam.attachGroupPolicy).toHaveBeenCalledWith(account, 'bkt1-BktRWGrp', RW_POLICY_ARN);
    expect(await saga.compensate()).toEqual([]);
    expect(iam.getGroup).toHaveBeenCalledTimes(2);
  });

  it('refuses a group of that name outside the bucket path, and deletes the policy it made', async () => {
    const iam = fakeIam({
      getGroup: vi
        .fn()
        .mockResolvedValueOnce(null)
        .mockResolvedValue({ group: group('bkt1-BktRWGrp', '/'), users: [] }),
      createPolicy: vi.fn().mockResolvedValue(policy),
      createGroup: vi.fn().mockRejectedValue(awsError('EntityAlreadyExists')),
      deletePolicy: vi.fn().mockResolvedValue(undefined),
    });
    const saga = new Saga();
    await expect(accessService(iam).ensureAccessGroup(saga, account, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1')).rejects.toMatchObject({
      code: 'AccessNameTaken',
    });
    expect(await saga.compensate()).toEqual([]);
    expect(iam.deletePolicy).toHaveBeenCalledWith(account, RW_POLICY_ARN);
  });

  it('keeps a group it made once another request has a member in it', async () => {
    const iam = fakeIam({
      getGroup: vi
        .fn()
        .mockResolvedValueOnce(null)
        .mockResolvedValue({ group: group('bkt1-BktRWGrp'), users: [{ UserName: 'theirs' }] }),
      createPolicy: vi.fn().mockResolvedValue(policy),
      createGroup: vi.fn().mockResolvedValue(group('bkt1-BktRWGrp')),
      attachGroupPolicy: vi.fn().mockResolvedValue(undefined),
      deletePolicy: vi.fn().mockRejectedValue(awsError('DeleteConflict')),
    });
    const saga = new Saga();
    await accessService(iam).ensureAccessGroup(saga, account, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    expect(await saga.compensate()).toEqual([]);
    expect(iam.deleteGroup).not.toHaveBeenCalled();
    expect(iam.detachGroupPolicy).not.toHaveBeenCalled();
  });

  it('removes a group and policy it made when nobody joined, group first', async () => {
    const order: string[] = [];
    const iam = fakeIam({
      getGroup: vi
        .fn()
        .mockResolvedValueOnce(null)
        .mockResolvedValue({ group: group('bkt1-BktRWGrp'), users: [] }),
      createPolicy: vi.fn().mockResolvedValue(policy),
      createGroup: vi.fn().mockResolvedValue(group('bkt1-BktRWGrp')),
      attachGroupPolicy: vi.fn().mockResolvedValue(undefined),
      detachGroupPolicy: vi.fn(async () => void order.push('detach')),
      deleteGroup: vi.fn(async () => void order.push('deleteGroup')),
      deletePolicy: vi.fn(async () => void order.push('deletePolicy')),
    });
    const saga = new Saga();
    await accessService(iam).ensureAccessGroup(saga, account, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    expect(await saga.compensate()).toEqual([]);
    expect(order).toEqual(['detach', 'deleteGroup', 'deletePolicy']);
  });
});

describe('AccessService.removeAccess, finishing a delete cut off after its bucket went', () => {
  it('treats everything already gone as done', async () => {
    const gone = vi.fn().mockRejectedValue(awsError('NoSuchEntity'));
    const iam = fakeIam({
      getPolicy: vi.fn(async (_a: AwsAccount, arn: string) => (arn === markedClaim.Arn ? markedClaim : null)),
      listGroups: vi.fn().mockResolvedValue([]),
      listUsers: vi.fn().mockResolvedValue([]),
      listPolicies: vi.fn().mockResolvedValue([]),
      getGroup: vi.fn().mockResolvedValue(null),
      deletePolicy: gone,
    });
    expect(await accessService(iam).removeAccess(account, 'bkt1')).toEqual({ users: [], groups: [], policies: [], released: false });
    // 4 known groups and 4 known policies, all under the bucket path: nothing where older tooling put its own.
    expect(iam.getGroup).toHaveBeenCalledTimes(4);
    const asked = [...vi.mocked(iam.getPolicy).mock.calls, ...vi.mocked(iam.deletePolicy).mock.calls].map(([, arn]) => arn);
    expect([...new Set(asked)].sort()).toEqual(
      ['BktAdmPlc', 'BktRWPlc', 'BktROPlc', 'WebAdmPlc'].map((suffix) => `arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-${suffix}`).sort(),
    );
    // Only the claim is left to delete, and it goes whether or not IAM still had it.
    expect(vi.mocked(iam.deletePolicy).mock.calls.map(([, arn]) => arn)).toEqual([markedClaim.Arn]);
  });

  it('finishes a half-done delete: deletes non-default versions before the policy, tolerates vanished members', async () => {
    const order: string[] = [];
    let versions = [
      { VersionId: 'v1', IsDefaultVersion: false },
      { VersionId: 'v2', IsDefaultVersion: true },
    ];
    const iam = fakeIam({
      getPolicy: vi.fn().mockResolvedValue(markedClaim),
      listGroups: vi.fn().mockResolvedValue([group('bkt1-docs-BktROGrp')]),
      listUsers: vi.fn().mockResolvedValue([]),
      listPolicies: vi.fn().mockResolvedValue([]),
      getGroup: vi.fn(async (_a: AwsAccount, name: string) =>
        name === 'bkt1-docs-BktROGrp' ? { group: group(name), users: [{ UserName: 'vanished' }] } : null,
      ),
      listGroupsForUser: vi.fn().mockRejectedValue(awsError('NoSuchEntity')),
      listAttachedGroupPolicies: vi.fn().mockResolvedValue([]),
      deleteGroup: vi.fn(async () => void order.push('deleteGroup')),
      listPolicyVersions: vi.fn(async () => versions),
      deletePolicyVersion: vi.fn(async (_a: AwsAccount, _arn: string, v: string) => {
        versions = versions.filter((version) => version.VersionId !== v);
        order.push(`deleteVersion ${v}`);
      }),
      // As IAM: a policy with versions besides its default one is refused.
      deletePolicy: vi.fn(async (_a: AwsAccount, arn: string) => {
        if (arn !== RW_POLICY_ARN) throw awsError('NoSuchEntity');
        if (versions.length > 1) throw awsError('DeleteConflict');
        order.push('deletePolicy');
      }),
    });
    const result = await accessService(iam).removeAccess(account, 'bkt1');
    expect(result).toEqual({ users: [], groups: ['bkt1-docs-BktROGrp'], policies: ['bkt1-BktRWPlc'], released: false });
    // The group and the old versions go independently; the policy only after its old versions.
    expect(order).toHaveLength(3);
    expect(order).toContain('deleteGroup');
    expect(order.indexOf('deleteVersion v1')).toBeLessThan(order.indexOf('deletePolicy'));
  });

  it('finds by their exact IAM path a user that already lost its memberships and a policy already detached', async () => {
    const deleted: string[] = [];
    const scopedArn = `arn:aws:iam::${account.id}:policy/s3-api/bkt1/bkt1-docs-BktRWPlc`;
    const iam = fakeIam({
      getPolicy: vi.fn().mockResolvedValue(markedClaim),
      listGroups: vi.fn().mockResolvedValue([]),
      getGroup: vi.fn().mockResolvedValue(null),
      listUsers: vi.fn().mockResolvedValue([
        { UserName: 'stranded', Path: '/s3-api/bkt1/' },
        { UserName: 'deeper', Path: '/s3-api/bkt1/other/' },
      ]),
      listPolicies: vi.fn().mockResolvedValue([{ Arn: scopedArn, Path: '/s3-api/bkt1/' }]),
      listGroupsForUser: vi.fn().mockResolvedValue([]),
      listAccessKeys: vi.fn().mockResolvedValue([{ AccessKeyId: 'AKIAOLD' }]),
      listAttachedUserPolicies: vi.fn().mockResolvedValue([]),
      listUserPolicies: vi.fn().mockResolvedValue([]),
      deleteAccessKey: vi.fn(async (_a: AwsAccount, _u: string, id: string) => void deleted.push(`key ${id}`)),
      deleteUser: vi.fn(async (_a: AwsAccount, user: string) => void deleted.push(`user ${user}`)),
      deletePolicy: vi.fn(async (_a: AwsAccount, arn: string) => {
        if (arn !== scopedArn) throw awsError('NoSuchEntity');
        deleted.push(`policy ${arn}`);
      }),
    });
    const result = await accessService(iam).removeAccess(account, 'bkt1');
    expect(result.users).toEqual(['stranded']);
    expect(result.policies).toEqual(['bkt1-docs-BktRWPlc']);
    expect(deleted).toEqual(expect.arrayContaining(['key AKIAOLD', 'user stranded', `policy ${scopedArn}`]));
    expect(deleted).not.toContain('user deeper');
  });
});
