import {
  CreateLoginProfileCommand,
  CreatePolicyVersionCommand,
  CreateServiceSpecificCredentialCommand,
  EnableMFADeviceCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import {
  type AwsAccount,
  bucketAccessPolicy,
  claimsBucketName,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  IamGateway,
  type IamGroup,
  type IamPolicy,
  PropagationWaits,
  S3Gateway,
} from '#aws';
import { AwsSandbox, createSandboxClients, ManualClock, SandboxErrors } from '#aws-sandbox';
import { Saga } from '#common';
import { gatewayOnSandbox, strictMock, testAccount, testWaits } from '../../../../test/support/unit.js';
import type { AppConfig } from '../config/app-config.js';
import { AccessService, type NameClaim } from './access.service.js';
import type { AccessGroupKind } from './access-names.js';
import { NameClaims } from './name-claims.js';

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

/** The service on the emulated IAM, as the account's root: what a caller would find in IAM afterwards. */
function onSandbox(overrides: Partial<AwsAccount> = {}) {
  const sandbox = new AwsSandbox();
  const iam = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');
  const acct = testAccount(overrides);
  const access = new AccessService(iam, testWaits(), { reconciler: { graceSeconds: 900 } } as AppConfig, strictMock<NameClaims>({}), {});
  const under = async (bucket: string) => ({
    groups: (await iam.listGroups(acct, `/s3-api/${bucket}/`)).map((g) => g.GroupName).sort(),
    policies: (await iam.listPolicies(acct, `/s3-api/${bucket}/`)).map((p) => p.PolicyName).sort(),
    users: (await iam.listUsers(acct, `/s3-api/${bucket}/`)).map((u) => u.UserName).sort(),
  });
  return { sandbox, iam, account: acct, access, under };
}

/** The service on the emulated IAM on a clock only the test (and, with `waitOnSandbox`, the service's waits) moves; the service reads it as its own. */
function onClockedSandbox(waitOnSandbox = false) {
  const clock = new ManualClock();
  const sandbox = new AwsSandbox({ clock });
  const iam = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');
  const acct = testAccount();
  const waits = waitOnSandbox ? new PropagationWaits({ sandbox }) : testWaits();
  const access = new AccessService(iam, waits, { reconciler: { graceSeconds: 900 } } as AppConfig, strictMock<NameClaims>({}), { now: () => clock.now() });
  return { clock, sandbox, iam, account: acct, access };
}

describe('AccessService on the emulated IAM, groups model', () => {
  it('claims a name once: a second create of it is refused, a retry of the same request keeps its claim', async () => {
    const { iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    expect(claim?.policy?.Arn).toBe('arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktAdmPlc');
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2')).toBeNull();
    expect((await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1'))?.policy?.Arn).toBe(claim?.policy?.Arn);
    const made = await iam.getPolicy(acct, claim!.policy!.Arn);
    expect(made?.Tags).toContainEqual({ Key: 's3-api:request', Value: 'req-1' });
  });

  it("makes a bucket's admin group with the claim attached, and its undo leaves nothing under the bucket's path", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    const plan = await access.planBucketAccess(acct, 'bkt1');
    expect(plan.need).toEqual({ groups: 1 });
    const made = await plan.make(saga, claim!);
    expect(made.group?.GroupName).toBe('bkt1-BktAdmGrp');
    expect(made.group?.Path).toBe('/s3-api/bkt1/');
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktAdmGrp')).map((p) => p.PolicyArn)).toEqual([claim!.policy!.Arn]);
    expect(await under('bkt1')).toEqual({ groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'], users: [] });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it("makes a website's admin and web-admin groups, the web-admin one limited to its distribution", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 's.example.com', true, 'req-1');
    const plan = await access.planWebsiteAccess(acct, 's.example.com', 'req-1');
    expect(plan.need).toEqual({ groups: 2, policies: 1 });
    const distributionArn = 'arn:aws:cloudfront::111111111111:distribution/E123';
    const made = await plan.make(saga, { claim: claim!, distributionArn });
    expect(made.admin.group?.GroupName).toBe('s.example.com-BktAdmGrp');
    expect(made.webAdmin.group?.GroupName).toBe('s.example.com-WebAdmGrp');
    expect(await under('s.example.com')).toEqual({
      groups: ['s.example.com-BktAdmGrp', 's.example.com-WebAdmGrp'],
      policies: ['s.example.com-BktAdmPlc', 's.example.com-WebAdmPlc'],
      users: [],
    });
    expect(JSON.stringify(await iam.getPolicyDocument(acct, made.webAdmin.policy.Arn, 'v1'))).toContain(distributionArn);
    expect((await access.findWebAdminGroup(acct, 's.example.com', true))?.GroupName).toBe('s.example.com-WebAdmGrp');
    expect(await access.findWebAdminGroup(acct, 'other.example.com', false)).toBeNull();
    await expect(access.findWebAdminGroup(acct, 'other.example.com', true)).rejects.toMatchObject({ code: 'WebAdminGroupMissing' });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('s.example.com')).toEqual({ groups: [], policies: [], users: [] });
  });

  it("refuses a web-admin group of that name made outside the site's path", async () => {
    const { iam, account: acct, access } = onSandbox();
    await iam.createGroup(acct, 's.example.com-WebAdmGrp', '/');
    expect(await access.findWebAdminGroup(acct, 's.example.com', false)).toBeNull();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 's.example.com', true, 'req-1');
    const plan = await access.planWebsiteAccess(acct, 's.example.com', 'req-1');
    await expect(plan.make(saga, { claim: claim!, distributionArn: 'arn:aws:cloudfront::111111111111:distribution/E1' })).rejects.toMatchObject({
      code: 'AccessNameTaken',
    });
  });

  it('lists, tells apart and removes the users of a bucket; a user of another bucket too only leaves this one', async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const rw = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    const ro = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt2', website: false }, 'BktROGrp', 'req-1');
    expect(rw.GroupName).toBe('bkt1-BktRWGrp');
    expect(await access.findAccessGroup(acct, 'bkt1', 'BktRWGrp')).toMatchObject({ GroupName: 'bkt1-BktRWGrp' });
    expect(await access.findAccessGroup(acct, 'bkt1', 'BktROGrp')).toBeNull();
    await iam.createUser(acct, { name: 'alice', path: '/s3-api/bkt1/', tags: [] });
    await iam.createUser(acct, { name: 'bob', path: '/s3-api/bkt1/', tags: [] });
    await iam.createUser(acct, { name: 'carol', tags: [] });
    await access.join(saga, acct, 'alice', rw.GroupName);
    await access.join(saga, acct, 'bob', rw.GroupName);
    await access.join(saga, acct, 'bob', ro.GroupName);
    await iam.createAccessKey(acct, 'alice');
    expect((await access.listUsers(acct, 'bkt1')).map((u) => u.UserName).sort()).toEqual(['alice', 'bob']);
    expect(await access.listUsers(acct, 'bkt3')).toEqual([]);

    const alice = await access.membership(acct, 'bkt1', 'alice');
    expect(alice).toMatchObject({ belongs: true, bucketGroups: [{ GroupName: 'bkt1-BktRWGrp' }] });
    expect(await access.membership(acct, 'bkt2', 'alice')).toMatchObject({ belongs: false, bucketGroups: [] });
    expect(await access.membership(acct, 'bkt1', 'carol')).toMatchObject({ belongs: false });
    expect(await access.membership(acct, 'bkt1', 'nobody')).toBeNull();

    const bob = (await access.membership(acct, 'bkt1', 'bob'))!;
    expect(await access.removeUser(acct, bob.user, bob.bucketGroups, 'bkt1')).toEqual({ deleted: false, deletedKeyIds: [], groups: ['bkt1-BktRWGrp'] });
    expect((await iam.listGroupsForUser(acct, 'bob')).map((g) => g.GroupName)).toEqual(['bkt2-BktROGrp']);

    const removed = await access.removeUser(acct, alice!.user, alice!.bucketGroups, 'bkt1');
    expect(removed.deleted).toBe(true);
    expect(removed.deletedKeyIds).toHaveLength(1);
    expect(removed.groups).toEqual(['bkt1-BktRWGrp']);
    expect(await iam.getUser(acct, 'alice')).toBeNull();
    expect(await under('bkt1')).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktRWPlc'], users: ['bob'] });
  });

  it("tells a user the service made for the bucket, in no group, as the bucket's, and one tagged for another bucket as not", async () => {
    const { iam, account: acct, access } = onSandbox();
    await iam.createUser(acct, { name: 'stranded', path: '/s3-api/bkt1/', tags: [] });
    await iam.createUser(acct, { name: 'tagged', path: '/s3-api/bkt1/', tags: [{ Key: 's3-api:bucket', Value: 'bkt1' }] });
    await iam.createUser(acct, { name: 'elsewhere', path: '/s3-api/bkt1/', tags: [{ Key: 's3-api:bucket', Value: 'bkt2' }] });
    expect(await access.membership(acct, 'bkt1', 'stranded')).toMatchObject({ belongs: true, groups: [] });
    expect(await access.membership(acct, 'bkt1', 'tagged')).toMatchObject({ belongs: true });
    expect(await access.membership(acct, 'bkt1', 'elsewhere')).toMatchObject({ belongs: false });
    expect(await access.membership(acct, 'bkt2', 'stranded')).toMatchObject({ belongs: false });
  });

  it("deletes a bucket's whole access, claim last, and answers what it removed", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    const rw = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'alice', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'alice', rw.GroupName);
    await iam.createUser(acct, { name: 'shared', tags: [] });
    await iam.createGroup(acct, 'elsewhere');
    await access.join(saga, acct, 'shared', rw.GroupName);
    await access.join(saga, acct, 'shared', 'elsewhere');
    const states: string[][] = [];
    const result = await access.removeAccess(acct, 'bkt1', async () => {
      states.push((await under('bkt1')).policies);
    });
    // While the bucket is deleted, only the claim is left: the name stays taken until the bucket is gone.
    expect(states).toEqual([['bkt1-BktAdmPlc']]);
    expect(result).toEqual({
      users: ['alice'],
      groups: expect.arrayContaining(['bkt1-BktAdmGrp', 'bkt1-BktRWGrp']),
      policies: expect.arrayContaining(['bkt1-BktAdmPlc', 'bkt1-BktRWPlc']),
      released: false,
    });
    expect(result.groups).toHaveLength(2);
    expect(result.policies).toHaveLength(2);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
    expect(await iam.getUser(acct, 'shared')).not.toBeNull();
    expect((await iam.listGroupsForUser(acct, 'shared')).map((g) => g.GroupName)).toEqual(['elsewhere']);
    // The name is free again.
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2')).not.toBeNull();
  });
});

describe('AccessService.refuseOverQuota', () => {
  const usage = { users: { used: 10, quota: 12 }, groups: { used: 5, quota: 5 }, policies: { used: 0, quota: 1500 } };
  const { access, account: acct } = onSandbox();
  it('lets a create that fills a quota exactly through', () => {
    expect(() => access.refuseOverQuota(acct, usage, { users: 2, policies: 1 }, 'the create')).not.toThrow();
    expect(() => access.refuseOverQuota(acct, usage, { groups: 0 }, 'the create')).not.toThrow();
  });
  it('refuses one that would go over, naming the quota and the usage', () => {
    expect(() => access.refuseOverQuota(acct, usage, { users: 3 }, 'the create of user x')).toThrow(
      "account 'test' has 10 of its 12 IAM users (quota UsersPerAccount) and the create of user x needs 3 more",
    );
    expect(() => access.refuseOverQuota(acct, usage, { groups: 1 }, 'the create')).toThrow('quota GroupsPerAccount');
  });
});

