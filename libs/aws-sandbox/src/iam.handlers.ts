import type { IAM } from '@aws-sdk/client-iam';
import type { Tag } from '@aws-sdk/client-iam';
import type { SandboxClock } from './clock.js';
import { iamError, inRange, NotImplementedError } from './errors.js';
import { decodeToken, encodeToken, type HandlerContext, type HandlersOf, op } from './handler.js';
import { policyGrammarProblem } from './policy-grammar.js';
import { IAM_FIXED_QUOTAS } from './quotas.js';
import type { SortedMap } from './sorted-map.js';
import type { AccountState, IamGroupState, IamPolicyState, IamUserState, UserCredentialState } from './state.js';

const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const GROUP_OR_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^\/(?:[\u0021-\u007e]*\/)?$/;
const { accessKeysPerUser: MAX_ACCESS_KEYS, versionsPerPolicy: MAX_POLICY_VERSIONS, policySize: MAX_POLICY_SIZE } = IAM_FIXED_QUOTAS;

/** IAM's LimitExceeded 409 names the quota and its value: "Cannot exceed quota for GroupsPerAccount: 300". */
const quotaExceeded = (quota: string, value: number) => iamError('LimitExceeded', 409, `Cannot exceed quota for ${quota}: ${value}`);

function withinQuota(count: number, quota: string, value: number): void {
  if (count >= value) throw quotaExceeded(quota, value);
}

const noSuchUser = (name: string) => iamError('NoSuchEntity', 404, `The user with name ${name} cannot be found.`);
const noSuchGroup = (name: string) => iamError('NoSuchEntity', 404, `The group with name ${name} cannot be found.`);
const noSuchPolicy = (arn: string) => iamError('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`);

function validation(value: unknown, field: string, pattern: RegExp): asserts value is string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw iamError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
    );
  }
}

