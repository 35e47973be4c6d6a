import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { IAM, Tag as IamTag } from '@aws-sdk/client-iam';
import type { ResourceGroupsTaggingAPI } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Route53 } from '@aws-sdk/client-route-53';
import type { S3 } from '@aws-sdk/client-s3';
import type { S3Control } from '@aws-sdk/client-s3-control';
import type { STS } from '@aws-sdk/client-sts';
import type { CommandName, HandlerContext, InputOf } from './handler.js';
import type { BucketState, IamState, SandboxService } from './state.js';

/** Condition keys of one request, beyond the global ones every request carries. */
export type ContextKeys = Readonly<Record<string, string | readonly string[]>>;

/** One authorization IAM makes for an API call: an action on a resource, in a context. */
export interface ActionRequest {
  /** e.g. `s3:ListBucket` (the IAM action, which is not always the operation's name). */
  readonly action: string;
  /** The resource's ARN, or `*` for an action that has no resource type. */
  readonly resource: string;
  /** The account the resource belongs to, when not the one the call is made in. */
  readonly resourceAccount?: string;
  /** Tags on the resource (`aws:ResourceTag/<key>`), for the resource types that support them. */
  readonly resourceTags?: ReadonlyMap<string, string>;
  readonly context?: ContextKeys;
  /** An S3 request on this bucket or its objects: the bucket's policy decides too. */
  readonly bucket?: BucketState;
}

/** What IAM checks for one operation. */
export interface Permission<Input = never> {
  /** Every action the operation can ask for: what an identity policy must allow for it to work at all. */
  readonly actions: readonly string[];
  /** Actions asked for only when the request sets an input member: action -> member (tags on a create, say). */
  readonly when?: Readonly<Record<string, string>>;
  readonly requests: (context: HandlerContext, input: Input) => readonly ActionRequest[];
}

type PermissionsOf<Client> = { readonly [Name in CommandName<Client>]?: Permission<InputOf<Client, Name>> };

/**
 * A request that lacks a member its ARN is made of: the service refuses it as malformed before it
 * authorizes anything, so the handler, which knows AWS's exact answer, gets to say so.
 */
export class Malformed extends Error {}

function member(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Malformed();
  return value;
}

const one = <Input>(action: string, request: (context: HandlerContext, input: Input) => Omit<ActionRequest, 'action'>): Permission<Input> => ({
  actions: [action],
  requests: (context, input) => [{ action, ...request(context, input) }],
});

/** An action with no resource type in the Service Authorization Reference: IAM matches it against `*`. */
const accountWide = <Input>(action: string, context?: (handler: HandlerContext, input: Input) => ContextKeys): Permission<Input> =>
  one(action, (handler, input) => ({ resource: '*', ...(context ? { context: context(handler, input) } : {}) }));

const requestTags = (tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): ContextKeys => {
  if (!tags?.length) return {};
  return {
    ...Object.fromEntries(tags.map((tag) => [`aws:RequestTag/${tag.Key ?? ''}`, tag.Value ?? ''])),
    'aws:TagKeys': tags.map((tag) => tag.Key ?? ''),
  };
};

// S3. Actions per operation: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html

/** A bucket and the account that owns it (the caller's, for a name nobody owns). */
function s3Target(context: HandlerContext, name: unknown): { bucket: BucketState | undefined; owner: string } {
  const bucket = member(name);
  const owner = context.runtime.state.bucketOwners.get(bucket) ?? context.account.id;
  return { bucket: context.runtime.account(owner).buckets.get(bucket), owner };
}

function s3Request(context: HandlerContext, name: unknown, key?: unknown): Omit<ActionRequest, 'action'> {
  const { bucket, owner } = s3Target(context, name);
  const resource = `arn:aws:s3:::${member(name)}${key === undefined ? '' : `/${member(key)}`}`;
  return { resource, resourceAccount: owner, context: { 's3:ResourceAccount': owner }, ...(bucket ? { bucket } : {}) };
}

const onBucket = <Input extends { Bucket?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => s3Request(context, input.Bucket));

const onObject = <Input extends { Bucket?: string | undefined; Key?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => s3Request(context, input.Bucket, input.Key));