describe('AccessService on the emulated IAM, what a teardown leaves to a create under way', () => {
  it('gives a group found without its policy (an interrupted delete) the policy back', async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    const arn = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktROPlc';
    await iam.detachGroupPolicy(acct, 'bkt1-BktROGrp', arn);
    await iam.deletePolicy(acct, arn);
    const saga = new Saga();
    expect((await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-2')).GroupName).toBe('bkt1-BktROGrp');
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktROGrp')).map((p) => p.PolicyArn)).toEqual([arn]);
    expect(JSON.stringify(await iam.getPolicyDocument(acct, arn, 'v1'))).toContain('s3:GetObject');
    // Repaired, not made by this request: its undo leaves it.
    expect(await saga.compensate()).toEqual([]);
    expect(await iam.getGroup(acct, 'bkt1-BktROGrp')).not.toBeNull();
  });

  it('removes the leftovers of a bucket deleted outside the service only once they are older than the grace period', async () => {
    let now = Date.now();
    const sandbox = new AwsSandbox();
    const iam = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');
    const acct = testAccount();
    const access = new AccessService(iam, testWaits(), { reconciler: { graceSeconds: 900 } } as AppConfig, strictMock<NameClaims>({}), { now: () => now });
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    expect(await access.removeAccess(acct, 'bkt1')).toEqual({ users: [], groups: [], policies: [], released: false });
    expect(await iam.getGroup(acct, 'bkt1-BktAdmGrp')).not.toBeNull();
    now += 901_000;
    expect(await access.removeAccess(acct, 'bkt1')).toEqual({ users: [], groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'], released: false });
    expect(await iam.listPolicies(acct, '/s3-api/bkt1/')).toEqual([]);
  });

  it('holds one retag of a website at a time, until it unlocks', async () => {
    const { iam, account: acct, access } = onSandbox();
    expect(await access.lockTags(acct, 's.example.com', 'req-1')).toBe(true);
    expect(await access.lockTags(acct, 's.example.com', 'req-2')).toBe(false);
    // A retry of the same request, whose answer was lost, holds it.
    expect(await access.lockTags(acct, 's.example.com', 'req-1')).toBe(true);
    expect((await iam.listPolicies(acct, '/s3-api/s.example.com/')).map((p) => p.PolicyName)).toEqual(['s.example.com-TagsLock']);
    await access.unlockTags(acct, 's.example.com');
    await access.unlockTags(acct, 's.example.com');
    expect(await access.lockTags(acct, 's.example.com', 'req-2')).toBe(true);
  });
});

describe('AccessService on the emulated IAM, tags model', () => {
  const tagsAccount = { accessModel: 'tags' } as const;

  it("plans a bucket's admin access on the account's shared policy, counting it only while it is missing", async () => {
    const { account: acct, access, iam } = onSandbox(tagsAccount);
    const plan = await access.planBucketAccess(acct, 'bkt1');
    expect(plan.need).toEqual({ policies: 1 });
    const made = await plan.make(new Saga(), { policy: null });
    expect(made.group).toBeNull();
    expect(made.policy.PolicyName).toMatch(/^s3-api-BktAdmPlc-/);
    expect(await access.planBucketAccess(acct, 'bkt2').then((p) => p.need)).toEqual({ policies: 0 });
    expect(await iam.listGroups(acct, '/')).toEqual([]);
  });

  it("plans a website's admin and web-admin access on two shared policies", async () => {
    const { account: acct, access } = onSandbox(tagsAccount);
    const plan = await access.planWebsiteAccess(acct, 's.example.com', 'req-1');
    expect(plan.need).toEqual({ policies: 2 });
    const made = await plan.make(new Saga(), { claim: { policy: null }, distributionArn: 'arn:aws:cloudfront::111111111111:distribution/E1' });
    expect(made.admin.policy.PolicyName).toMatch(/^s3-api-SiteAdmPlc-/);
    expect(made.webAdmin.policy.PolicyName).toMatch(/^s3-api-WebAdmPlc-/);
    expect([made.admin.group, made.webAdmin.group]).toEqual([null, null]);
    expect((await access.planWebsiteAccess(acct, 's.example.com', 'req-2')).need).toEqual({ policies: 0 });
  });

  it("gives a user the strongest level asked for, its folder and the site's distribution, as tags and shared policies", async () => {
    const { account: acct, access, iam } = onSandbox(tagsAccount);
    await iam.createUser(acct, { name: 'u1', path: '/s3-api/s.example.com/', tags: [] });
    const plan = await access.planUserAccess(
      acct,
      's.example.com',
      { kinds: ['BktROGrp', 'BktRWGrp'], prefix: 'docs', webAdmin: true },
      Promise.resolve('E123'),
    );
    expect(plan.tags).toEqual([
      { Key: 's3-api:bucket', Value: 's.example.com' },
      { Key: 's3-api:access', Value: 'read-write' },
      { Key: 's3-api:prefix', Value: 'docs' },
      { Key: 's3-api:distribution-id', Value: 'E123' },
    ]);
    expect(plan.need).toEqual({ policies: 2 });
    const saga = new Saga();
    await plan.attach(saga, 'u1');
    const attached = (await iam.listAttachedUserPolicies(acct, 'u1')).map((p) => p.PolicyName).sort();
    expect(attached).toHaveLength(2);
    expect(attached[0]).toMatch(/^s3-api-PathRWPlc-/);
    expect(attached[1]).toMatch(/^s3-api-WebAdmPlc-/);
    expect(await saga.compensate()).toEqual([]);
    expect(await iam.listAttachedUserPolicies(acct, 'u1')).toEqual([]);
  });

  it('gives a user of a plain bucket the whole-bucket policy, and no distribution even when it asks to invalidate', async () => {
    const { account: acct, access, iam } = onSandbox(tagsAccount);
    await iam.createUser(acct, { name: 'u1', path: '/s3-api/bkt1/', tags: [] });
    const plan = await access.planUserAccess(acct, 'bkt1', { kinds: ['BktROGrp'], webAdmin: true }, Promise.resolve(undefined));
    expect(plan.tags).toEqual([
      { Key: 's3-api:bucket', Value: 'bkt1' },
      { Key: 's3-api:access', Value: 'read-only' },
    ]);
    expect(plan.need).toEqual({ policies: 1 });
    await plan.attach(new Saga(), 'u1');
    const attached = (await iam.listAttachedUserPolicies(acct, 'u1')).map((p) => p.PolicyName);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatch(/^s3-api-BktROPlc-/);
  });

  it('names the undo of an attachment that failed by the policy and the user', async () => {
    const { sandbox, account: acct, access, iam } = onSandbox(tagsAccount);
    await iam.createUser(acct, { name: 'u1', path: '/s3-api/bkt1/', tags: [] });
    const plan = await access.planUserAccess(acct, 'bkt1', { kinds: ['BktROGrp'], webAdmin: false }, Promise.resolve(undefined));
    const saga = new Saga();
    await plan.attach(saga, 'u1');
    sandbox.faults.add({ service: 'iam', operation: 'DetachUserPolicy', error: SandboxErrors.internal() });
    expect((await saga.compensate()).map((failure) => failure.step)).toEqual([expect.stringMatching(/^attach s3-api-BktROPlc-\S+ to u1$/)]);
  });

  it("gives a website's admin the website admin policy, and a web admin alone only the tags to invalidate", async () => {
    const { account: acct, access } = onSandbox(tagsAccount);
    const admin = await access.planUserAccess(
      acct,
      's.example.com',
      { kinds: ['BktAdmGrp', 'BktROGrp'], webAdmin: false, website: true },
      Promise.resolve('E1'),
    );
    expect(admin.tags).toEqual([
      { Key: 's3-api:bucket', Value: 's.example.com' },
      { Key: 's3-api:access', Value: 'admin' },
    ]);
    expect(admin.need).toEqual({ policies: 1 });
    const webAdmin = await access.planUserAccess(acct, 's.example.com', { kinds: [], webAdmin: true, website: true }, Promise.resolve('E1'));
    expect(webAdmin.tags).toEqual([
      { Key: 's3-api:bucket', Value: 's.example.com' },
      { Key: 's3-api:distribution-id', Value: 'E1' },
    ]);
    expect(webAdmin.need).toEqual({ policies: 1 });
  });
});

describe("AccessService on the emulated IAM and S3, the tags model's claim on a name", () => {
  /** The tags model, whose claims are objects in the account's claims bucket; the sandbox and the service read one clock, which only the test moves. */
  function claimsOnSandbox(s3Options: { maxAttempts?: number } = {}) {
    const clock = new ManualClock();
    const sandbox = new AwsSandbox({ clock });
    const acct = testAccount({ accessModel: 'tags' });
    sandbox.createBucket(acct.id, claimsBucketName(acct.id));
    const iam = gatewayOnSandbox(IamGateway, sandbox, {}, 'root');
    const claims = new NameClaims(gatewayOnSandbox(S3Gateway, sandbox, s3Options, 'root'), testWaits());
    const access = new AccessService(iam, testWaits(), { reconciler: { graceSeconds: 900 } } as AppConfig, claims, { now: () => clock.now() });
    return { sandbox, iam, claims, account: acct, access, clock };
  }

  /** Runs `meanwhile` while the next claim delete is held: between a release's read of the claim and its delete. */
  const beforeNextDelete = (sandbox: AwsSandbox, meanwhile: () => Promise<void>): number =>
    sandbox.faults.add({ service: 's3', operation: 'DeleteObject', nth: 1, hold: meanwhile });

  it('claims a name once; its undo frees it for the next create', async () => {
    const { account: acct, access, claims } = claimsOnSandbox();
    const saga = new Saga();
    expect(await access.claimName(saga, acct, 'bkt1', false, 'req-1')).toEqual({ policy: null });
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2')).toBeNull();
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1')).toEqual({ policy: null });
    expect(await saga.compensate()).toEqual([]);
    expect(await claims.read(acct, 'bkt1')).toBeNull();
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2')).toEqual({ policy: null });
  });

  it("keeps the claim when another undo of the create failed, leaves another request's to it, and names the undo of its own that failed", async () => {
    const { account: acct, access, claims, sandbox } = claimsOnSandbox();
    const saga = new Saga();
    await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    const refused = new Saga();
    expect(await access.claimName(refused, acct, 'bkt1', false, 'req-2')).toBeNull();
    expect(await refused.compensate()).toEqual([]);
    expect(await claims.read(acct, 'bkt1')).not.toBeNull();
    await saga.step(
      'a later step',
      async () => undefined,
      async () => Promise.reject(new Error('undo failed')),
    );
    expect((await saga.compensate()).map((failure) => failure.step)).toEqual(['a later step']);
    expect(await claims.read(acct, 'bkt1')).not.toBeNull();

    const other = new Saga();
    await access.claimName(other, acct, 'bkt2', false, 'req-1');
    sandbox.faults.add({ service: 's3', operation: 'DeleteObject', error: SandboxErrors.internal() });
    expect((await other.compensate()).map((failure) => failure.step)).toEqual(['claim bkt2: write its claim object']);
  });

  it('does not claim a name an IAM claim still holds (a bucket of the groups model being deleted)', async () => {
    const { account: acct, access, iam } = claimsOnSandbox();
    await iam.createPolicy(acct, {
      name: 'bkt1-BktAdmPlc',
      path: '/s3-api/bkt1/',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bkt1' }] },
      description: 'claim',
      tags: [],
    });
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1')).toBeNull();
  });

  it('releases the claim once the bucket is deleted, and not before', async () => {
    const { account: acct, access, claims } = claimsOnSandbox();
    await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    let heldWhileDeleting = false;
    const result = await access.removeAccess(acct, 'bkt1', async () => {
      heldWhileDeleting = (await claims.tags(acct, 'bkt1'))?.some((tag) => tag.Key === 's3-api:deleting') ?? false;
    });
    expect(heldWhileDeleting).toBe(true);
    expect(result).toEqual({ users: [], groups: [], policies: [], released: true });
    expect(await claims.read(acct, 'bkt1')).toBeNull();
  });

  it('finishes a delete cut off after its bucket went; leaves a claim not being deleted until it is older than the grace period', async () => {
    const { account: acct, access, claims, clock } = claimsOnSandbox();
    await access.claimName(new Saga(), acct, 'cut', false, 'req-1');
    await claims.markDeleting(acct, 'cut');
    expect(await access.removeAccess(acct, 'cut')).toMatchObject({ released: true });
    expect(await claims.read(acct, 'cut')).toBeNull();

    await access.claimName(new Saga(), acct, 'young', false, 'req-2');
    expect(await access.removeAccess(acct, 'young')).toMatchObject({ released: false });
    expect(await claims.read(acct, 'young')).not.toBeNull();
    clock.advance(901_000);
    expect(await access.removeAccess(acct, 'young')).toMatchObject({ released: true });
    expect(await claims.read(acct, 'young')).toBeNull();
    expect(await access.removeLeftovers(acct, 'never-claimed', clock.now())).toMatchObject({ released: false });
  });

  it('a delete releases only the claim it marked: one a concurrent delete of the bucket released and a new create made again before it got there stays', async () => {
    const { account: acct, access, claims } = claimsOnSandbox();
    await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    let reclaimed: NameClaim | null = null;
    // While this delete deletes the bucket, another replica's delete of it finishes and a new create claims the name.
    const result = await access.removeAccess(acct, 'bkt1', async () => {
      expect(await access.removeAccess(acct, 'bkt1', async () => undefined)).toMatchObject({ released: true });
      reclaimed = await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2');
    });
    expect(result).toMatchObject({ released: false });
    expect(reclaimed).toEqual({ policy: null });
    expect((await claims.read(acct, 'bkt1'))?.tags).toContainEqual({ Key: 's3-api:request', Value: 'req-2' });
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-3')).toBeNull();
  });

  it('a delete of a bucket whose name has no claim object (made before the account moved to the tags model) releases none and deletes no object', async () => {
    const { account: acct, access, sandbox } = claimsOnSandbox();
    const mark = sandbox.calls.mark();
    expect(await access.removeAccess(acct, 'older', async () => undefined)).toMatchObject({ released: false });
    expect(sandbox.calls.since(mark, { service: 's3', operation: 'DeleteObject' })).toEqual([]);
  });

  it('a repeat of a delete cut off after its bucket went releases only the claim it found marked: one made again before its release stays', async () => {
    const { account: acct, access, claims, sandbox } = claimsOnSandbox();
    await access.claimName(new Saga(), acct, 'cut', false, 'req-1');
    await claims.markDeleting(acct, 'cut');
    let reclaimed: NameClaim | null = null;
    // Between this repeat's read of the marked claim and its release, another repeat finishes and a new create claims the name.
    beforeNextDelete(sandbox, async () => {
      expect(await access.removeAccess(acct, 'cut')).toMatchObject({ released: true });
      reclaimed = await access.claimName(new Saga(), acct, 'cut', false, 'req-2');
    });
    expect(await access.removeAccess(acct, 'cut')).toMatchObject({ released: false });
    expect(reclaimed).toEqual({ policy: null });
    expect((await claims.read(acct, 'cut'))?.tags).toContainEqual({ Key: 's3-api:request', Value: 'req-2' });
    // Not marked, and young: a repeat of the delete leaves it.
    expect(await access.removeAccess(acct, 'cut')).toMatchObject({ released: false });
    expect(await claims.read(acct, 'cut')).not.toBeNull();
  });

  it('a repeat of a delete cut off after its bucket went, whose release S3 applied and lost the answer of, still says it released the claim', async () => {
    const { account: acct, access, claims, sandbox } = claimsOnSandbox({ maxAttempts: 2 });
    await access.claimName(new Saga(), acct, 'cut', false, 'req-1');
    await claims.markDeleting(acct, 'cut');
    sandbox.faults.add({ service: 's3', operation: 'DeleteObject', nth: 1, error: 'lost' });
    expect(await access.removeAccess(acct, 'cut')).toMatchObject({ released: true });
    expect(await claims.read(acct, 'cut')).toBeNull();
  });

  it("the sweep releases only the claim it judged old: one released and made again by a new create before the sweep's delete stays, and the name stays claimed", async () => {
    const { account: acct, access, claims, clock, sandbox } = claimsOnSandbox();
    await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    clock.advance(901_000);
    // The sweep has read the claim and judged it old; its delete is held while another replica's delete
    // of the bucket releases the claim and a new create of the name claims it again.
    let reclaimed: NameClaim | null = null;
    beforeNextDelete(sandbox, async () => {
      await claims.release(acct, 'bkt1');
      reclaimed = await access.claimName(new Saga(), acct, 'bkt1', false, 'req-2');
    });
    expect(await access.removeLeftovers(acct, 'bkt1', clock.now() - 900_000)).toMatchObject({ released: false });
    expect(reclaimed).toEqual({ policy: null });
    expect((await claims.read(acct, 'bkt1'))?.tags).toContainEqual({ Key: 's3-api:request', Value: 'req-2' });
    expect(await access.claimName(new Saga(), acct, 'bkt1', false, 'req-3')).toBeNull();
    // Once the new claim is old in its turn, the sweep releases it.
    clock.advance(901_000);
    expect(await access.removeLeftovers(acct, 'bkt1', clock.now() - 900_000)).toMatchObject({ released: true });
    expect(await claims.read(acct, 'bkt1')).toBeNull();
  });
});

describe('AccessService.removeUnusedPolicy on the emulated IAM', () => {
  it('deletes an unused policy, keeps one attached meanwhile, and answers false for one already gone', async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    const rw = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktRWPlc';
    const ro = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktROPlc';
    await iam.detachGroupPolicy(acct, 'bkt1-BktRWGrp', rw);
    expect(await access.removeUnusedPolicy(acct, rw)).toBe(true);
    expect(await iam.getPolicy(acct, rw)).toBeNull();
    expect(await access.removeUnusedPolicy(acct, ro)).toBe(false);
    expect(await iam.getPolicy(acct, ro)).not.toBeNull();
    expect(await access.removeUnusedPolicy(acct, rw)).toBe(false);
  });
});

/** Another request adds a new user to `group` whenever IAM is asked to delete it, just before the delete. */
function keepJoining(sandbox: AwsSandbox, iam: IamGateway, acct: AwsAccount, group: string): void {
  let joined = 0;
  sandbox.faults.add({
    service: 'iam',
    operation: 'DeleteGroup',
    when: (input) => input['GroupName'] === group,
    hold: async () => {
      const name = `joiner${++joined}`;
      await iam.createUser(acct, { name, tags: [] });
      await iam.addUserToGroup(acct, name, group);
    },
  });
}

describe('AccessService.removeAccess on the emulated IAM, while other requests keep changing the bucket', () => {
  /** A bucket of the groups model with its admin group, a read-write group and a user of its own in it. */
  async function bucketWithUser(access: AccessService, iam: IamGateway, acct: AwsAccount): Promise<void> {
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'alice', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'alice', 'bkt1-BktRWGrp');
  }

  it('starts over when a user joins a group while it goes, and then removes that membership too', async () => {
    const { sandbox, iam, account: acct, access, under } = onSandbox();
    await bucketWithUser(access, iam, acct);
    await iam.createUser(acct, { name: 'late', tags: [] });
    sandbox.faults.add({ service: 'iam', operation: 'DeleteGroup', nth: 1, hold: () => iam.addUserToGroup(acct, 'late', 'bkt1-BktRWGrp') });
    const result = await access.removeAccess(acct, 'bkt1', async () => undefined);
    expect(result.users).toEqual(['alice']);
    expect(result.groups.sort()).toEqual(['bkt1-BktAdmGrp', 'bkt1-BktRWGrp']);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
    expect(await iam.getUser(acct, 'late')).not.toBeNull();
    expect(await iam.listGroupsForUser(acct, 'late')).toEqual([]);
  });

  it('gives up with 409 ConcurrentChange when users keep joining, leaving every group that stays with its policy', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    await bucketWithUser(access, iam, acct);
    keepJoining(sandbox, iam, acct, 'bkt1-BktRWGrp');
    await expect(access.removeAccess(acct, 'bkt1', async () => undefined)).rejects.toMatchObject({
      code: 'ConcurrentChange',
      message: "another request changed the users and groups of 'bkt1' at the same moment; nothing was lost, repeat the request",
    });
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktRWGrp')).map((p) => p.PolicyName)).toEqual(['bkt1-BktRWPlc']);
    // The claim stays while anything of the bucket does: repeating the delete finishes it.
    expect(await iam.getPolicy(acct, 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktAdmPlc')).not.toBeNull();
    sandbox.faults.clear();
    expect((await access.removeAccess(acct, 'bkt1', async () => undefined)).groups).toEqual(['bkt1-BktRWGrp']);
  });

  it('deletes a user given a key while it goes, and keeps one that joined a group of another bucket', async () => {
    const { sandbox, iam, account: acct, access, under } = onSandbox();
    await bucketWithUser(access, iam, acct);
    await iam.createUser(acct, { name: 'bob', path: '/s3-api/bkt1/', tags: [] });
    await access.join(new Saga(), acct, 'bob', 'bkt1-BktRWGrp');
    await iam.createGroup(acct, 'elsewhere');
    sandbox.faults.add({
      service: 'iam',
      operation: 'DeleteUser',
      times: 2,
      hold: async () => {
        await iam.createAccessKey(acct, 'alice').catch(() => undefined);
        await iam.addUserToGroup(acct, 'bob', 'elsewhere').catch(() => undefined);
      },
    });
    const result = await access.removeAccess(acct, 'bkt1', async () => undefined);
    expect(result.users).toEqual(['alice']);
    expect(await iam.getUser(acct, 'alice')).toBeNull();
    expect((await iam.listGroupsForUser(acct, 'bob')).map((g) => g.GroupName)).toEqual(['elsewhere']);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: ['bob'] });
  });
});