/** IAM refuses a request that lacks a required member before it looks anything up. */
function required(value: string | undefined, field: string): string {
  if (value === undefined)
    throw iamError('ValidationError', 400, `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function validatePath(path: unknown): string {
  if (path === undefined) return '/';
  validation(typeof path === 'string' && path.length <= 512 ? path : undefined, 'path', PATH);
  return path as string;
}

function validateTags(tags: readonly Tag[] | undefined, existing = new Map<string, string>()): Map<string, string> {
  const result = new Map(existing);
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    if (typeof tag.Key !== 'string' || tag.Key.length < 1 || tag.Key.length > 128 || typeof tag.Value !== 'string' || tag.Value.length > 256) {
      throw iamError('ValidationError', 400, '1 validation error detected: invalid tag');
    }
    if (tag.Key.toLowerCase().startsWith('aws:')) throw iamError('InvalidInput', 400, 'Tag keys starting with aws: are reserved for AWS use.');
    if (seen.has(tag.Key.toLowerCase())) throw iamError('InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(tag.Key.toLowerCase());
    result.set(tag.Key, tag.Value);
  }
  if (result.size > 50) throw iamError('LimitExceeded', 409, 'The number of tags has reached the maximum limit.');
  return result;
}

function validateDocument(document: unknown): string {
  if (typeof document !== 'string') throw iamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw iamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed))
    throw iamError('MalformedPolicyDocument', 400, 'Policy document should have a Statement');
  const problem = policyGrammarProblem(parsed, 'identity');
  if (problem) throw iamError('MalformedPolicyDocument', 400, problem);
  if (document.replace(/\s/g, '').length > MAX_POLICY_SIZE) throw quotaExceeded('PolicySize', MAX_POLICY_SIZE);
  return document;
}

const tagList = (tags: Map<string, string>): Tag[] => [...tags].map(([Key, Value]) => ({ Key, Value }));

const maxItems = (input: { MaxItems?: number }): number => inRange('iam', input.MaxItems ?? 100, 'maxItems', 1, 1000);

interface Page<O> {
  readonly items: O[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/** IAM pagination over a name-ordered map: starts at the marker by binary search. */
function pageOf<V, O>(map: SortedMap<V>, input: { Marker?: string; MaxItems?: number }, keep: (value: V) => boolean, view: (value: V) => O): Page<O> {
  const max = maxItems(input);
  const items: O[] = [];
  const start = input.Marker ? map.indexOf(decodeToken(input.Marker)) : 0;
  for (const [key, value] of map.from(start)) {
    if (!keep(value)) continue;
    if (items.length === max) return { items, IsTruncated: true, Marker: encodeToken(key) };
    items.push(view(value));
  }
  return { items, IsTruncated: false };
}

/** IAM pagination over a small ordered list (members, attachments, keys): the marker names the next item. */
function pageOfList<V, O>(list: readonly V[], input: { Marker?: string; MaxItems?: number }, keyOf: (value: V) => string, view: (value: V) => O): Page<O> {
  const max = maxItems(input);
  let start = 0;
  if (input.Marker) {
    const key = decodeToken(input.Marker);
    start = Math.max(
      0,
      list.findIndex((value) => keyOf(value) === key),
    );
  }
  const slice = list.slice(start, start + max);
  const next = list[start + max];
  return { items: slice.map(view), IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: encodeToken(keyOf(next)) } : {}) };
}

const pageFields = <O>(page: Page<O>) => ({ IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) });

function userOf(account: AccountState, name: unknown): IamUserState {
  const user = typeof name === 'string' ? account.iam.users.get(name.toLowerCase()) : undefined;
  if (!user) throw noSuchUser(String(name));
  return user;
}

function groupOf(account: AccountState, name: unknown): IamGroupState {
  const group = typeof name === 'string' ? account.iam.groups.get(name.toLowerCase()) : undefined;
  if (!group) throw noSuchGroup(String(name));
  return group;
}

function policyOf(account: AccountState, arn: unknown): IamPolicyState {
  const policy = typeof arn === 'string' ? account.iam.policiesByArn.get(arn) : undefined;
  if (!policy) throw noSuchPolicy(String(arn));
  return policy;
}

export const userView = (user: IamUserState, withTags = false) => ({
  Path: user.path,
  UserName: user.name,
  UserId: user.id,
  Arn: user.arn,
  CreateDate: new Date(user.createDate),
  ...(user.permissionsBoundary
    ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy' as const, PermissionsBoundaryArn: user.permissionsBoundary } }
    : {}),
  ...(withTags && user.tags.size ? { Tags: tagList(user.tags) } : {}),
});

export const groupView = (group: IamGroupState) => ({
  Path: group.path,
  GroupName: group.name,
  GroupId: group.id,
  Arn: group.arn,
  CreateDate: new Date(group.createDate),
});

const policyView = (policy: IamPolicyState, full = true) => ({
  PolicyName: policy.name,
  PolicyId: policy.id,
  Arn: policy.arn,
  Path: policy.path,
  DefaultVersionId: policy.defaultVersionId,
  AttachmentCount: policy.attachedGroups.size + policy.attachedUsers.size,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: new Date(policy.createDate),
  UpdateDate: new Date(policy.updateDate),
  ...(full && policy.description !== undefined ? { Description: policy.description } : {}),
  ...(full && policy.tags.size ? { Tags: tagList(policy.tags) } : {}),
});

/**
 * IAM's timestamps (every CreateDate, UploadDate, EnableDate) to the whole second: the IAM API reference
 * types them `Timestamp` (AccessKeyMetadata, Policy: ISO 8601 on the wire; a timestamp in the SDK's IAM
 * model too), and IAM gives them to the second. Never finer than AWS: code that orders IAM entities by
 * their dates must meet the ties it meets in AWS (a coarser date only makes more of them).
 */
export const iamTimestamp = (clock: Pick<SandboxClock, 'now'>): Date => new Date(Math.floor(clock.now() / 1000) * 1000);

const now = (context: HandlerContext) => iamTimestamp(context.runtime.clock);

/** Builders shared by the handlers and by seeding, so seeded entities are indistinguishable. */
export function newUser(
  context: Pick<HandlerContext, 'runtime' | 'account'>,
  name: string,
  path = '/',
  tags = new Map<string, string>(),
  boundary?: string,
): IamUserState {
  const { ids } = context.runtime;
  return {
    name,
    id: ids.iamId('AIDA'),
    arn: `arn:aws:iam::${context.account.id}:user${path}${name}`,
    path,
    createDate: iamTimestamp(context.runtime.clock),
    permissionsBoundary: boundary,
    tags,
    groups: new Set(),
    attachedPolicies: new Set(),
    inlinePolicies: new Map(),
    accessKeys: new Map(),
    loginProfile: undefined,
    credentials: new Map(),
  };
}

export function newGroup(context: Pick<HandlerContext, 'runtime' | 'account'>, name: string, path = '/'): IamGroupState {
  return {
    name,
    id: context.runtime.ids.iamId('AGPA'),
    arn: `arn:aws:iam::${context.account.id}:group${path}${name}`,
    path,
    createDate: iamTimestamp(context.runtime.clock),
    members: new Set(),
    attachedPolicies: new Set(),
    inlinePolicies: new Map(),
  };
}

/** Adds a managed policy (v1 its default version); names are unique in the account, whatever the path. */
export function newPolicy(
  context: Pick<HandlerContext, 'runtime' | 'account'>,
  name: string,
  path: string,
  document: string,
  description?: string,
  tags = new Map<string, string>(),
): IamPolicyState {
  const { policies, policiesByArn } = context.account.iam;
  const key = name.toLowerCase();
  const arn = `arn:aws:iam::${context.account.id}:policy${path}${name}`;
  // Names are unique in the account whatever the path (IAM API reference, CreatePolicy: PolicyName).
  if (policies.has(key) || policiesByArn.has(arn))
    throw iamError('EntityAlreadyExists', 409, `A policy called ${name} already exists. Duplicate names are not allowed.`);
  const created = iamTimestamp(context.runtime.clock);
  const policy: IamPolicyState = {
    name,
    id: context.runtime.ids.iamId('ANPA'),
    arn,
    path,
    description,
    createDate: created,
    updateDate: created,
    defaultVersionId: 'v1',
    nextVersion: 2,
    versions: new Map([['v1', { id: 'v1', document, createDate: created }]]),
    tags,
    attachedGroups: new Set(),
    attachedUsers: new Set(),
  };
  policies.set(key, policy);
  policiesByArn.set(arn, policy);
  return policy;
}

export function addMember(group: IamGroupState, user: IamUserState): void {
  group.members.add(user.name.toLowerCase());
  user.groups.add(group.name.toLowerCase());
}

/** UpdateUser and UpdateGroup: a new path moves the entity's ARN with it (its id stays). */
function moveTo(entity: IamUserState | IamGroupState, kind: 'user' | 'group', accountId: string, newPath: unknown): void {
  if (newPath === undefined) return;
  const path = validatePath(newPath);
  entity.path = path;
  entity.arn = `arn:aws:iam::${accountId}:${kind}${path}${entity.name}`;
}

function attach(account: AccountState, holder: IamUserState | IamGroupState, policy: IamPolicyState, kind: 'user' | 'group'): void {
  if (!holder.attachedPolicies.has(policy.arn)) {
    const [quota, value] = kind === 'user' ? ['PoliciesPerUser', IAM_FIXED_QUOTAS.policiesPerUser] : ['PoliciesPerGroup', IAM_FIXED_QUOTAS.policiesPerGroup];
    withinQuota(holder.attachedPolicies.size, quota, value);
  }
  holder.attachedPolicies.add(policy.arn);
  (kind === 'user' ? policy.attachedUsers : policy.attachedGroups).add(holder.name.toLowerCase());
  account.iam.policiesByArn.set(policy.arn, policy);
}

function detach(holder: IamUserState | IamGroupState, policy: IamPolicyState, kind: 'user' | 'group'): void {
  if (!holder.attachedPolicies.delete(policy.arn)) throw iamError('NoSuchEntity', 404, `Policy ${policy.arn} was not found.`);
  (kind === 'user' ? policy.attachedUsers : policy.attachedGroups).delete(holder.name.toLowerCase());
}

function attachedView(account: AccountState, holder: IamUserState | IamGroupState, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const prefix = input.PathPrefix ?? '/';
  const policies = [...holder.attachedPolicies].map((arn) => account.iam.policiesByArn.get(arn)!).filter((policy) => policy.path.startsWith(prefix));
  const page = pageOfList(
    policies,
    input,
    (policy) => policy.arn,
    (policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn }),
  );
  return { AttachedPolicies: page.items, ...pageFields(page) };
}

const credentialsOf = (user: IamUserState, kind: UserCredentialState['kind']) =>
  [...user.credentials.values()].filter((credential) => credential.kind === kind);

function removeCredential(user: IamUserState, kind: UserCredentialState['kind'], id: string): void {
  if (user.credentials.get(id)?.kind !== kind) throw iamError('NoSuchEntity', 404, `The ${kind.replaceAll('-', ' ')} with id ${id} cannot be found.`);
  user.credentials.delete(id);
}

export const iamHandlers: HandlersOf<IAM> = {
  CreateUser: op((context, input) => {
    validation(input.UserName, 'userName', USER_NAME);
    const path = validatePath(input.Path);
    const users = context.account.iam.users;
    const key = input.UserName.toLowerCase();
    if (users.has(key)) throw iamError('EntityAlreadyExists', 409, `User with name ${input.UserName} already exists.`);
    withinQuota(users.size, 'UsersPerAccount', context.runtime.quotas(context.account.id).users);
    const user = newUser(context, input.UserName, path, validateTags(input.Tags), input.PermissionsBoundary);
    users.set(key, user);
    return { User: userView(user, true) };
  }),

  GetUser: op((context, input) => {
    if (input.UserName === undefined) {
      if (context.principal.kind === 'role') {
        throw iamError('ValidationError', 400, 'Must specify userName when calling with non-User credentials');
      }
      return { User: { Path: '/', UserName: 'root', UserId: context.account.id, Arn: `arn:aws:iam::${context.account.id}:root`, CreateDate: new Date(0) } };
    }
    return { User: userView(userOf(context.account, input.UserName), true) };
  }),

  DeleteUser: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const conflict = (what: string) => iamError('DeleteConflict', 409, `Cannot delete entity, must ${what} first.`);
    if (user.accessKeys.size) throw conflict('delete access keys');
    if (user.groups.size) throw conflict('remove users from group');
    if (user.attachedPolicies.size) throw conflict('detach all policies');
    if (user.inlinePolicies.size) throw conflict('delete policies');
    if (user.loginProfile) throw conflict('delete login profile');
    // And every other credential (DeleteUser, IAM API reference: "you must delete the items attached to the user manually").
    const kinds = new Set([...user.credentials.values()].map((credential) => credential.kind));
    if (kinds.has('mfa-device')) throw conflict('delete MFA device');
    if (kinds.has('ssh-public-key')) throw conflict('delete SSH public keys');
    if (kinds.has('signing-certificate')) throw conflict('delete signing certificates');
    if (kinds.has('service-specific-credential')) throw conflict('delete service specific credentials');
    context.account.iam.users.delete(user.name.toLowerCase());
    return {};
  }),

  ListUsers: op((context, input) => {
    const prefix: string = input.PathPrefix ?? '/';
    const page = pageOf(
      context.account.iam.users,
      input,
      (user) => user.path.startsWith(prefix),
      (user) => userView(user),
    );
    return { Users: page.items, ...pageFields(page) };
  }),

  // Renames would have to carry every membership and attachment along; nothing here needs them yet.
  UpdateUser: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    if (input.NewUserName !== undefined) throw new NotImplementedError('iam', 'UpdateUser with NewUserName');
    moveTo(user, 'user', context.account.id, input.NewPath);
    return {};
  }),

  TagUser: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const tags = validateTags(input.Tags, user.tags);
    user.tags.clear();
    for (const [key, value] of tags) user.tags.set(key, value);
    return {};
  }),

  UntagUser: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    for (const key of (input.TagKeys ?? []) as string[]) user.tags.delete(key);
    return {};
  }),

  ListUserTags: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const page = pageOfList(
      [...user.tags],
      input,
      ([key]) => key,
      ([Key, Value]) => ({ Key, Value }),
    );
    return { Tags: page.items, ...pageFields(page) };
  }),

  CreateLoginProfile: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    if (user.loginProfile) throw iamError('EntityAlreadyExists', 409, `Login Profile for user ${user.name} already exists.`);
    user.loginProfile = now(context);
    return { LoginProfile: { UserName: user.name, CreateDate: new Date(user.loginProfile), PasswordResetRequired: input.PasswordResetRequired === true } };
  }),

  GetLoginProfile: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    if (!user.loginProfile) throw iamError('NoSuchEntity', 404, `Login Profile for User ${user.name} cannot be found.`);
    return { LoginProfile: { UserName: user.name, CreateDate: new Date(user.loginProfile), PasswordResetRequired: false } };
  }),

  DeleteLoginProfile: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    if (!user.loginProfile) throw iamError('NoSuchEntity', 404, `Login Profile for User ${user.name} cannot be found.`);
    user.loginProfile = undefined;
    return {};
  }),

  EnableMFADevice: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const serial = required(input.SerialNumber, 'serialNumber');
    for (const [code, field] of [
      [input.AuthenticationCode1, 'authenticationCode1'],
      [input.AuthenticationCode2, 'authenticationCode2'],
    ] as const)
      validation(code, field, /^\d{6}$/);
    if (user.credentials.has(serial)) throw iamError('EntityAlreadyExists', 409, `MFA device already exists for ${user.name}.`);
    user.credentials.set(serial, { kind: 'mfa-device', id: serial, detail: serial, createDate: now(context) });
    return {};
  }),

  ListMFADevices: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const page = pageOfList(
      credentialsOf(user, 'mfa-device'),
      input,
      (device) => device.id,
      (device) => ({ UserName: user.name, SerialNumber: device.id, EnableDate: new Date(device.createDate) }),
    );
    return { MFADevices: page.items, ...pageFields(page) };
  }),

  DeactivateMFADevice: op((context, input) => {
    removeCredential(userOf(context.account, input.UserName), 'mfa-device', required(input.SerialNumber, 'serialNumber'));
    return {};
  }),

  UploadSSHPublicKey: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const body = required(input.SSHPublicKeyBody, 'sSHPublicKeyBody');
    const id = context.runtime.ids.iamId('APKA');
    user.credentials.set(id, { kind: 'ssh-public-key', id, detail: body, createDate: now(context) });
    return {
      SSHPublicKey: {
        UserName: user.name,
        SSHPublicKeyId: id,
        Fingerprint: id.toLowerCase(),
        SSHPublicKeyBody: body,
        Status: 'Active' as const,
        UploadDate: now(context),
      },
    };
  }),

  ListSSHPublicKeys: op((context, input) => {
    const user = userOf(context.account, input.UserName!);
    const page = pageOfList(
      credentialsOf(user, 'ssh-public-key'),
      input,
      (key) => key.id,
      (key) => ({ UserName: user.name, SSHPublicKeyId: key.id, Status: 'Active' as const, UploadDate: new Date(key.createDate) }),
    );
    return { SSHPublicKeys: page.items, ...pageFields(page) };
  }),

  DeleteSSHPublicKey: op((context, input) => {
    removeCredential(userOf(context.account, input.UserName), 'ssh-public-key', required(input.SSHPublicKeyId, 'sSHPublicKeyId'));
    return {};
  }),

  UploadSigningCertificate: op((context, input) => {
    const user = userOf(context.account, input.UserName!);
    const body = required(input.CertificateBody, 'certificateBody');
    const id = context.runtime.ids.certificateId();
    user.credentials.set(id, { kind: 'signing-certificate', id, detail: body, createDate: now(context) });
    return { Certificate: { UserName: user.name, CertificateId: id, CertificateBody: body, Status: 'Active' as const, UploadDate: now(context) } };
  }),

  ListSigningCertificates: op((context, input) => {
    const user = userOf(context.account, input.UserName!);
    const page = pageOfList(
      credentialsOf(user, 'signing-certificate'),
      input,
      (certificate) => certificate.id,
      (certificate) => ({
        UserName: user.name,
        CertificateId: certificate.id,
        CertificateBody: certificate.detail,
        Status: 'Active' as const,
        UploadDate: new Date(certificate.createDate),
      }),
    );
    return { Certificates: page.items, ...pageFields(page) };
  }),

  DeleteSigningCertificate: op((context, input) => {
    removeCredential(userOf(context.account, input.UserName!), 'signing-certificate', required(input.CertificateId, 'certificateId'));
    return {};
  }),

  CreateServiceSpecificCredential: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const service = required(input.ServiceName, 'serviceName');
    const id = context.runtime.ids.iamId('ACCA');
    const created = now(context);
    user.credentials.set(id, { kind: 'service-specific-credential', id, detail: service, createDate: created });
    return {
      ServiceSpecificCredential: {
        CreateDate: created,
        ServiceName: service,
        ServiceUserName: `${user.name}-at-${context.account.id}`,
        ServicePassword: context.runtime.ids.secret(44),
        ServiceSpecificCredentialId: id,
        UserName: user.name,
        Status: 'Active' as const,
      },
    };
  }),

  ListServiceSpecificCredentials: op((context, input) => {
    const user = userOf(context.account, input.UserName!);
    return {
      ServiceSpecificCredentials: credentialsOf(user, 'service-specific-credential').map((credential) => ({
        UserName: user.name,
        Status: 'Active' as const,
        ServiceUserName: `${user.name}-at-${context.account.id}`,
        CreateDate: new Date(credential.createDate),
        ServiceSpecificCredentialId: credential.id,
        ServiceName: credential.detail,
      })),
    };
  }),

  DeleteServiceSpecificCredential: op((context, input) => {
    removeCredential(
      userOf(context.account, input.UserName!),
      'service-specific-credential',
      required(input.ServiceSpecificCredentialId, 'serviceSpecificCredentialId'),
    );
    return {};
  }),

  CreateGroup: op((context, input) => {
    validation(input.GroupName, 'groupName', GROUP_OR_POLICY_NAME);
    const path = validatePath(input.Path);
    const groups = context.account.iam.groups;
    const key = input.GroupName.toLowerCase();
    if (groups.has(key)) throw iamError('EntityAlreadyExists', 409, `Group with name ${input.GroupName} already exists.`);
    withinQuota(groups.size, 'GroupsPerAccount', context.runtime.quotas(context.account.id).groups);
    const group = newGroup(context, input.GroupName, path);
    groups.set(key, group);
    return { Group: groupView(group) };
  }),

  GetGroup: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    const members = [...group.members].map((name) => context.account.iam.users.get(name)!);
    const page = pageOfList(
      members,
      input,
      (user) => user.name.toLowerCase(),
      (user) => userView(user),
    );
    return { Group: groupView(group), Users: page.items, ...pageFields(page) };
  }),

  DeleteGroup: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    if (group.members.size) throw iamError('DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    if (group.attachedPolicies.size) throw iamError('DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    if (group.inlinePolicies.size) throw iamError('DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    context.account.iam.groups.delete(group.name.toLowerCase());
    return {};
  }),

  ListGroups: op((context, input) => {
    const prefix: string = input.PathPrefix ?? '/';
    const page = pageOf(context.account.iam.groups, input, (group) => group.path.startsWith(prefix), groupView);
    return { Groups: page.items, ...pageFields(page) };
  }),

  UpdateGroup: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    if (input.NewGroupName !== undefined) throw new NotImplementedError('iam', 'UpdateGroup with NewGroupName');
    moveTo(group, 'group', context.account.id, input.NewPath);
    return {};
  }),

  AddUserToGroup: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    const user = userOf(context.account, input.UserName);
    if (!user.groups.has(group.name.toLowerCase())) withinQuota(user.groups.size, 'GroupsPerUser', IAM_FIXED_QUOTAS.groupsPerUser);
    addMember(group, user);
    return {};
  }),

  RemoveUserFromGroup: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    const user = userOf(context.account, input.UserName);
    if (!group.members.has(user.name.toLowerCase())) throw noSuchUser(user.name);
    group.members.delete(user.name.toLowerCase());
    user.groups.delete(group.name.toLowerCase());
    return {};
  }),

  ListGroupsForUser: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const groups = [...user.groups].map((name) => context.account.iam.groups.get(name)!);
    const page = pageOfList(groups, input, (group) => group.name.toLowerCase(), groupView);
    return { Groups: page.items, ...pageFields(page) };
  }),

  CreatePolicy: op((context, input) => {
    validation(input.PolicyName, 'policyName', GROUP_OR_POLICY_NAME);
    const path = validatePath(input.Path);
    const document = validateDocument(input.PolicyDocument);
    if (!context.account.iam.policies.has(input.PolicyName.toLowerCase()))
      withinQuota(context.account.iam.policies.size, 'PoliciesPerAccount', context.runtime.quotas(context.account.id).policies);
    const policy = newPolicy(context, input.PolicyName, path, document, input.Description, validateTags(input.Tags));
    return { Policy: policyView(policy) };
  }),

  // The entity counts and quotas of the account, as GetAccountSummary answers them (one call, no listing).
  GetAccountSummary: op((context) => {
    const { iam } = context.account;
    const quotas = context.runtime.quotas(context.account.id);
    let versionsInUse = 0;
    let mfaDevices = 0;
    for (const user of iam.users.values()) mfaDevices += credentialsOf(user, 'mfa-device').length;
    for (const policy of iam.policies.values()) if (policy.attachedGroups.size + policy.attachedUsers.size > 0) versionsInUse += policy.versions.size;
    return {
      SummaryMap: {
        Users: iam.users.size,
        UsersQuota: quotas.users,
        Groups: iam.groups.size,
        GroupsQuota: quotas.groups,
        Policies: iam.policies.size,
        PoliciesQuota: quotas.policies,
        PolicyVersionsInUse: versionsInUse,
        PolicyVersionsInUseQuota: 10_000,
        VersionsPerPolicyQuota: MAX_POLICY_VERSIONS,
        PolicySizeQuota: MAX_POLICY_SIZE,
        GroupsPerUserQuota: IAM_FIXED_QUOTAS.groupsPerUser,
        AttachedPoliciesPerGroupQuota: IAM_FIXED_QUOTAS.policiesPerGroup,
        AttachedPoliciesPerUserQuota: IAM_FIXED_QUOTAS.policiesPerUser,
        AccessKeysPerUserQuota: MAX_ACCESS_KEYS,
        MFADevices: mfaDevices,
        MFADevicesInUse: mfaDevices,
        Roles: 0,
        RolesQuota: 1_000,
        AccountMFAEnabled: 0,
        AccountAccessKeysPresent: 0,
        AccountSigningCertificatesPresent: 0,
      },
    };
  }),

  GetPolicy: op((context, input) => ({ Policy: policyView(policyOf(context.account, input.PolicyArn)) })),

  // Adds or overwrites, as TagUser does; the same 50-tag limit (IAM API reference, TagPolicy).
  TagPolicy: op((context, input) => {
    const policy = policyOf(context.account, input.PolicyArn);
    const tags = validateTags(input.Tags, policy.tags);
    policy.tags.clear();
    for (const [key, value] of tags) policy.tags.set(key, value);
    return {};
  }),

  DeletePolicy: op((context, input) => {
    const policy = policyOf(context.account, input.PolicyArn);
    if (policy.attachedGroups.size || policy.attachedUsers.size) throw iamError('DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    if (policy.versions.size > 1) {
      throw iamError(
        'DeleteConflict',
        409,
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    context.account.iam.policies.delete(policy.name.toLowerCase());
    context.account.iam.policiesByArn.delete(policy.arn);
    return {};
  }),

  ListPolicies: op((context, input) => {
    const prefix: string = input.PathPrefix ?? '/';
    // The sandbox holds no AWS managed policies: scope AWS lists nothing.
    const scope: string = input.Scope ?? 'All';
    const page = pageOf(
      context.account.iam.policies,
      input,
      (policy) => scope !== 'AWS' && policy.path.startsWith(prefix) && (!input.OnlyAttached || policy.attachedGroups.size + policy.attachedUsers.size > 0),
      (policy) => policyView(policy, false),
    );
    return { Policies: page.items, ...pageFields(page) };
  }),

  GetPolicyVersion: op((context, input) => {
    const versionId = required(input.VersionId, 'versionId');
    const policy = policyOf(context.account, input.PolicyArn);
    const version = policy.versions.get(versionId);
    if (!version) throw iamError('NoSuchEntity', 404, `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    // IAM returns the document URL-encoded (RFC 3986); the SDK does not decode it.
    return {
      PolicyVersion: {
        Document: encodeURIComponent(version.document),
        VersionId: version.id,
        IsDefaultVersion: version.id === policy.defaultVersionId,
        CreateDate: new Date(version.createDate),
      },
    };
  }),

  CreatePolicyVersion: op((context, input) => {
    const policy = policyOf(context.account, input.PolicyArn);
    const document = validateDocument(input.PolicyDocument);
    if (policy.versions.size >= MAX_POLICY_VERSIONS) {
      throw iamError(
        'LimitExceeded',
        409,
        `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const id = `v${policy.nextVersion++}`;
    const created = now(context);
    policy.versions.set(id, { id, document, createDate: created });
    if (input.SetAsDefault) policy.defaultVersionId = id;
    policy.updateDate = created;
    return { PolicyVersion: { VersionId: id, IsDefaultVersion: policy.defaultVersionId === id, CreateDate: new Date(created) } };
  }),

  SetDefaultPolicyVersion: op((context, input) => {
    const versionId = required(input.VersionId, 'versionId');
    const policy = policyOf(context.account, input.PolicyArn);
    if (!policy.versions.has(versionId)) throw iamError('NoSuchEntity', 404, `Policy ${policy.arn} version ${versionId} does not exist.`);
    policy.defaultVersionId = versionId;
    policy.updateDate = now(context);
    return {};
  }),

  ListPolicyVersions: op((context, input) => {
    const policy = policyOf(context.account, input.PolicyArn);
    const versions = [...policy.versions.values()].reverse();
    const page = pageOfList(
      versions,
      input,
      (version) => version.id,
      (version) => ({ VersionId: version.id, IsDefaultVersion: version.id === policy.defaultVersionId, CreateDate: new Date(version.createDate) }),
    );
    return { Versions: page.items, ...pageFields(page) };
  }),

  DeletePolicyVersion: op((context, input) => {
    const versionId = required(input.VersionId, 'versionId');
    const policy = policyOf(context.account, input.PolicyArn);
    if (!policy.versions.has(versionId)) throw iamError('NoSuchEntity', 404, `Policy ${policy.arn} version ${versionId} does not exist.`);
    if (versionId === policy.defaultVersionId) throw iamError('DeleteConflict', 409, 'Cannot delete the default version of a policy.');
    policy.versions.delete(versionId);
    return {};
  }),

  AttachGroupPolicy: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    attach(context.account, group, policyOf(context.account, input.PolicyArn), 'group');
    return {};
  }),

  DetachGroupPolicy: op((context, input) => {
    const group = groupOf(context.account, input.GroupName);
    detach(group, policyOf(context.account, input.PolicyArn), 'group');
    return {};
  }),

  ListAttachedGroupPolicies: op((context, input) => attachedView(context.account, groupOf(context.account, input.GroupName), input)),

  AttachUserPolicy: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    attach(context.account, user, policyOf(context.account, input.PolicyArn), 'user');
    return {};
  }),

  DetachUserPolicy: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    detach(user, policyOf(context.account, input.PolicyArn), 'user');
    return {};
  }),

  ListAttachedUserPolicies: op((context, input) => attachedView(context.account, userOf(context.account, input.UserName), input)),

  PutUserPolicy: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    validation(input.PolicyName, 'policyName', GROUP_OR_POLICY_NAME);
    user.inlinePolicies.set(input.PolicyName, validateDocument(input.PolicyDocument));
    return {};
  }),

  GetUserPolicy: op((context, input) => {
    const policyName = required(input.PolicyName, 'policyName');
    const user = userOf(context.account, input.UserName);
    const document = user.inlinePolicies.get(policyName);
    if (document === undefined) throw iamError('NoSuchEntity', 404, `The user policy with name ${policyName} cannot be found.`);
    return { UserName: user.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(document) };
  }),

  ListUserPolicies: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const page = pageOfList(
      [...user.inlinePolicies.keys()],
      input,
      (name) => name,
      (name) => name,
    );
    return { PolicyNames: page.items, ...pageFields(page) };
  }),

  DeleteUserPolicy: op((context, input) => {
    const policyName = required(input.PolicyName, 'policyName');
    const user = userOf(context.account, input.UserName);
    if (!user.inlinePolicies.delete(policyName)) throw iamError('NoSuchEntity', 404, `The user policy with name ${policyName} cannot be found.`);
    return {};
  }),

  CreateAccessKey: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    withinQuota(user.accessKeys.size, 'AccessKeysPerUser', MAX_ACCESS_KEYS);
    const key = { id: context.runtime.ids.accessKeyId('AKIA'), secret: context.runtime.ids.secret(40), status: 'Active' as const, createDate: now(context) };
    user.accessKeys.set(key.id, key);
    return { AccessKey: { UserName: user.name, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: new Date(key.createDate) } };
  }),

  ListAccessKeys: op((context, input) => {
    const user = userOf(context.account, input.UserName);
    const page = pageOfList(
      [...user.accessKeys.values()],
      input,
      (key) => key.id,
      (key) => ({ UserName: user.name, AccessKeyId: key.id, Status: key.status, CreateDate: new Date(key.createDate) }),
    );
    return { AccessKeyMetadata: page.items, ...pageFields(page) };
  }),

  UpdateAccessKey: op((context, input) => {
    const keyId = required(input.AccessKeyId, 'accessKeyId');
    const user = userOf(context.account, input.UserName);
    const key = user.accessKeys.get(keyId);
    if (!key) throw iamError('NoSuchEntity', 404, `The Access Key with id ${keyId} cannot be found.`);
    if (input.Status !== 'Active' && input.Status !== 'Inactive')
      throw iamError('ValidationError', 400, `Value '${input.Status}' at 'status' failed to satisfy constraint`);
    key.status = input.Status;
    return {};
  }),

  DeleteAccessKey: op((context, input) => {
    const keyId = required(input.AccessKeyId, 'accessKeyId');
    const user = userOf(context.account, input.UserName);
    if (!user.accessKeys.delete(keyId)) throw iamError('NoSuchEntity', 404, `The Access Key with id ${keyId} cannot be found.`);
    return {};
  }),
};