/** On one version of an object (VersionId given), S3 asks for the action's `…Version…` twin. */
const onObjectVersion = <Input extends { Bucket?: string | undefined; Key?: string | undefined; VersionId?: string | undefined }>(
  action: string,
  versionAction: string,
): Permission<Input> => ({
  actions: [action, versionAction],
  when: { [versionAction]: 'VersionId' },
  requests: (context, input) => [{ action: input.VersionId === undefined ? action : versionAction, ...s3Request(context, input.Bucket, input.Key) }],
});

/** `k1=v1&k2=v2`, as PutObject's `x-amz-tagging` header carries the object's tags. */
function objectTags(query: string | undefined): ContextKeys {
  if (!query) return {};
  const tags = [...new URLSearchParams(query)];
  return { ...Object.fromEntries(tags.map(([key, value]) => [`s3:RequestObjectTag/${key}`, value])), 's3:RequestObjectTagKeys': tags.map(([key]) => key) };
}

const s3Permissions: PermissionsOf<S3> = {
  // ObjectOwnership on create is a PutBucketOwnershipControls as well.
  CreateBucket: {
    actions: ['s3:CreateBucket', 's3:PutBucketOwnershipControls'],
    when: { 's3:PutBucketOwnershipControls': 'ObjectOwnership' },
    requests: (context, input) => {
      // The bucket to be is the caller's: a name another account holds is BucketAlreadyExists, not a refusal.
      const request = { resource: `arn:aws:s3:::${member(input.Bucket)}`, context: { 's3:ResourceAccount': context.account.id } };
      const location = input.CreateBucketConfiguration?.LocationConstraint;
      const create = {
        action: 's3:CreateBucket',
        ...request,
        context: {
          ...request.context,
          ...(location ? { 's3:locationconstraint': location } : {}),
          ...(input.ObjectOwnership ? { 's3:x-amz-object-ownership': input.ObjectOwnership } : {}),
        },
      };
      return input.ObjectOwnership ? [create, { action: 's3:PutBucketOwnershipControls', ...request }] : [create];
    },
  },
  HeadBucket: onBucket('s3:ListBucket'),
  DeleteBucket: onBucket('s3:DeleteBucket'),
  ListBuckets: accountWide('s3:ListAllMyBuckets', (context) => ({ 's3:ResourceAccount': context.account.id })),
  GetBucketLocation: onBucket('s3:GetBucketLocation'),
  ListObjectsV2: one('s3:ListBucket', (context, input) => {
    const request = s3Request(context, input.Bucket);
    return {
      ...request,
      context: {
        ...request.context,
        ...(input.Prefix !== undefined ? { 's3:prefix': input.Prefix } : {}),
        ...(input.MaxKeys !== undefined ? { 's3:max-keys': String(input.MaxKeys) } : {}),
      },
    };
  }),
  // Tags given with the upload are a PutObjectTagging as well.
  PutObject: {
    actions: ['s3:PutObject', 's3:PutObjectTagging'],
    when: { 's3:PutObjectTagging': 'Tagging' },
    requests: (context, input) => {
      const request = s3Request(context, input.Bucket, input.Key);
      const put = { action: 's3:PutObject', ...request, context: { ...request.context, ...objectTags(input.Tagging) } };
      return input.Tagging ? [put, { ...put, action: 's3:PutObjectTagging' }] : [put];
    },
  },
  HeadObject: onObjectVersion('s3:GetObject', 's3:GetObjectVersion'),
  // A conditional delete with an ETag needs s3:GetObject as well, and carries the header as s3:if-match
  // (docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html, conditional-delete-enforce.html).
  DeleteObject: {
    actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject'],
    when: { 's3:DeleteObjectVersion': 'VersionId', 's3:GetObject': 'IfMatch' },
    requests: (context, input) => {
      const request = s3Request(context, input.Bucket, input.Key);
      const ifMatch: ContextKeys = input.IfMatch === undefined ? {} : { 's3:if-match': input.IfMatch };
      const remove = {
        action: input.VersionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
        ...request,
        context: { ...request.context, ...ifMatch },
      };
      return input.IfMatch === undefined || input.IfMatch === '*' ? [remove] : [remove, { action: 's3:GetObject', ...request }];
    },
  },
  ListObjectVersions: onBucket('s3:ListBucketVersions'),
  GetBucketVersioning: onBucket('s3:GetBucketVersioning'),
  PutBucketVersioning: onBucket('s3:PutBucketVersioning'),
  // The parts of an upload are the PutObject they make (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).
  CreateMultipartUpload: onObject('s3:PutObject'),
  UploadPart: onObject('s3:PutObject'),
  CompleteMultipartUpload: onObject('s3:PutObject'),
  AbortMultipartUpload: onObject('s3:AbortMultipartUpload'),
  ListMultipartUploads: onBucket('s3:ListBucketMultipartUploads'),
  GetObjectTagging: onObjectVersion('s3:GetObjectTagging', 's3:GetObjectVersionTagging'),
  PutObjectTagging: {
    actions: ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'],
    when: { 's3:PutObjectVersionTagging': 'VersionId' },
    requests: (context, input) => {
      const request = s3Request(context, input.Bucket, input.Key);
      const query = new URLSearchParams((input.Tagging?.TagSet ?? []).map((tag): [string, string] => [tag.Key ?? '', tag.Value ?? ''])).toString();
      const action = input.VersionId === undefined ? 's3:PutObjectTagging' : 's3:PutObjectVersionTagging';
      return [{ action, ...request, context: { ...request.context, ...objectTags(query) } }];
    },
  },
  DeleteObjectTagging: onObjectVersion('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'),
  GetBucketTagging: onBucket('s3:GetBucketTagging'),
  PutBucketTagging: onBucket('s3:PutBucketTagging'),
  DeleteBucketTagging: onBucket('s3:PutBucketTagging'),
  GetBucketEncryption: onBucket('s3:GetEncryptionConfiguration'),
  PutBucketEncryption: onBucket('s3:PutEncryptionConfiguration'),
  DeleteBucketEncryption: onBucket('s3:PutEncryptionConfiguration'),
  GetPublicAccessBlock: onBucket('s3:GetBucketPublicAccessBlock'),
  PutPublicAccessBlock: onBucket('s3:PutBucketPublicAccessBlock'),
  DeletePublicAccessBlock: onBucket('s3:PutBucketPublicAccessBlock'),
  GetBucketLogging: onBucket('s3:GetBucketLogging'),
  PutBucketLogging: onBucket('s3:PutBucketLogging'),
  GetBucketWebsite: onBucket('s3:GetBucketWebsite'),
  PutBucketWebsite: onBucket('s3:PutBucketWebsite'),
  DeleteBucketWebsite: onBucket('s3:DeleteBucketWebsite'),
  GetBucketPolicy: onBucket('s3:GetBucketPolicy'),
  PutBucketPolicy: onBucket('s3:PutBucketPolicy'),
  DeleteBucketPolicy: onBucket('s3:DeleteBucketPolicy'),
  GetBucketLifecycleConfiguration: onBucket('s3:GetLifecycleConfiguration'),
  PutBucketLifecycleConfiguration: onBucket('s3:PutLifecycleConfiguration'),
  DeleteBucketLifecycle: onBucket('s3:PutLifecycleConfiguration'),
};