describe('AccessService key-reset lock on the emulated IAM', () => {
  const lockArn = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/alice-KeyResetLock';
  const oldKeysOf = async (iam: IamGateway, acct: AwsAccount) =>
    (await iam.getPolicy(acct, lockArn))?.Tags?.find((tag) => tag.Key === 's3-api:old-keys')?.Value;

  it('holds one key reset of a user at a time, naming the keys the user had when asked to, until it unlocks', async () => {
    const { iam, account: acct, access } = onSandbox();
    expect(await access.lockKeys(acct, 'bkt1', 'alice', 'req-1', { oldKeys: ['AKIA1', 'AKIA2'] })).toBe(true);
    expect(await oldKeysOf(iam, acct)).toBe('AKIA1 AKIA2');
    expect(await access.lockKeys(acct, 'bkt1', 'alice', 'req-2')).toBe(false);
    // A retry of the same request, whose answer was lost, holds it.
    expect(await access.lockKeys(acct, 'bkt1', 'alice', 'req-1', { oldKeys: ['AKIA1', 'AKIA2'] })).toBe(true);
    await access.unlockKeys(acct, 'bkt1', 'alice');
    await access.unlockKeys(acct, 'bkt1', 'alice');
    expect(await iam.getPolicy(acct, lockArn)).toBeNull();
    expect(await access.lockKeys(acct, 'bkt1', 'alice', 'req-2')).toBe(true);
    expect(await oldKeysOf(iam, acct)).toBeUndefined();
    await access.markOldKeys(acct, 'bkt1', 'alice', ['AKIA3']);
    expect(await oldKeysOf(iam, acct)).toBe('AKIA3');
  });
});