// S3 Control: the account's own Block Public Access. DeletePublicAccessBlock needs the Put action
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_DeletePublicAccessBlock.html).
const accountSetting = <Input extends { AccountId?: string | undefined }>(action: string): Permission<Input> =>
  accountWide(action, (_context, input) => ({ 's3:ResourceAccount': member(input.AccountId) }));

const s3ControlPermissions: PermissionsOf<S3Control> = {
  GetPublicAccessBlock: accountSetting('s3:GetAccountPublicAccessBlock'),
  PutPublicAccessBlock: accountSetting('s3:PutAccountPublicAccessBlock'),
  DeletePublicAccessBlock: accountSetting('s3:PutAccountPublicAccessBlock'),
};

// IAM. An entity's ARN carries its path, which IAM knows only for an entity that exists: a name that
// does not exist is authorized as if at path `/`, so a caller whose rights are scoped to a path is
// answered AccessDenied for it, not NoSuchEntity (the path-scoped grants of cloud-gov/terraform-provision#1923
// and #1929 had to be widened for exactly that).

const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_PATH = /^\/(?:[\u0021-\u007e]*\/)?$/;

/** A name or path IAM's syntax refuses is a ValidationError, answered before any authorization. */
const iamName = (value: unknown): string => (IAM_NAME.test(member(value)) ? (value as string) : malformed());
const iamPath = (value: string | undefined): string => (value === undefined ? '/' : IAM_PATH.test(value) ? value : malformed());
const malformed = (): never => {
  throw new Malformed();
};

const iamArn = (context: HandlerContext, type: 'user' | 'group', path: string | undefined, name: unknown) =>
  `arn:aws:iam::${context.account.id}:${type}${iamPath(path)}${iamName(name)}`;