describe('AccessService on the emulated IAM, what an undo leaves and names', () => {
  const claimArn = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktAdmPlc';
  /** A step after the claim whose undo fails: the claim's undo runs after it, as in a create. */
  const failingStep = (saga: Saga) =>
    saga.step(
      'a later step',
      async () => undefined,
      async () => Promise.reject(new Error('undo failed')),
    );

  it("leaves another request's claim to it when a create that found the name taken is undone", async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    const refused = new Saga();
    expect(await access.claimName(refused, acct, 'bkt1', false, 'req-2')).toBeNull();
    expect(await refused.compensate()).toEqual([]);
    expect(await iam.getPolicy(acct, claimArn)).not.toBeNull();
  });

  it('keeps the claim when another undo of the create failed, as the mark of a create the reconciler must finish undoing', async () => {
    const { iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await failingStep(saga);
    expect((await saga.compensate()).map((failure) => failure.step)).toEqual(['a later step']);
    expect(await iam.getPolicy(acct, claimArn)).not.toBeNull();
  });

  it("names each undo that failed by what its step made, as the operator's log shows it", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 's.example.com', true, 'req-1');
    await (
      await access.planWebsiteAccess(acct, 's.example.com', 'req-1')
    ).make(saga, {
      claim: claim!,
      distributionArn: 'arn:aws:cloudfront::111111111111:distribution/E1',
    });
    await access.ensureAccessGroup(saga, acct, { bucket: 's.example.com', website: true }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'alice', path: '/s3-api/s.example.com/', tags: [] });
    const joined = new Saga();
    await access.join(joined, acct, 'alice', 's.example.com-BktRWGrp');
    sandbox.faults.add({ service: 'iam', operation: 'RemoveUserFromGroup', error: SandboxErrors.internal(), times: 1 });
    expect((await joined.compensate()).map((failure) => failure.step)).toEqual(['add alice to s.example.com-BktRWGrp']);
    await iam.removeUserFromGroup(acct, 'alice', 's.example.com-BktRWGrp');
    for (const operation of ['DetachGroupPolicy', 'DeleteGroup', 'DeletePolicy'])
      sandbox.faults.add({ service: 'iam', operation, error: SandboxErrors.internal() });
    // The claim's undo comes last and, after the others failed, keeps the claim: it is not among them.
    expect((await saga.compensate()).map((failure) => failure.step).sort()).toEqual(
      [
        'attach s.example.com-BktAdmPlc to s.example.com-BktAdmGrp',
        'attach s.example.com-WebAdmPlc to s.example.com-WebAdmGrp',
        'create group s.example.com-BktAdmGrp',
        'create group s.example.com-BktRWGrp',
        'create group s.example.com-WebAdmGrp',
        'create policy s.example.com-BktRWPlc',
        'create policy s.example.com-WebAdmPlc',
      ].sort(),
    );
    const claimOnly = new Saga();
    await access.claimName(claimOnly, acct, 'bkt2', false, 'req-2');
    expect((await claimOnly.compensate()).map((failure) => failure.step)).toEqual(['claim bkt2: create policy bkt2-BktAdmPlc']);
  });
});

describe('AccessService on the emulated IAM, names another request or someone else holds', () => {
  it('refuses a website whose web-admin policy another request made, and leaves that policy to it', async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await iam.createPolicy(acct, {
      name: 's.example.com-WebAdmPlc',
      path: '/s3-api/s.example.com/',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudfront:GetDistribution', Resource: '*' }] },
      description: 'theirs',
      tags: [{ Key: 's3-api:request', Value: 'req-0' }],
    });
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 's.example.com', true, 'req-1');
    const plan = await access.planWebsiteAccess(acct, 's.example.com', 'req-1');
    await expect(plan.make(saga, { claim: claim!, distributionArn: 'arn:aws:cloudfront::111111111111:distribution/E1' })).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("policy 's.example.com-WebAdmPlc'"),
    });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('s.example.com')).toEqual({ groups: [], policies: ['s.example.com-WebAdmPlc'], users: [] });
  });

  it("takes an empty admin group at the bucket's path as the one its lost first attempt made, and refuses one someone joined", async () => {
    const { iam, account: acct, access } = onSandbox();
    await iam.createGroup(acct, 'bkt1-BktAdmGrp', '/s3-api/bkt1/');
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    const made = await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    expect(made.group).toMatchObject({ GroupName: 'bkt1-BktAdmGrp', Path: '/s3-api/bkt1/' });
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktAdmGrp')).map((p) => p.PolicyArn)).toEqual([claim!.policy!.Arn]);

    await iam.createGroup(acct, 'bkt2-BktAdmGrp', '/s3-api/bkt2/');
    await iam.createUser(acct, { name: 'member', tags: [] });
    await iam.addUserToGroup(acct, 'member', 'bkt2-BktAdmGrp');
    const other = new Saga();
    const claim2 = await access.claimName(other, acct, 'bkt2', false, 'req-1');
    await expect((await access.planBucketAccess(acct, 'bkt2')).make(other, claim2!)).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("group 'bkt2-BktAdmGrp'"),
    });
  });

  it("refuses an access group whose policy name is taken outside the bucket's path, before making the group", async () => {
    const { iam, account: acct, access } = onSandbox();
    await iam.createPolicy(acct, {
      name: 'bkt1-BktRWPlc',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bkt1' }] },
      description: 'not ours',
      tags: [],
    });
    const saga = new Saga();
    await expect(access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1')).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("policy 'bkt1-BktRWPlc'"),
    });
    expect(await iam.getGroup(acct, 'bkt1-BktRWGrp')).toBeNull();
  });

  it("refuses an access group of that name outside the bucket's path, whether found first or met on create", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await iam.createGroup(acct, 'bkt1-BktROGrp', '/');
    await expect(access.findAccessGroup(acct, 'bkt1', 'BktROGrp')).rejects.toMatchObject({ code: 'AccessNameTaken' });
    const saga = new Saga();
    await expect(access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1', null)).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("group 'bkt1-BktROGrp'"),
    });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it('refuses a group name IAM says is taken but will not show the service (outside its reach)', async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    sandbox.faults.add({ service: 'iam', operation: 'CreateGroup', error: { name: 'EntityAlreadyExists', httpStatusCode: 409 } });
    sandbox.faults.add({ service: 'iam', operation: 'GetGroup', error: SandboxErrors.accessDenied() });
    const saga = new Saga();
    await expect(access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1', null)).rejects.toMatchObject({
      code: 'AccessNameTaken',
    });
    sandbox.faults.clear();
    expect(await saga.compensate()).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it('passes on an IAM failure while making an access group, and its undo removes the policy it made', async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    sandbox.faults.add({ service: 'iam', operation: 'CreateGroup', error: SandboxErrors.internal(), times: 1 });
    const saga = new Saga();
    await expect(access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1')).rejects.toMatchObject({
      awsCode: 'InternalError',
    });
    expect(await under('bkt1')).toEqual({ groups: [], policies: ['bkt1-BktROPlc'], users: [] });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

describe('AccessService on the emulated IAM, the documents and undos of access groups', () => {
  const documentOf = async (iam: IamGateway, acct: AwsAccount, arn: string) => JSON.stringify(await iam.getPolicyDocument(acct, arn, 'v1'));

  it("gives a website's admin group the admin policy that keeps the site's public access to the service, a plain bucket's none, a folder's its folder", async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 's.example.com', website: true }, 'BktAdmGrp', 'req-1');
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktAdmGrp', 'req-1');
    const folder = await access.ensureAccessGroup(new Saga(), acct, { bucket: 's.example.com', website: true, prefix: 'docs' }, 'BktAdmGrp', 'req-1');
    const site = await documentOf(iam, acct, 'arn:aws:iam::111111111111:policy/s3-api/s.example.com/s.example.com-BktAdmPlc');
    expect(site).toContain('"Effect":"Deny"');
    expect(site).toContain('s3:PutBucketPolicy');
    expect(await documentOf(iam, acct, 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktAdmPlc')).not.toContain('"Effect":"Deny"');
    expect(folder.GroupName).toBe('s.example.com-docs-BktAdmGrp');
    const [attached] = await iam.listAttachedGroupPolicies(acct, folder.GroupName);
    expect(await documentOf(iam, acct, attached!.PolicyArn)).toContain('arn:aws:s3:::s.example.com/docs/*');
    expect((await iam.getPolicy(acct, attached!.PolicyArn))?.Tags).toContainEqual({ Key: 's3-api:request', Value: 'req-1' });
  });

  it('keeps a group it made when a user joins between its check and its delete, with its policy attached', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'late', tags: [] });
    sandbox.faults.add({ service: 'iam', operation: 'DeleteGroup', nth: 1, hold: () => iam.addUserToGroup(acct, 'late', 'bkt1-BktRWGrp') });
    expect(await saga.compensate()).toEqual([]);
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktRWGrp')).map((p) => p.PolicyName)).toEqual(['bkt1-BktRWPlc']);
    expect((await iam.listGroupsForUser(acct, 'late')).map((g) => g.GroupName)).toEqual(['bkt1-BktRWGrp']);
  });

  it('gives a group whose delete failed its policy back, and reports the undo that failed', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    sandbox.faults.add({ service: 'iam', operation: 'DeleteGroup', error: SandboxErrors.internal(), times: 1 });
    expect((await saga.compensate()).map((failure) => failure.step)).toEqual(['create group bkt1-BktRWGrp']);
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktRWGrp')).map((p) => p.PolicyName)).toEqual(['bkt1-BktRWPlc']);
  });

  it('passes on an IAM failure while giving an existing group its policy back', async () => {
    const { sandbox, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    sandbox.faults.add({ service: 'iam', operation: 'AttachGroupPolicy', error: SandboxErrors.internal(), times: 1 });
    await expect(access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-2')).rejects.toMatchObject({
      awsCode: 'InternalError',
    });
  });

  it("refuses to give an existing group its policy back when the policy's name is taken outside the bucket's path", async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    const arn = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktRWPlc';
    await iam.detachGroupPolicy(acct, 'bkt1-BktRWGrp', arn);
    await iam.deletePolicy(acct, arn);
    await iam.createPolicy(acct, {
      name: 'bkt1-BktRWPlc',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bkt1' }] },
      description: 'not ours',
      tags: [],
    });
    await expect(access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-2')).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("policy 'bkt1-BktRWPlc'"),
    });
    expect(await iam.listAttachedGroupPolicies(acct, 'bkt1-BktRWGrp')).toEqual([]);
  });
});