/**
 * An entity as IAM's authorization knows it: as the latest write left it, else as a read may still
 * see it while a change propagates (deleted a moment ago). Reads and authorization then agree on
 * where it is, and a path-scoped caller is refused only what it never could have seen.
 */
function known<T>(context: HandlerContext, pick: (iam: IamState) => T | undefined): T | undefined {
  return pick(context.account.iam) ?? context.account.iamPast.map((past) => pick(past.iam)).find((found) => found !== undefined);
}

/** Without a name, a user's calls act on the caller itself: only an IAM user can, which the handler decides. */
function userRequest(context: HandlerContext, name: unknown): Omit<ActionRequest, 'action'> {
  const user = known(context, (iam) => iam.users.get(member(name).toLowerCase()));
  if (!user) return { resource: iamArn(context, 'user', '/', name) };
  return {
    resource: user.arn,
    resourceTags: user.tags,
    ...(user.permissionsBoundary ? { context: { 'iam:PermissionsBoundary': user.permissionsBoundary } } : {}),
  };
}

function groupRequest(context: HandlerContext, name: unknown): Omit<ActionRequest, 'action'> {
  const group = known(context, (iam) => iam.groups.get(member(name).toLowerCase()));
  return { resource: group?.arn ?? iamArn(context, 'group', '/', name) };
}

function policyRequest(context: HandlerContext, arn: unknown): Omit<ActionRequest, 'action'> {
  const policy = known(context, (iam) => iam.policiesByArn.get(member(arn)));
  return { resource: member(arn), ...(policy ? { resourceTags: policy.tags } : {}) };
}

const onUser = <Input extends { UserName?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => userRequest(context, input.UserName));
const onGroup = <Input extends { GroupName?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => groupRequest(context, input.GroupName));
const onPolicy = <Input extends { PolicyArn?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => policyRequest(context, input.PolicyArn));

/** The managed policy the call attaches or detaches is a condition key of its own. */
const withPolicyArn = (request: Omit<ActionRequest, 'action'>, arn: unknown): Omit<ActionRequest, 'action'> => ({
  ...request,
  context: { ...request.context, 'iam:PolicyARN': member(arn) },
});

/** Tags given on a create are a Tag… call as well (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_users.html). */
function createTagged(create: string, tag: string, resource: string, tags: readonly IamTag[] | undefined, extra: ContextKeys = {}): ActionRequest[] {
  const context = { ...requestTags(tags), ...extra };
  return tags?.length
    ? [
        { action: create, resource, context },
        { action: tag, resource, context: requestTags(tags) },
      ]
    : [{ action: create, resource, context }];
}

/**
 * A move (UpdateGroup/UpdateUser with NewPath or a new name) is authorized on the entity as it is
 * and as it will be: "the principal must have permission to change the group with the old name and
 * the new name" (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html).
 */
function move(
  context: HandlerContext,
  type: 'user' | 'group',
  current: Omit<ActionRequest, 'action'>,
  action: string,
  to: { path?: string | undefined; name?: string | undefined },
): ActionRequest[] {
  const [, path, name] = /^arn:aws:iam::\d{12}:\w+(\/(?:.*\/)?)([^/]+)$/.exec(current.resource) ?? ['', '/', ''];
  const target = iamArn(context, type, to.path ?? path, to.name ?? name);
  return target === current.resource
    ? [{ action, ...current }]
    : [
        { action, ...current },
        { action, resource: target },
      ];
}