describe("AccessService on the emulated IAM, which users are the bucket's and what removing one takes", () => {
  it("lists only members of the bucket's own groups and users at its exact path, not those of a deeper path", async () => {
    const { iam, account: acct, access } = onSandbox();
    await iam.createGroup(acct, 'bkt1-deeper', '/s3-api/bkt1/deeper/');
    await iam.createUser(acct, { name: 'deep-member', tags: [] });
    await iam.addUserToGroup(acct, 'deep-member', 'bkt1-deeper');
    await iam.createUser(acct, { name: 'deep-user', path: '/s3-api/bkt1/deeper/', tags: [] });
    await iam.createUser(acct, { name: 'own', path: '/s3-api/bkt1/', tags: [] });
    expect((await access.listUsers(acct, 'bkt1')).map((u) => u.UserName)).toEqual(['own']);
  });

  it("does not take a user at the bucket's path as the bucket's once it is in another bucket's group only", async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt2', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'moved', path: '/s3-api/bkt1/', tags: [] });
    await iam.addUserToGroup(acct, 'moved', 'bkt2-BktROGrp');
    expect(await access.membership(acct, 'bkt1', 'moved')).toMatchObject({ belongs: false, bucketGroups: [], groups: [{ GroupName: 'bkt2-BktROGrp' }] });
    await iam.createUser(acct, { name: 'tagged-elsewhere', path: '/other/', tags: [{ Key: 's3-api:bucket', Value: 'bkt1' }] });
    expect(await access.membership(acct, 'bkt1', 'tagged-elsewhere')).toMatchObject({ belongs: false });
  });

  it('deletes a user of the bucket with every credential someone added outside the service', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    const ro = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'busy', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'busy', ro.GroupName);
    const shared = await iam.createPolicy(acct, {
      name: 'shared',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bkt1' }] },
      description: 'shared',
      tags: [],
    });
    await iam.attachUserPolicy(acct, 'busy', shared.Arn);
    const sdk = createSandboxClients(sandbox, acct.id).iam;
    await sdk.send(
      new PutUserPolicyCommand({
        UserName: 'busy',
        PolicyName: 'inline',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bkt1' }] }),
      }),
    );
    await sdk.send(new CreateLoginProfileCommand({ UserName: 'busy', Password: 'Very-Secret-123' }));
    await sdk.send(
      new EnableMFADeviceCommand({
        UserName: 'busy',
        SerialNumber: `arn:aws:iam::${acct.id}:mfa/busy`,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    await sdk.send(new UploadSSHPublicKeyCommand({ UserName: 'busy', SSHPublicKeyBody: 'ssh-ed25519 AAAAC3Nz busy' }));
    await sdk.send(new UploadSigningCertificateCommand({ UserName: 'busy', CertificateBody: '-----BEGIN CERTIFICATE-----' }));
    await sdk.send(new CreateServiceSpecificCredentialCommand({ UserName: 'busy', ServiceName: 'codecommit.amazonaws.com' }));
    const key = await iam.createAccessKey(acct, 'busy');
    const busy = (await access.membership(acct, 'bkt1', 'busy'))!;
    expect(await access.removeUser(acct, busy.user, busy.bucketGroups, 'bkt1')).toEqual({
      deleted: true,
      deletedKeyIds: [key.AccessKeyId],
      groups: ['bkt1-BktROGrp'],
    });
    expect(await iam.getUser(acct, 'busy')).toBeNull();
    expect(await iam.getPolicy(acct, shared.Arn)).not.toBeNull();
  });

  it("leaves a user that joined a group of another bucket while it was removed, out of the bucket's groups only", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    const ro = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt2', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'alice', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'alice', ro.GroupName);
    const alice = (await access.membership(acct, 'bkt1', 'alice'))!;
    sandbox.faults.add({ service: 'iam', operation: 'DeleteUser', nth: 1, hold: () => iam.addUserToGroup(acct, 'alice', 'bkt2-BktROGrp') });
    expect(await access.removeUser(acct, alice.user, alice.bucketGroups, 'bkt1')).toEqual({ deleted: false, deletedKeyIds: [], groups: ['bkt1-BktROGrp'] });
    expect((await iam.listGroupsForUser(acct, 'alice')).map((g) => g.GroupName)).toEqual(['bkt2-BktROGrp']);
  });
});

describe('AccessService on the emulated IAM, the locks, the quotas and the log of a teardown', () => {
  it('makes each lock a policy that grants nothing: a Deny of what the lock guards', async () => {
    const { iam, account: acct, access } = onSandbox();
    await access.lockKeys(acct, 'bkt1', 'alice', 'req-1');
    await access.lockTags(acct, 's.example.com', 'req-1');
    const documentOf = async (arn: string) => iam.getPolicyDocument(acct, arn, 'v1');
    expect(await documentOf('arn:aws:iam::111111111111:policy/s3-api/bkt1/alice-KeyResetLock')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'KeyResetLock', Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111111111111:user/s3-api/bkt1/alice' }],
    });
    expect(await documentOf('arn:aws:iam::111111111111:policy/s3-api/s.example.com/s.example.com-TagsLock')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'TagsLock', Effect: 'Deny', Action: 's3:PutBucketTagging', Resource: 'arn:aws:s3:::s.example.com' }],
    });
  });

  it("reads the account's IAM usage against its quotas", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    sandbox.setQuotas(acct.id, { users: 3 });
    await iam.createUser(acct, { name: 'u1', tags: [] });
    const usage = await access.quotaUsage(acct);
    expect(usage.users).toEqual({ used: 1, quota: 3 });
    expect(() => access.refuseOverQuota(acct, usage, { users: 3 }, 'the create')).toThrow('has 1 of its 3 IAM users');
  });

  it('keeps, of a bucket gone outside the service, what is younger than the grace period, and logs what it removed', async () => {
    const { clock, iam, account: acct, access } = onClockedSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    await iam.createUser(acct, { name: 'old', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'old', 'bkt1-BktAdmGrp');
    clock.advance(1_000_000);
    await iam.createUser(acct, { name: 'young', path: '/s3-api/bkt1/', tags: [] });
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false, prefix: 'docs' }, 'BktROGrp', 'req-2');
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      expect(await access.removeLeftovers(acct, 'bkt1', clock.now() - 500_000)).toEqual({
        users: ['old'],
        groups: ['bkt1-BktAdmGrp'],
        policies: ['bkt1-BktAdmPlc'],
        released: false,
      });
      expect(log).toHaveBeenCalledWith(
        { bucket: 'bkt1', users: ['old'], groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'], released: false },
        'removed the bucket access',
      );
    } finally {
      log.mockRestore();
    }
    const left = async () => ({
      groups: (await iam.listGroups(acct, '/s3-api/bkt1/')).map((g) => g.GroupName),
      policies: (await iam.listPolicies(acct, '/s3-api/bkt1/')).map((p) => p.PolicyName),
      users: (await iam.listUsers(acct, '/s3-api/bkt1/')).map((u) => u.UserName),
    });
    expect(await left()).toEqual({ groups: ['bkt1-docs-BktROGrp'], policies: ['bkt1-docs-BktROPlc'], users: ['young'] });
  });
});