const iamPermissions: PermissionsOf<IAM> = {
  CreateUser: {
    actions: ['iam:CreateUser', 'iam:TagUser'],
    when: { 'iam:TagUser': 'Tags' },
    requests: (context, input) =>
      createTagged(
        'iam:CreateUser',
        'iam:TagUser',
        iamArn(context, 'user', input.Path, input.UserName),
        input.Tags,
        input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {},
      ),
  },
  GetUser: onUser('iam:GetUser'),
  DeleteUser: onUser('iam:DeleteUser'),
  ListUsers: accountWide('iam:ListUsers'),
  UpdateUser: {
    actions: ['iam:UpdateUser'],
    requests: (context, input) =>
      move(context, 'user', userRequest(context, input.UserName), 'iam:UpdateUser', { path: input.NewPath, name: input.NewUserName }),
  },
  TagUser: one('iam:TagUser', (context, input) => {
    const request = userRequest(context, input.UserName);
    return { ...request, context: { ...request.context, ...requestTags(input.Tags) } };
  }),
  UntagUser: one('iam:UntagUser', (context, input) => {
    const request = userRequest(context, input.UserName);
    return { ...request, context: { ...request.context, 'aws:TagKeys': input.TagKeys ?? [] } };
  }),
  ListUserTags: onUser('iam:ListUserTags'),
  CreateLoginProfile: onUser('iam:CreateLoginProfile'),
  GetLoginProfile: onUser('iam:GetLoginProfile'),
  DeleteLoginProfile: onUser('iam:DeleteLoginProfile'),
  // A user's other credentials, each authorized on the user.
  EnableMFADevice: onUser('iam:EnableMFADevice'),
  ListMFADevices: onUser('iam:ListMFADevices'),
  DeactivateMFADevice: onUser('iam:DeactivateMFADevice'),
  UploadSSHPublicKey: onUser('iam:UploadSSHPublicKey'),
  ListSSHPublicKeys: onUser('iam:ListSSHPublicKeys'),
  DeleteSSHPublicKey: onUser('iam:DeleteSSHPublicKey'),
  UploadSigningCertificate: onUser('iam:UploadSigningCertificate'),
  ListSigningCertificates: onUser('iam:ListSigningCertificates'),
  DeleteSigningCertificate: onUser('iam:DeleteSigningCertificate'),
  CreateServiceSpecificCredential: onUser('iam:CreateServiceSpecificCredential'),
  ListServiceSpecificCredentials: onUser('iam:ListServiceSpecificCredentials'),
  DeleteServiceSpecificCredential: onUser('iam:DeleteServiceSpecificCredential'),
  CreateGroup: one('iam:CreateGroup', (context, input) => ({ resource: iamArn(context, 'group', input.Path, input.GroupName) })),
  GetGroup: onGroup('iam:GetGroup'),
  DeleteGroup: onGroup('iam:DeleteGroup'),
  ListGroups: accountWide('iam:ListGroups'),
  UpdateGroup: {
    actions: ['iam:UpdateGroup'],
    requests: (context, input) =>
      move(context, 'group', groupRequest(context, input.GroupName), 'iam:UpdateGroup', { path: input.NewPath, name: input.NewGroupName }),
  },
  AddUserToGroup: onGroup('iam:AddUserToGroup'),
  RemoveUserFromGroup: onGroup('iam:RemoveUserFromGroup'),
  ListGroupsForUser: onUser('iam:ListGroupsForUser'),
  CreatePolicy: {
    actions: ['iam:CreatePolicy', 'iam:TagPolicy'],
    when: { 'iam:TagPolicy': 'Tags' },
    requests: (context, input) =>
      createTagged(
        'iam:CreatePolicy',
        'iam:TagPolicy',
        `arn:aws:iam::${context.account.id}:policy${iamPath(input.Path)}${iamName(input.PolicyName)}`,
        input.Tags,
      ),
  },
  GetAccountSummary: accountWide('iam:GetAccountSummary'),
  GetPolicy: onPolicy('iam:GetPolicy'),
  DeletePolicy: onPolicy('iam:DeletePolicy'),
  ListPolicies: accountWide('iam:ListPolicies'),
  TagPolicy: one('iam:TagPolicy', (context, input) => {
    const request = policyRequest(context, input.PolicyArn);
    return { ...request, context: { ...request.context, ...requestTags(input.Tags) } };
  }),
  GetPolicyVersion: onPolicy('iam:GetPolicyVersion'),
  CreatePolicyVersion: onPolicy('iam:CreatePolicyVersion'),
  SetDefaultPolicyVersion: onPolicy('iam:SetDefaultPolicyVersion'),
  ListPolicyVersions: onPolicy('iam:ListPolicyVersions'),
  DeletePolicyVersion: onPolicy('iam:DeletePolicyVersion'),
  AttachGroupPolicy: one('iam:AttachGroupPolicy', (context, input) => withPolicyArn(groupRequest(context, input.GroupName), input.PolicyArn)),
  DetachGroupPolicy: one('iam:DetachGroupPolicy', (context, input) => withPolicyArn(groupRequest(context, input.GroupName), input.PolicyArn)),
  ListAttachedGroupPolicies: onGroup('iam:ListAttachedGroupPolicies'),
  AttachUserPolicy: one('iam:AttachUserPolicy', (context, input) => withPolicyArn(userRequest(context, input.UserName), input.PolicyArn)),
  DetachUserPolicy: one('iam:DetachUserPolicy', (context, input) => withPolicyArn(userRequest(context, input.UserName), input.PolicyArn)),
  ListAttachedUserPolicies: onUser('iam:ListAttachedUserPolicies'),
  PutUserPolicy: onUser('iam:PutUserPolicy'),
  GetUserPolicy: onUser('iam:GetUserPolicy'),
  ListUserPolicies: onUser('iam:ListUserPolicies'),
  DeleteUserPolicy: onUser('iam:DeleteUserPolicy'),
  CreateAccessKey: onUser('iam:CreateAccessKey'),
  ListAccessKeys: onUser('iam:ListAccessKeys'),
  UpdateAccessKey: onUser('iam:UpdateAccessKey'),
  DeleteAccessKey: onUser('iam:DeleteAccessKey'),
};

// CloudFront. CreateDistribution has no resource type (it is authorized on `*`); a create with tags
// is a TagResource as well, on the distribution that does not exist yet
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/tagging.html).

function distributionRequest(context: HandlerContext, id: unknown): Omit<ActionRequest, 'action'> {
  const distribution = context.account.cloudfront.distributions.get(member(id));
  return { resource: `arn:aws:cloudfront::${context.account.id}:distribution/${member(id)}`, ...(distribution ? { resourceTags: distribution.tags } : {}) };
}

function taggableRequest(context: HandlerContext, arn: unknown): Omit<ActionRequest, 'action'> {
  const distribution = context.account.cloudfront.byArn.get(member(arn));
  return { resource: member(arn), ...(distribution ? { resourceTags: distribution.tags } : {}) };
}

// Creating an origin access control or a function has no resource type; the others name the control
// by id and the function by name, and a function carries tags (Actions, resources, and condition keys
// for Amazon CloudFront, Service Authorization Reference).
const onOriginAccessControl = <Input extends { Id?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => ({ resource: `arn:aws:cloudfront::${context.account.id}:origin-access-control/${member(input.Id)}` }));

const onFunction = <Input extends { Name?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => {
    const fn = context.account.cloudfront.functions.get(member(input.Name));
    return { resource: `arn:aws:cloudfront::${context.account.id}:function/${member(input.Name)}`, ...(fn ? { resourceTags: fn.tags } : {}) };
  });

const onDistribution = <Input extends { Id?: string | undefined }>(action: string): Permission<Input> =>
  one(action, (context, input) => distributionRequest(context, input.Id));

const cloudFrontPermissions: PermissionsOf<CloudFront> = {
  CreateDistribution: accountWide('cloudfront:CreateDistribution'),
  CreateDistributionWithTags: {
    actions: ['cloudfront:CreateDistribution', 'cloudfront:TagResource'],
    requests: (_context, input) => {
      const context = requestTags(input.DistributionConfigWithTags?.Tags?.Items);
      return [
        { action: 'cloudfront:CreateDistribution', resource: '*', context },
        { action: 'cloudfront:TagResource', resource: '*', context },
      ];
    },
  },
  GetDistribution: onDistribution('cloudfront:GetDistribution'),
  GetDistributionConfig: onDistribution('cloudfront:GetDistributionConfig'),
  UpdateDistribution: onDistribution('cloudfront:UpdateDistribution'),
  DeleteDistribution: onDistribution('cloudfront:DeleteDistribution'),
  ListDistributions: accountWide('cloudfront:ListDistributions'),
  TagResource: one('cloudfront:TagResource', (context, input) => ({ ...taggableRequest(context, input.Resource), context: requestTags(input.Tags?.Items) })),
  UntagResource: one('cloudfront:UntagResource', (context, input) => ({
    ...taggableRequest(context, input.Resource),
    context: { 'aws:TagKeys': input.TagKeys?.Items ?? [] },
  })),
  ListTagsForResource: one('cloudfront:ListTagsForResource', (context, input) => taggableRequest(context, input.Resource)),
  CreateInvalidation: one('cloudfront:CreateInvalidation', (context, input) => distributionRequest(context, input.DistributionId)),
  GetInvalidation: one('cloudfront:GetInvalidation', (context, input) => distributionRequest(context, input.DistributionId)),
  ListInvalidations: one('cloudfront:ListInvalidations', (context, input) => distributionRequest(context, input.DistributionId)),
  CreateOriginAccessControl: accountWide('cloudfront:CreateOriginAccessControl'),
  GetOriginAccessControl: onOriginAccessControl('cloudfront:GetOriginAccessControl'),
  DeleteOriginAccessControl: onOriginAccessControl('cloudfront:DeleteOriginAccessControl'),
  ListOriginAccessControls: accountWide('cloudfront:ListOriginAccessControls'),
  CreateFunction: accountWide('cloudfront:CreateFunction', (_context, input) => requestTags(input.Tags?.Items)),
  DescribeFunction: onFunction('cloudfront:DescribeFunction'),
  GetFunction: onFunction('cloudfront:GetFunction'),
  PublishFunction: onFunction('cloudfront:PublishFunction'),
  DeleteFunction: onFunction('cloudfront:DeleteFunction'),
  ListFunctions: accountWide('cloudfront:ListFunctions'),
};