describe('AccessService.removeAccess on the emulated IAM, a delete cut off and repeated', () => {
  it('marks the claim as being deleted before the bucket goes, so that a repeat after the bucket went releases it', async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!);
    await expect(
      access.removeAccess(acct, 'bkt1', async () => {
        expect((await iam.getPolicy(acct, claim!.policy!.Arn))?.Tags?.map((tag) => tag.Key)).toContain('s3-api:deleting');
        throw new Error('cut off after the bucket went');
      }),
    ).rejects.toThrow('cut off after the bucket went');
    expect(await under('bkt1')).toEqual({ groups: [], policies: ['bkt1-BktAdmPlc'], users: [] });
    expect(await access.removeAccess(acct, 'bkt1')).toEqual({ users: [], groups: [], policies: ['bkt1-BktAdmPlc'], released: false });
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it("finishes a delete whose admin group an earlier attempt removed, once IAM's wait for it runs out", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const claim = await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    expect(await iam.getGroup(acct, 'bkt1-BktAdmGrp')).toBeNull();
    const result = await access.removeAccess(acct, 'bkt1', async () => undefined);
    expect(result).toEqual({
      users: [],
      groups: ['bkt1-BktROGrp'],
      policies: expect.arrayContaining([claim!.policy!.PolicyName, 'bkt1-BktROPlc']),
      released: false,
    });
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

/** Claims `bkt1` and makes its admin group, then its access groups of `kinds`, as a create of the groups model and its first users do; answers the claim. */
async function bucketWith(access: AccessService, acct: AwsAccount, kinds: readonly AccessGroupKind[] = [], saga = new Saga()): Promise<NameClaim> {
  const claim = (await access.claimName(saga, acct, 'bkt1', false, 'req-1'))!;
  await (await access.planBucketAccess(acct, 'bkt1')).make(saga, claim);
  for (const kind of kinds) await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, kind, 'req-1');
  return claim;
}

describe('AccessService on the emulated IAM, the rights of read-write and read-only groups', () => {
  const ADMIN_ONLY = [...DEFAULT_BUCKET_ADMIN_ACTIONS.bucket, ...DEFAULT_BUCKET_ADMIN_ACTIONS.object].filter(
    (action) => !JSON.stringify(bucketAccessPolicy('bkt1', 'read-write')).includes(`"${action}"`),
  );

  it("gives a whole bucket's or website's read-write and read-only groups their level's document, without one admin action", async () => {
    const { iam, account: acct, access } = onSandbox();
    expect(ADMIN_ONLY).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutBucketWebsite', 's3:PutObjectAcl']));
    for (const [bucket, website] of [
      ['bkt1', false],
      ['s.example.com', true],
    ] as const) {
      for (const [kind, level] of [
        ['BktRWGrp', 'read-write'],
        ['BktROGrp', 'read-only'],
      ] as const) {
        const made = await access.ensureAccessGroup(new Saga(), acct, { bucket, website }, kind, 'req-1');
        const [attached] = await iam.listAttachedGroupPolicies(acct, made.GroupName);
        const document = await iam.getPolicyDocument(acct, attached!.PolicyArn, 'v1');
        expect(document).toEqual(bucketAccessPolicy(bucket, level));
        for (const action of ADMIN_ONLY) expect(JSON.stringify(document)).not.toContain(`"${action}"`);
      }
    }
  });
});

describe('AccessService.ensureAccessGroup on the emulated IAM, with what the route found before it began writing', () => {
  it('takes a group the route already found as it is, without asking IAM for it again', async () => {
    const { sandbox, account: acct, access } = onSandbox();
    const found = await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    const mark = sandbox.calls.mark();
    expect(await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-2', found)).toBe(found);
    expect(sandbox.calls.since(mark, { service: 'iam', operation: 'GetGroup' })).toEqual([]);
  });

  it("looks the group up itself when the route did not, and refuses one outside the bucket's path before making anything", async () => {
    const { sandbox, iam, account: acct, access, under } = onSandbox();
    await iam.createGroup(acct, 'bkt1-BktRWGrp', '/');
    const mark = sandbox.calls.mark();
    await expect(access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1')).rejects.toMatchObject({
      code: 'AccessNameTaken',
      message: expect.stringContaining("group 'bkt1-BktRWGrp'"),
    });
    expect(sandbox.calls.since(mark, { service: 'iam', operation: 'CreatePolicy' })).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

/** The service on an emulated IAM whose reads lag its writes by AWS's delay, with waits that pass on the sandbox's clock. */
function onLaggingSandbox() {
  const { clock, sandbox, iam, account: acct, access } = onClockedSandbox(true);
  /** What IAM holds under the bucket's path, once everything has propagated. */
  const settledUnder = async (bucket: string) => {
    sandbox.settle();
    return {
      groups: (await iam.listGroups(acct, `/s3-api/${bucket}/`)).map((g) => g.GroupName).sort(),
      policies: (await iam.listPolicies(acct, `/s3-api/${bucket}/`)).map((p) => p.PolicyName).sort(),
      users: (await iam.listUsers(acct, `/s3-api/${bucket}/`)).map((u) => u.UserName).sort(),
    };
  };
  /** The groups IAM has deleted so far, from the calls that did it. */
  const deletedGroups = () =>
    sandbox.calls
      .list({ service: 'iam', operation: 'DeleteGroup' })
      .filter((call) => call.outcome === 'ok')
      .map((call) => (call.input as { GroupName: string }).GroupName)
      .sort();
  return { sandbox, clock, iam, account: acct, access, settledUnder, deletedGroups };
}

/** Runs `run` and answers, with its result, the waits for propagation that ran out of budget, from the operator's log. */
async function watchingWaits<T>(run: () => Promise<T>): Promise<{ result: T; gaveUp: unknown[] }> {
  const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  try {
    const result = await run();
    return {
      result,
      gaveUp: warn.mock.calls.filter(([, message]) => message === 'AWS did not show the change in time; going on without it').map(([fields]) => fields),
    };
  } finally {
    warn.mockRestore();
  }
}

describe('AccessService.removeAccess on an emulated IAM that lags', () => {
  it("waits for a new bucket's admin group to show, so that its groups are gone before the bucket goes", async () => {
    const { sandbox, account: acct, access, settledUnder, deletedGroups } = onLaggingSandbox();
    sandbox.setPropagation({ iamMs: 2_000 });
    const saga = new Saga();
    await bucketWith(access, acct, [], saga);
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1', null);
    let goneBeforeTheBucket: string[] = [];
    const result = await access.removeAccess(acct, 'bkt1', async () => {
      goneBeforeTheBucket = deletedGroups();
    });
    expect(goneBeforeTheBucket).toEqual(['bkt1-BktAdmGrp', 'bkt1-BktRWGrp']);
    expect(result).toEqual({
      users: [],
      groups: expect.arrayContaining(['bkt1-BktAdmGrp', 'bkt1-BktRWGrp']),
      policies: expect.arrayContaining(['bkt1-BktAdmPlc', 'bkt1-BktRWPlc']),
      released: false,
    });
    expect(await settledUnder('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

describe('AccessService.removeUser on an emulated IAM that lags', () => {
  it('answers the keys it deleted: not the one IAM still lists that a reset deleted, but the new one it met when IAM refused the user', async () => {
    const { sandbox, iam, account: acct, access } = onLaggingSandbox();
    sandbox.setPropagation({ iamMs: 2_000 });
    const saga = new Saga();
    const ro = await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1', null);
    await iam.createUser(acct, { name: 'rotated', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'rotated', ro.GroupName);
    const first = await iam.createAccessKey(acct, 'rotated');
    sandbox.settle();
    const rotated = (await access.membership(acct, 'bkt1', 'rotated'))!;
    // A key reset a moment ago: IAM lists the key it deleted, not the one it made.
    const second = await iam.createAccessKey(acct, 'rotated');
    await iam.deleteAccessKey(acct, 'rotated', first.AccessKeyId);
    expect((await iam.listAccessKeys(acct, 'rotated')).map((k) => k.AccessKeyId)).toEqual([first.AccessKeyId]);
    expect(await access.removeUser(acct, rotated.user, rotated.groups, 'bkt1')).toEqual({
      deleted: true,
      deletedKeyIds: [second.AccessKeyId],
      groups: ['bkt1-BktROGrp'],
    });
    const refused = sandbox.calls.list({ service: 'iam' }).filter((call) => call.outcome === 'error');
    expect(refused.map((call) => `${call.operation}:${call.errorName}`)).toEqual(
      expect.arrayContaining(['DeleteAccessKey:NoSuchEntityException', 'DeleteUser:DeleteConflictException']),
    );
    sandbox.settle();
    expect(await iam.getUser(acct, 'rotated')).toBeNull();
  });
});

describe('AccessService.removeLeftovers on the emulated IAM, what is old enough to go', () => {
  /** A bucket of the groups model made at the clock's start; the service reads the sandbox's clock. */
  async function leftBucket() {
    const { clock, iam, account: acct, access } = onClockedSandbox();
    await bucketWith(access, acct);
    clock.advance(1_000_000);
    return { clock, iam, account: acct, access };
  }
  const left = async (iam: IamGateway, acct: AwsAccount) => ({
    groups: (await iam.listGroups(acct, '/s3-api/bkt1/')).map((g) => g.GroupName).sort(),
    policies: (await iam.listPolicies(acct, '/s3-api/bkt1/')).map((p) => p.PolicyName).sort(),
    users: (await iam.listUsers(acct, '/s3-api/bkt1/')).map((u) => u.UserName).sort(),
  });

  it('keeps what was made at the very moment it is asked to keep from', async () => {
    const { iam, account: acct, access } = await leftBucket();
    const edge = await iam.createUser(acct, { name: 'edge', path: '/s3-api/bkt1/', tags: [] });
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-2');
    expect(await access.removeLeftovers(acct, 'bkt1', Date.parse(String(edge.CreateDate)))).toEqual({
      users: [],
      groups: ['bkt1-BktAdmGrp'],
      policies: ['bkt1-BktAdmPlc'],
      released: false,
    });
    expect(await left(iam, acct)).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktRWPlc'], users: ['edge'] });
  });

  it('leaves an old group that a user made since has joined, with its policy and that member: a create under way uses it', async () => {
    const { iam, account: acct, access } = await leftBucket();
    const newcomer = await iam.createUser(acct, { name: 'newcomer', path: '/s3-api/bkt1/', tags: [] });
    await access.join(new Saga(), acct, 'newcomer', 'bkt1-BktAdmGrp');
    await expect(access.removeLeftovers(acct, 'bkt1', Date.parse(String(newcomer.CreateDate)))).rejects.toMatchObject({ code: 'ConcurrentChange' });
    expect((await iam.listGroupsForUser(acct, 'newcomer')).map((g) => g.GroupName)).toEqual(['bkt1-BktAdmGrp']);
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktAdmGrp')).map((p) => p.PolicyName)).toEqual(['bkt1-BktAdmPlc']);
    expect(await left(iam, acct)).toEqual({ groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'], users: ['newcomer'] });
  });
});

describe('AccessService.removeAccess on the emulated IAM, with a survey read ahead', () => {
  it("detaches a policy someone else attached to one of the bucket's groups, and leaves it to them", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct);
    const theirs = await iam.createPolicy(acct, {
      name: 'team-extra',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] },
      description: 'not the service',
      tags: [],
    });
    await iam.attachGroupPolicy(acct, 'bkt1-BktAdmGrp', theirs.Arn);
    const result = await access.removeAccess(acct, 'bkt1', async () => undefined, access.surveyAccess(acct, 'bkt1'));
    expect(result.policies).toEqual(['bkt1-BktAdmPlc']);
    expect(await iam.getPolicy(acct, theirs.Arn)).toMatchObject({ PolicyName: 'team-extra' });
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it('removes a policy given back to a group after the survey, before the bucket goes', async () => {
    const { iam, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    await bucketWith(access, acct, [], saga);
    const folder = { bucket: 'bkt1', website: false, prefix: 'docs' };
    await access.ensureAccessGroup(saga, acct, folder, 'BktRWGrp', 'req-1');
    const scoped = 'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-docs-BktRWPlc';
    // What an interrupted delete leaves: the group without its policy.
    await iam.detachGroupPolicy(acct, 'bkt1-docs-BktRWGrp', scoped);
    await iam.deletePolicy(acct, scoped);
    const survey = access.surveyAccess(acct, 'bkt1');
    await survey;
    await access.ensureAccessGroup(new Saga(), acct, folder, 'BktRWGrp', 'req-2');
    let whenTheBucketWent: Awaited<ReturnType<typeof under>> | undefined;
    const result = await access.removeAccess(
      acct,
      'bkt1',
      async () => {
        whenTheBucketWent = await under('bkt1');
      },
      survey,
    );
    expect(whenTheBucketWent).toEqual({ groups: [], policies: ['bkt1-BktAdmPlc'], users: [] });
    expect(result.policies.sort()).toEqual(['bkt1-BktAdmPlc', 'bkt1-docs-BktRWPlc']);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

describe('AccessService on the emulated IAM, an IAM failure that is not a conflict', () => {
  it('passes on a failed delete of an unused policy instead of calling the policy in use', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.detachGroupPolicy(acct, 'bkt1-BktRWGrp', RW_POLICY_ARN);
    sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', error: SandboxErrors.internal(), times: 1 });
    await expect(access.removeUnusedPolicy(acct, RW_POLICY_ARN)).rejects.toMatchObject({ awsCode: 'InternalError' });
    expect(await iam.getPolicy(acct, RW_POLICY_ARN)).toMatchObject({ PolicyName: 'bkt1-BktRWPlc' });
  });

  it("passes on a failed delete of one of the bucket's policies, keeping the claim, instead of calling it a concurrent change", async () => {
    const { sandbox, iam, account: acct, access, under } = onSandbox();
    const claim = await bucketWith(access, acct, ['BktRWGrp']);
    sandbox.faults.add({ service: 'iam', operation: 'DeletePolicy', error: SandboxErrors.accessDenied() });
    const deleteBucket = vi.fn(async () => undefined);
    await expect(access.removeAccess(acct, 'bkt1', deleteBucket)).rejects.toMatchObject({ awsCode: 'AccessDenied' });
    expect(deleteBucket).not.toHaveBeenCalled();
    expect(await under('bkt1')).toEqual({ groups: [], policies: ['bkt1-BktAdmPlc', 'bkt1-BktRWPlc'], users: [] });
    expect(await iam.getPolicy(acct, claim.policy!.Arn)).not.toBeNull();
  });
});

describe('AccessService on an emulated IAM that lags, a group made a moment ago', () => {
  it('reuses the access group a concurrent request made a moment ago, before IAM shows it', async () => {
    const { sandbox, iam, account: acct, access, settledUnder } = onLaggingSandbox();
    // The other request made the policy a while ago (IAM shows it), the group just now (IAM does not yet).
    sandbox.faults.add({ service: 'iam', operation: 'CreateGroup', nth: 1, hold: async () => sandbox.setPropagation({ iamMs: 2_000 }) });
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    expect(await iam.getGroup(acct, 'bkt1-BktRWGrp')).toBeNull();
    expect(await iam.getPolicy(acct, RW_POLICY_ARN)).not.toBeNull();
    const saga = new Saga();
    const { result: group, gaveUp } = await watchingWaits(() =>
      access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-2', null),
    );
    expect(gaveUp).toEqual([]);
    expect(group).toMatchObject({ GroupName: 'bkt1-BktRWGrp', Path: '/s3-api/bkt1/' });
    expect(await saga.compensate()).toEqual([]);
    expect(await settledUnder('bkt1')).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktRWPlc'], users: [] });
  });

  it('takes the admin group its lost first attempt made a moment ago as its own, before IAM shows it', async () => {
    const { sandbox, iam, account: acct, access, settledUnder } = onLaggingSandbox();
    sandbox.setPropagation({ iamMs: 2_000 });
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    await iam.createGroup(acct, 'bkt1-BktAdmGrp', '/s3-api/bkt1/');
    expect(await iam.getGroup(acct, 'bkt1-BktAdmGrp')).toBeNull();
    const plan = await access.planBucketAccess(acct, 'bkt1');
    const { result: made, gaveUp } = await watchingWaits(() => plan.make(saga, claim!));
    expect(gaveUp).toEqual([]);
    expect(made.group).toMatchObject({ GroupName: 'bkt1-BktAdmGrp', Path: '/s3-api/bkt1/' });
    expect(await settledUnder('bkt1')).toEqual({ groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'], users: [] });
  });

  it('undoes a group it made only once IAM shows it, and never takes the policy from one a user joined meanwhile', async () => {
    const { sandbox, iam, account: acct, access, settledUnder } = onLaggingSandbox();
    sandbox.setPropagation({ iamMs: 2_000 });
    const saga = new Saga();
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'theirs', tags: [] });
    await iam.addUserToGroup(acct, 'theirs', 'bkt1-BktRWGrp');
    const mark = sandbox.calls.mark();
    const { result: failed, gaveUp } = await watchingWaits(() => saga.compensate());
    expect(failed).toEqual([]);
    expect(gaveUp).toEqual([]);
    expect(sandbox.calls.since(mark, { service: 'iam', operation: 'DetachGroupPolicy' })).toEqual([]);
    expect(await settledUnder('bkt1')).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktRWPlc'], users: [] });
    expect((await iam.listAttachedGroupPolicies(acct, 'bkt1-BktRWGrp')).map((p) => p.PolicyName)).toEqual(['bkt1-BktRWPlc']);
  });
});

describe("AccessService on the emulated IAM, a bucket's users the service did not make for it", () => {
  it("lists a member of the bucket's group from outside its path, and removing it only takes it out of the group, keys and all", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.createUser(acct, { name: 'carol', tags: [] });
    const key = await iam.createAccessKey(acct, 'carol');
    await access.join(new Saga(), acct, 'carol', 'bkt1-BktRWGrp');
    expect((await access.listUsers(acct, 'bkt1')).map((u) => u.UserName)).toEqual(['carol']);
    const carol = (await access.membership(acct, 'bkt1', 'carol'))!;
    expect(carol).toMatchObject({ belongs: true, bucketGroups: [{ GroupName: 'bkt1-BktRWGrp' }] });
    expect(await access.removeUser(acct, carol.user, carol.bucketGroups, 'bkt1')).toEqual({ deleted: false, deletedKeyIds: [], groups: ['bkt1-BktRWGrp'] });
    expect(await iam.getUser(acct, 'carol')).not.toBeNull();
    expect((await iam.listAccessKeys(acct, 'carol')).map((k) => k.AccessKeyId)).toEqual([key.AccessKeyId]);
    expect(await iam.listGroupsForUser(acct, 'carol')).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktRWPlc'], users: [] });
  });

  it('reads which bucket a user of the tags model is for from its bucket tag, whatever other tags it carries', async () => {
    const { iam, account: acct, access } = onSandbox();
    const tags = (bucket: string) => [
      { Key: 'team', Value: 'bkt1' },
      { Key: 's3-api:bucket', Value: bucket },
    ];
    await iam.createUser(acct, { name: 'ours', path: '/s3-api/bkt1/', tags: tags('bkt1') });
    await iam.createUser(acct, { name: 'theirs', path: '/s3-api/bkt1/', tags: tags('bkt2') });
    expect(await access.membership(acct, 'bkt1', 'ours')).toMatchObject({ belongs: true });
    expect(await access.membership(acct, 'bkt1', 'theirs')).toMatchObject({ belongs: false });
  });
});

describe('AccessService on the emulated IAM, what each part of a delete waits for and passes on', () => {
  it("passes on IAM's refusal to delete one of the bucket's groups instead of calling it a concurrent change", async () => {
    const { sandbox, account: acct, access } = onSandbox();
    await bucketWith(access, acct, ['BktRWGrp', 'BktROGrp']);
    sandbox.faults.add({
      service: 'iam',
      operation: 'DeleteGroup',
      when: (input) => input['GroupName'] === 'bkt1-BktROGrp',
      error: SandboxErrors.accessDenied(),
    });
    const deleteBucket = vi.fn(async () => undefined);
    await expect(access.removeAccess(acct, 'bkt1', deleteBucket)).rejects.toMatchObject({ awsCode: 'AccessDenied' });
    expect(deleteBucket).not.toHaveBeenCalled();
  });

  it('deletes the policy of a group that went even when another group stays because a user joined it', async () => {
    const { sandbox, iam, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct, ['BktRWGrp', 'BktROGrp']);
    keepJoining(sandbox, iam, acct, 'bkt1-BktRWGrp');
    await expect(access.removeAccess(acct, 'bkt1', async () => undefined)).rejects.toMatchObject({ code: 'ConcurrentChange' });
    expect(await under('bkt1')).toEqual({ groups: ['bkt1-BktRWGrp'], policies: ['bkt1-BktAdmPlc', 'bkt1-BktRWPlc'], users: [] });
  });

  it('after the bucket went, deletes only the claim: not again what the first round removed, nor the policies the bucket never had', async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    const claim = await bucketWith(access, acct, ['BktRWGrp']);
    const start = sandbox.calls.mark();
    let mark = 0;
    const result = await access.removeAccess(acct, 'bkt1', async () => {
      mark = sandbox.calls.mark();
    });
    const arns = (calls: readonly { input: unknown }[]) => calls.map((call) => (call.input as { PolicyArn: string }).PolicyArn).sort();
    // The first round deletes every policy the bucket may have; the claim stays, so nothing needs asking for first.
    expect(sandbox.calls.since(start, (call) => call.seq <= mark && call.operation === 'GetPolicy')).toEqual([]);
    // The last round asks for those it did not find, so that the claim's delete waits for no other.
    expect(arns(sandbox.calls.since(mark, { service: 'iam', operation: 'GetPolicy' }))).toEqual([
      'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-BktROPlc',
      'arn:aws:iam::111111111111:policy/s3-api/bkt1/bkt1-WebAdmPlc',
    ]);
    expect(arns(sandbox.calls.since(mark, { service: 'iam', operation: 'DeletePolicy' }))).toEqual([claim.policy!.Arn]);
    expect(result.policies.sort()).toEqual(['bkt1-BktAdmPlc', 'bkt1-BktRWPlc']);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it("deletes an unused policy's older versions before the policy, and keeps its default version until then", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await iam.detachGroupPolicy(acct, 'bkt1-BktRWGrp', RW_POLICY_ARN);
    const sdk = createSandboxClients(sandbox, acct.id).iam;
    await sdk.send(
      new CreatePolicyVersionCommand({ PolicyArn: RW_POLICY_ARN, PolicyDocument: JSON.stringify(bucketAccessPolicy('bkt1', 'read-only')), SetAsDefault: true }),
    );
    expect(await access.removeUnusedPolicy(acct, RW_POLICY_ARN)).toBe(true);
    expect(await iam.getPolicy(acct, RW_POLICY_ARN)).toBeNull();
    expect(
      sandbox.calls.list({ service: 'iam', operation: 'DeletePolicyVersion' }).map((call) => [(call.input as { VersionId: string }).VersionId, call.outcome]),
    ).toEqual([['v1', 'ok']]);
  });

  it('passes on an IAM failure while making the admin group of a name it claimed, and its undo leaves nothing', async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    const saga = new Saga();
    const claim = await access.claimName(saga, acct, 'bkt1', false, 'req-1');
    sandbox.faults.add({ service: 'iam', operation: 'CreateGroup', error: SandboxErrors.internal(), times: 1 });
    await expect((await access.planBucketAccess(acct, 'bkt1')).make(saga, claim!)).rejects.toMatchObject({ awsCode: 'InternalError' });
    expect(await saga.compensate()).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it('lets through a create that needs none of a quota the account is already over', () => {
    const { access, account: acct } = onSandbox();
    const over = { users: { used: 14, quota: 12 }, groups: { used: 6, quota: 5 }, policies: { used: 0, quota: 1500 } };
    expect(() => access.refuseOverQuota(acct, over, { policies: 1 }, 'the create')).not.toThrow();
    expect(() => access.refuseOverQuota(acct, over, { users: 0, groups: 0 }, 'the create')).not.toThrow();
  });
});

describe('AccessService.removeLeftovers on the emulated IAM, the calls it makes', () => {
  it('asks for no policy by name: it removes only those the listing shows old enough', async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct);
    const mark = sandbox.calls.mark();
    expect(await access.removeLeftovers(acct, 'bkt1', Date.now() + 1_000)).toMatchObject({ groups: ['bkt1-BktAdmGrp'], policies: ['bkt1-BktAdmPlc'] });
    expect(sandbox.calls.since(mark, { service: 'iam', operation: 'GetPolicy' })).toEqual([]);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });
});

describe("AccessService on the emulated IAM, tags model, a user's plan once the shared policies exist", () => {
  it('counts none of them as missing and makes none again, whether or not the route knows the site is a website', async () => {
    const cases = [
      { site: 'bkt1', distribution: undefined, website: undefined, kind: 'BktAdmGrp', policies: 1 },
      { site: 'bkt2', distribution: undefined, website: undefined, kind: 'BktRWGrp', policies: 1 },
      { site: 's.example.com', distribution: 'E123', website: undefined, kind: 'BktRWGrp', policies: 2 },
      { site: 'bkt3', distribution: undefined, website: false, kind: 'BktRWGrp', policies: 1 },
      { site: 's2.example.com', distribution: 'E456', website: true, kind: 'BktAdmGrp', policies: 2 },
    ] as const;
    for (const { site, distribution, website, kind, policies } of cases) {
      const { sandbox, account: acct, access, iam } = onSandbox({ accessModel: 'tags' });
      for (const [user, missing] of [
        ['first', policies],
        ['second', 0],
      ] as const) {
        await iam.createUser(acct, { name: user, path: `/s3-api/${site}/`, tags: [] });
        const request = { kinds: [kind], webAdmin: true, ...(website === undefined ? {} : { website }) };
        const plan = await access.planUserAccess(acct, site, request, Promise.resolve(distribution));
        expect(plan.need).toEqual({ policies: missing });
        const mark = sandbox.calls.mark();
        await plan.attach(new Saga(), user);
        expect(sandbox.calls.since(mark, { service: 'iam', operation: 'CreatePolicy' })).toHaveLength(missing);
        expect(await iam.listAttachedUserPolicies(acct, user)).toHaveLength(policies);
      }
    }
  });
});

describe('AccessService on the emulated IAM and S3, what a failed or young removal leaves', () => {
  it("releases the tags model's claim on a name only once it is strictly older than asked", async () => {
    const sandbox = new AwsSandbox();
    const acct = testAccount({ accessModel: 'tags' });
    sandbox.createBucket(acct.id, claimsBucketName(acct.id));
    const claims = new NameClaims(gatewayOnSandbox(S3Gateway, sandbox, {}, 'root'), testWaits());
    const access = new AccessService(
      gatewayOnSandbox(IamGateway, sandbox, {}, 'root'),
      testWaits(),
      { reconciler: { graceSeconds: 900 } } as AppConfig,
      claims,
      {},
    );
    await access.claimName(new Saga(), acct, 'bkt1', false, 'req-1');
    const created = Date.parse((await claims.read(acct, 'bkt1'))!.created);
    expect(await access.removeLeftovers(acct, 'bkt1', created)).toMatchObject({ released: false });
    expect(await claims.read(acct, 'bkt1')).not.toBeNull();
    expect(await access.removeLeftovers(acct, 'bkt1', created + 1)).toMatchObject({ released: true });
    expect(await claims.read(acct, 'bkt1')).toBeNull();
  });

  it("keeps a user's console password when IAM fails its delete for another reason than what hangs on it", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const ro = await access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'dora', path: '/s3-api/bkt1/', tags: [] });
    await access.join(new Saga(), acct, 'dora', ro.GroupName);
    const sdk = createSandboxClients(sandbox, acct.id).iam;
    await sdk.send(new CreateLoginProfileCommand({ UserName: 'dora', Password: 'Very-Secret-123' }));
    sandbox.faults.add({ service: 'iam', operation: 'DeleteUser', error: SandboxErrors.internal(), times: 1 });
    const dora = (await access.membership(acct, 'bkt1', 'dora'))!;
    await expect(access.removeUser(acct, dora.user, dora.bucketGroups, 'bkt1')).rejects.toMatchObject({ awsCode: 'InternalError' });
    expect((await sdk.send(new GetLoginProfileCommand({ UserName: 'dora' }))).LoginProfile?.UserName).toBe('dora');
  });

  it('fails a delete whose user cannot leave its group without leaving a rejection nobody handles', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await bucketWith(access, acct, [], saga);
    await iam.createUser(acct, { name: 'erin', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'erin', 'bkt1-BktAdmGrp');
    sandbox.faults.add({ service: 'iam', operation: 'RemoveUserFromGroup', error: SandboxErrors.accessDenied() });
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await expect(access.removeAccess(acct, 'bkt1', async () => undefined)).rejects.toMatchObject({ awsCode: 'AccessDenied' });
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('AccessService on the emulated IAM, what a teardown reads once and what it leaves to a create', () => {
  it("asks IAM for each group's attachments once, when a survey read ahead already has them", async () => {
    const { sandbox, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct, ['BktRWGrp']);
    const start = sandbox.calls.mark();
    let bucketWent = 0;
    await access.removeAccess(
      acct,
      'bkt1',
      async () => {
        bucketWent = sandbox.calls.mark();
      },
      access.surveyAccess(acct, 'bkt1'),
    );
    const asked = sandbox.calls.since(start, (call) => call.seq <= bucketWent && call.operation === 'ListAttachedGroupPolicies');
    expect(asked.map((call) => (call.input as { GroupName: string }).GroupName).sort()).toEqual(['bkt1-BktAdmGrp', 'bkt1-BktRWGrp']);
    expect(await under('bkt1')).toEqual({ groups: [], policies: [], users: [] });
  });

  it('keeps a policy younger than the grace period that a create attached to an old group, when the group goes', async () => {
    const { clock, iam, account: acct, access } = onClockedSandbox();
    await bucketWith(access, acct);
    clock.advance(1_000_000);
    const young = await iam.createPolicy(acct, {
      name: 'bkt1-docs-BktROPlc',
      path: '/s3-api/bkt1/',
      document: bucketAccessPolicy('bkt1', 'read-only', 'docs'),
      description: 'a create under way',
      tags: [{ Key: 's3-api:request', Value: 'req-2' }],
    });
    await iam.attachGroupPolicy(acct, 'bkt1-BktAdmGrp', young.Arn);
    expect(await access.removeLeftovers(acct, 'bkt1', clock.now() - 500_000)).toEqual({
      users: [],
      groups: ['bkt1-BktAdmGrp'],
      policies: ['bkt1-BktAdmPlc'],
      released: false,
    });
    expect(await iam.getPolicy(acct, young.Arn)).toMatchObject({ PolicyName: 'bkt1-docs-BktROPlc' });
  });
});

describe('AccessService.removeAccess on the emulated IAM, what it retries and what it passes on', () => {
  it('passes on an IAM failure that is not propagation at once, without another round', async () => {
    const { sandbox, account: acct, access } = onSandbox();
    await bucketWith(access, acct, ['BktRWGrp']);
    sandbox.faults.add({ service: 'iam', operation: 'DeleteGroup', error: SandboxErrors.internal(), times: 1 });
    const deleteBucket = vi.fn(async () => undefined);
    await expect(access.removeAccess(acct, 'bkt1', deleteBucket)).rejects.toMatchObject({ awsCode: 'InternalError' });
    expect(deleteBucket).not.toHaveBeenCalled();
  });

  it('gives up with 409 ConcurrentChange, keeping the claim, while one of its policies stays attached to a group outside the bucket', async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct, ['BktRWGrp']);
    await iam.createGroup(acct, 'auditors');
    await iam.attachGroupPolicy(acct, 'auditors', RW_POLICY_ARN);
    await expect(access.removeAccess(acct, 'bkt1', async () => undefined)).rejects.toMatchObject({
      code: 'ConcurrentChange',
      message: "another request changed the users and groups of 'bkt1' at the same moment; nothing was lost, repeat the request",
    });
    expect(await under('bkt1')).toEqual({ groups: [], policies: ['bkt1-BktAdmPlc', 'bkt1-BktRWPlc'], users: [] });
  });
});

describe("AccessService.removeAccess on the emulated IAM, what is not the bucket's to remove", () => {
  it("leaves a group, user and policy at a deeper IAM path than the bucket's alone", async () => {
    const { iam, account: acct, access, under } = onSandbox();
    await bucketWith(access, acct);
    await iam.createGroup(acct, 'bkt1-deeper', '/s3-api/bkt1/deeper/');
    await iam.createUser(acct, { name: 'deep-user', path: '/s3-api/bkt1/deeper/', tags: [] });
    const deep = await iam.createPolicy(acct, {
      name: 'deep-policy',
      path: '/s3-api/bkt1/deeper/',
      document: bucketAccessPolicy('bkt1', 'read-only'),
      description: 'not the service',
      tags: [],
    });
    expect(await access.removeAccess(acct, 'bkt1', async () => undefined)).toEqual({
      users: [],
      groups: ['bkt1-BktAdmGrp'],
      policies: ['bkt1-BktAdmPlc'],
      released: false,
    });
    expect(await under('bkt1')).toEqual({ groups: ['bkt1-deeper'], policies: ['deep-policy'], users: ['deep-user'] });
    expect(await iam.getPolicy(acct, deep.Arn)).not.toBeNull();
  });

  it("only takes a user of the bucket that also belongs to another bucket's group out of its groups, keys and all", async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await bucketWith(access, acct, [], saga);
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt2', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'bob', path: '/s3-api/bkt1/', tags: [] });
    const key = await iam.createAccessKey(acct, 'bob');
    await access.join(saga, acct, 'bob', 'bkt1-BktAdmGrp');
    await access.join(saga, acct, 'bob', 'bkt2-BktROGrp');
    await iam.createUser(acct, { name: 'carol', tags: [] });
    await access.join(saga, acct, 'carol', 'bkt1-BktAdmGrp');
    const mark = sandbox.calls.mark();
    expect(await access.removeAccess(acct, 'bkt1', async () => undefined)).toMatchObject({ users: [], groups: ['bkt1-BktAdmGrp'] });
    expect((await iam.listAccessKeys(acct, 'bob')).map((k) => k.AccessKeyId)).toEqual([key.AccessKeyId]);
    expect((await iam.listGroupsForUser(acct, 'bob')).map((g) => g.GroupName)).toEqual(['bkt2-BktROGrp']);
    expect(await iam.getUser(acct, 'carol')).not.toBeNull();
    // A user from outside the bucket's path only leaves its groups: what else it holds is not even asked for.
    const askedAbout = sandbox.calls.since(mark, (call) => ['ListAccessKeys', 'ListAttachedUserPolicies', 'ListUserPolicies'].includes(call.operation));
    expect(askedAbout.filter((call) => (call.input as { UserName: string }).UserName === 'carol')).toEqual([]);
  });

  it('removes a user that also belongs to another bucket from this one without asking about its keys or policies', async () => {
    const { sandbox, iam, account: acct, access } = onSandbox();
    const saga = new Saga();
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt1', website: false }, 'BktRWGrp', 'req-1');
    await access.ensureAccessGroup(saga, acct, { bucket: 'bkt2', website: false }, 'BktROGrp', 'req-1');
    await iam.createUser(acct, { name: 'bob', path: '/s3-api/bkt1/', tags: [] });
    await access.join(saga, acct, 'bob', 'bkt1-BktRWGrp');
    await access.join(saga, acct, 'bob', 'bkt2-BktROGrp');
    const bob = (await access.membership(acct, 'bkt1', 'bob'))!;
    const mark = sandbox.calls.mark();
    expect(await access.removeUser(acct, bob.user, bob.groups, 'bkt1')).toEqual({ deleted: false, deletedKeyIds: [], groups: ['bkt1-BktRWGrp'] });
    expect(sandbox.calls.since(mark).map((call) => call.operation)).toEqual(['RemoveUserFromGroup']);
  });

  it('passes on an IAM failure while looking for a group of its name that IAM says exists, rather than calling the name taken', async () => {
    const { sandbox, account: acct, access } = onSandbox();
    sandbox.faults.add({ service: 'iam', operation: 'CreateGroup', error: { name: 'EntityAlreadyExists', httpStatusCode: 409 } });
    sandbox.faults.add({ service: 'iam', operation: 'GetGroup', error: SandboxErrors.internal() });
    await expect(access.ensureAccessGroup(new Saga(), acct, { bucket: 'bkt1', website: false }, 'BktROGrp', 'req-1', null)).rejects.toMatchObject({
      awsCode: 'InternalError',
    });
  });
});