// Route 53: a change batch is described by its record names, types and actions
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html).

const zoneArn = (id: unknown) => `arn:aws:route53:::hostedzone/${member(id).replace(/^\/hostedzone\//, '')}`;
const distinct = (values: readonly string[]) => [...new Set(values)];

const route53Permissions: PermissionsOf<Route53> = {
  ChangeResourceRecordSets: one('route53:ChangeResourceRecordSets', (_context, input) => {
    const changes = input.ChangeBatch?.Changes ?? [];
    return {
      resource: zoneArn(input.HostedZoneId),
      context: {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': distinct(
          changes.map((c) => (c.ResourceRecordSet?.Name ?? '').toLowerCase().replace(/\.$/, '')),
        ),
        'route53:ChangeResourceRecordSetsRecordTypes': distinct(changes.map((c) => c.ResourceRecordSet?.Type ?? '')),
        'route53:ChangeResourceRecordSetsActions': distinct(changes.map((c) => c.Action ?? '')),
      },
    };
  }),
  GetChange: one('route53:GetChange', (_context, input) => ({ resource: `arn:aws:route53:::change/${member(input.Id).replace(/^\/change\//, '')}` })),
  ListResourceRecordSets: one('route53:ListResourceRecordSets', (_context, input) => ({ resource: zoneArn(input.HostedZoneId) })),
  GetHostedZone: one('route53:GetHostedZone', (_context, input) => ({ resource: zoneArn(input.Id) })),
  ListHostedZones: accountWide('route53:ListHostedZones'),
  ListHostedZonesByName: accountWide('route53:ListHostedZonesByName'),
};

// STS: GetCallerIdentity needs no permission (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html),
// a web identity carries no credentials to authorize, and AssumeRole is decided by the role's trust
// policy, which the sandbox does not model (STS refuses a role that does not exist).
const none = <Input>(): Permission<Input> => ({ actions: [], requests: () => [] });
const stsPermissions: PermissionsOf<STS> = { AssumeRole: none(), AssumeRoleWithWebIdentity: none(), GetCallerIdentity: none() };

// Resource Groups Tagging API: tag:GetResources has no resource type
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonresourcegrouptaggingapi.html),
// and the API reference asks for the tagged resources' own permissions only to tag and untag them.
const taggingPermissions: PermissionsOf<ResourceGroupsTaggingAPI> = { GetResources: accountWide('tag:GetResources') };

/** Per service, keyed by operation (command name without `Command`). */
export const PERMISSIONS: Readonly<Record<SandboxService, Readonly<Record<string, Permission>>>> = {
  s3: s3Permissions as Record<string, Permission>,
  s3control: s3ControlPermissions as Record<string, Permission>,
  iam: iamPermissions as Record<string, Permission>,
  cloudfront: cloudFrontPermissions as Record<string, Permission>,
  route53: route53Permissions as Record<string, Permission>,
  sts: stsPermissions as Record<string, Permission>,
  tagging: taggingPermissions as Record<string, Permission>,
};

/**
 * The IAM actions an operation asks for when the caller sets the input members `sets` says it does;
 * undefined for an operation the sandbox does not know.
 */
export function actionsOf(service: SandboxService, operation: string, sets: (member: string) => boolean = () => true): readonly string[] | undefined {
  if (!Object.hasOwn(PERMISSIONS[service], operation)) return undefined;
  const { actions, when = {} } = PERMISSIONS[service][operation]!;
  return actions.filter((action) => when[action] === undefined || sets(when[action]));
}
