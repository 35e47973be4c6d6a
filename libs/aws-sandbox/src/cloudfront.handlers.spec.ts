import {
  CreateDistributionWithTagsCommand,
  CreateFunctionCommand,
  CreateInvalidationCommand,
  CreateOriginAccessControlCommand,
  DeleteDistributionCommand,
  DeleteFunctionCommand,
  DeleteOriginAccessControlCommand,
  DescribeFunctionCommand,
  GetOriginAccessControlCommand,
  ListOriginAccessControlsCommand,
  PublishFunctionCommand,
  type DistributionConfig,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
  ListInvalidationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxClients, createSandboxClients } from './clients.js';
import { ManualClock } from './clock.js';
import { AwsSandbox } from './sandbox.js';
import { websiteDistributionConfig } from './seed.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const B = '222222222222';
const DOMAIN = 'sites.example.com';
const DEPLOY_MS = 60_000;

function siteConfig(site: string, certificateArn: string, reference = `ref-${site}`): DistributionConfig {
  return {
    ...websiteDistributionConfig({ reference, alias: site, origin: site }),
    DefaultRootObject: 'index.html',
    PriceClass: 'PriceClass_100',
    ViewerCertificate: { ACMCertificateArn: certificateArn, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
  };
}

describe('CloudFront in the sandbox', () => {
  let clock: ManualClock;
  let sandbox: AwsSandbox;
  let a: SandboxClients;
  let certA: string;
  let certB: string;

  beforeEach(() => {
    clock = new ManualClock();
    sandbox = new AwsSandbox({ clock, cloudFrontDeployDelayMs: DEPLOY_MS });
    certA = sandbox.addCertificate(A, DOMAIN);
    certB = sandbox.addCertificate(B, DOMAIN);
    a = createSandboxClients(sandbox, A);
  });
  afterEach(() => a.destroy());

  const create = async (site = `www.${DOMAIN}`, tags = [{ Key: 'spinup:org', Value: 'test' }]) =>
    a.cloudfront.send(
      new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: siteConfig(site, certA), Tags: { Items: tags } } }),
    );

  it('creates a distribution with an E-id, ARN, cloudfront.net domain, ETag and status InProgress (201)', async () => {
    const out = await create();
    const distribution = out.Distribution!;
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(distribution.Id).toMatch(/^E[A-Z0-9]{13}$/);
    expect(distribution.ARN).toBe(`arn:aws:cloudfront::${A}:distribution/${distribution.Id}`);
    expect(distribution.DomainName).toBe(`${distribution.Id!.toLowerCase()}.cloudfront.net`);
    expect(distribution.Status).toBe('InProgress');
    expect(out.ETag).toBeTruthy();
    expect(out.Location).toContain(`/distribution/${distribution.Id}`);
    expect(distribution.DistributionConfig?.Aliases?.Items).toEqual([`www.${DOMAIN}`]);
  });

  it('moves InProgress -> Deployed on the sandbox clock, seen through waitUntilDistributionDeployed', async () => {
    const id = (await create()).Distribution!.Id!;
    expect((await a.cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status).toBe('InProgress');
    // The waiter sleeps in real time between polls; the clock moves while it waits.
    setTimeout(() => clock.advance(DEPLOY_MS), 50);
    const result = await waitUntilDistributionDeployed({ client: a.cloudfront, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { Id: id });
    expect(result.state).toBe('SUCCESS');
    expect((await a.cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status).toBe('Deployed');
  });

  it('requires IfMatch: missing -> InvalidIfMatchVersion 400, stale -> PreconditionFailed 412; every update changes the ETag', async () => {
    const id = (await create()).Distribution!.Id!;
    const { DistributionConfig, ETag } = await a.cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
    const disabled = { ...DistributionConfig!, Enabled: false };
    expect(await awsErrorOf(a.cloudfront.send(new UpdateDistributionCommand({ Id: id, DistributionConfig: disabled, IfMatch: undefined })))).toMatchObject({
      name: 'InvalidIfMatchVersion',
      status: 400,
    });
    const updated = await a.cloudfront.send(new UpdateDistributionCommand({ Id: id, DistributionConfig: disabled, IfMatch: ETag }));
    expect(updated.ETag).not.toBe(ETag);
    expect(updated.Distribution?.Status).toBe('InProgress');
    expect(await awsErrorOf(a.cloudfront.send(new UpdateDistributionCommand({ Id: id, DistributionConfig: disabled, IfMatch: ETag })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await awsErrorOf(a.cloudfront.send(new DeleteDistributionCommand({ Id: id })))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 });
    expect(await awsErrorOf(a.cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: ETag })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
  });

  it('deletes only a disabled, deployed distribution: DistributionNotDisabled 409 otherwise', async () => {
    const id = (await create()).Distribution!.Id!;
    clock.advance(DEPLOY_MS);
    const first = await a.cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
    expect(await awsErrorOf(a.cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: first.ETag })))).toMatchObject({
      name: 'DistributionNotDisabled',
      status: 409,
    });
    const { ETag } = await a.cloudfront.send(
      new UpdateDistributionCommand({ Id: id, DistributionConfig: { ...first.DistributionConfig!, Enabled: false }, IfMatch: first.ETag }),
    );
    expect(await awsErrorOf(a.cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: ETag })))).toMatchObject({
      name: 'DistributionNotDisabled',
      status: 409,
    });
    clock.advance(DEPLOY_MS);
    const deleted = await a.cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: ETag }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await awsErrorOf(a.cloudfront.send(new GetDistributionCommand({ Id: id })))).toMatchObject({ name: 'NoSuchDistribution', status: 404 });
  });

  it('refuses an alias another distribution uses, in any account: CNAMEAlreadyExists 409', async () => {
    await create(`taken.${DOMAIN}`);
    const b = createSandboxClients(sandbox, B);
    const error = await awsErrorOf(
      b.cloudfront.send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: { DistributionConfig: siteConfig(`taken.${DOMAIN}`, certB), Tags: { Items: [] } },
        }),
      ),
    );
    expect([error.name, error.status]).toEqual(['CNAMEAlreadyExists', 409]);
    b.destroy();
  });

  it('refuses a certificate the sandbox does not know, or one not covering the alias: InvalidViewerCertificate 400', async () => {
    const unknown = siteConfig(`x.${DOMAIN}`, 'arn:aws:acm:us-east-1:111111111111:certificate/unknown');
    expect(
      await awsErrorOf(
        a.cloudfront.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: unknown, Tags: { Items: [] } } })),
      ),
    ).toMatchObject({
      name: 'InvalidViewerCertificate',
      status: 400,
    });
    const uncovered = siteConfig('x.other.example.org', certA);
    expect(
      await awsErrorOf(
        a.cloudfront.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: uncovered, Tags: { Items: [] } } })),
      ),
    ).toMatchObject({
      name: 'InvalidViewerCertificate',
      status: 400,
    });
  });

  it('refuses a distribution over the account quota (500 by default, CloudFront quotas): TooManyDistributions 400, nothing made', async () => {
    sandbox.setQuotas(A, { distributions: 2 });
    sandbox.seed(A, { distributions: 2 });
    const before = sandbox.snapshot();
    expect(await awsErrorOf(create())).toMatchObject({ name: 'TooManyDistributions', status: 400 });
    expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
  });

  it('lists distributions with Marker/NextMarker', async () => {
    for (const site of ['a', 'b', 'c']) await create(`${site}.${DOMAIN}`);
    const first = await a.cloudfront.send(new ListDistributionsCommand({ MaxItems: 2 }));
    expect([first.DistributionList?.Quantity, first.DistributionList?.IsTruncated]).toEqual([2, true]);
    const second = await a.cloudfront.send(new ListDistributionsCommand({ MaxItems: 2, Marker: first.DistributionList?.NextMarker }));
    expect([second.DistributionList?.Quantity, second.DistributionList?.IsTruncated]).toEqual([1, false]);
    const aliases = [...first.DistributionList!.Items!, ...second.DistributionList!.Items!].map((summary) => summary.Aliases?.Items?.[0]).sort();
    expect(aliases).toEqual([`a.${DOMAIN}`, `b.${DOMAIN}`, `c.${DOMAIN}`]);
  });

  it('adds, overwrites and removes tags by ARN', async () => {
    const arn = (await create()).Distribution!.ARN!;
    await a.cloudfront.send(
      new TagResourceCommand({
        Resource: arn,
        Tags: {
          Items: [
            { Key: 'spinup:org', Value: 'new' },
            { Key: 'extra', Value: '1' },
          ],
        },
      }),
    );
    await a.cloudfront.send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: ['extra'] } }));
    expect((await a.cloudfront.send(new ListTagsForResourceCommand({ Resource: arn }))).Tags?.Items).toEqual([{ Key: 'spinup:org', Value: 'new' }]);
  });

  describe('invalidations', () => {
    it('creates, gets and lists invalidations; Completed after the delay', async () => {
      const id = (await create()).Distribution!.Id!;
      const out = await a.cloudfront.send(
        new CreateInvalidationCommand({
          DistributionId: id,
          InvalidationBatch: { CallerReference: 'r1', Paths: { Quantity: 2, Items: ['/*', '/index.html'] } },
        }),
      );
      expect(out.$metadata.httpStatusCode).toBe(201);
      expect(out.Invalidation?.Status).toBe('InProgress');
      expect(out.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}/invalidation/${out.Invalidation!.Id}`);
      expect((await a.cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.InProgressInvalidationBatches).toBe(1);
      clock.advance(DEPLOY_MS);
      expect((await a.cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: out.Invalidation!.Id }))).Invalidation?.Status).toBe('Completed');
      expect((await a.cloudfront.send(new ListInvalidationsCommand({ DistributionId: id }))).InvalidationList?.Items?.map((item) => item.Id)).toEqual([
        out.Invalidation!.Id,
      ]);
      expect(await awsErrorOf(a.cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: 'INOPE' })))).toMatchObject({
        name: 'NoSuchInvalidation',
        status: 404,
      });
    });

    it('refuses a path not starting with / or with * before its end (InvalidArgument 400) and too many in progress (TooManyInvalidationsInProgress)', async () => {
      const id = (await create()).Distribution!.Id!;
      const invalidate = (reference: string, paths: string[]) =>
        a.cloudfront.send(
          new CreateInvalidationCommand({
            DistributionId: id,
            InvalidationBatch: { CallerReference: reference, Paths: { Quantity: paths.length, Items: paths } },
          }),
        );
      expect(await awsErrorOf(invalidate('bad', ['index.html']))).toMatchObject({ name: 'InvalidArgument', status: 400 });
      expect(await awsErrorOf(invalidate('mid-star', ['/images/*.jpg']))).toMatchObject({ name: 'InvalidArgument', status: 400 });
      for (let i = 0; i < 15; i++) await invalidate(`wild-${i}`, ['/*']);
      expect(await awsErrorOf(invalidate('one-too-many', ['/*']))).toMatchObject({ name: 'TooManyInvalidationsInProgress', status: 400 });
      clock.advance(DEPLOY_MS);
      await invalidate('after-completion', ['/*']);
    });
  });

  describe('origin access controls and functions', () => {
    const CODE = new TextEncoder().encode('function handler(event) { return event.request; }');
    const BUCKET = 'www.sites.example.com';
    const createControl = (name = 'site-oac') =>
      a.cloudfront.send(
        new CreateOriginAccessControlCommand({
          OriginAccessControlConfig: { Name: name, SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' },
        }),
      );
    const createFunction = (name = 'site-index', code = CODE) =>
      a.cloudfront.send(new CreateFunctionCommand({ Name: name, FunctionConfig: { Comment: 'index', Runtime: 'cloudfront-js-2.0' }, FunctionCode: code }));
    /** A private-bucket site: the REST endpoint signed by `controlId`, optionally with a viewer-request function. */
    const privateConfig = (controlId: string, functionArn?: string, domain = `${BUCKET}.s3.us-east-1.amazonaws.com`): DistributionConfig => {
      const base = siteConfig(`www.${DOMAIN}`, certA);
      return {
        ...base,
        Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: domain, OriginAccessControlId: controlId, S3OriginConfig: { OriginAccessIdentity: '' } }] },
        DefaultCacheBehavior: {
          ...base.DefaultCacheBehavior!,
          TargetOriginId: 'site',
          ...(functionArn ? { FunctionAssociations: { Quantity: 1, Items: [{ EventType: 'viewer-request', FunctionARN: functionArn }] } } : {}),
        },
      };
    };
    const createPrivate = (config: DistributionConfig) =>
      a.cloudfront.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: [] } } }));

    it('creates, reads, lists and deletes an origin access control under its ETag; names are unique (OriginAccessControlAlreadyExists 409)', async () => {
      const created = await createControl();
      expect(created.$metadata.httpStatusCode).toBe(201);
      const id = created.OriginAccessControl!.Id!;
      expect(await awsErrorOf(createControl())).toMatchObject({ name: 'OriginAccessControlAlreadyExists', status: 409 });
      const read = await a.cloudfront.send(new GetOriginAccessControlCommand({ Id: id }));
      expect(read.OriginAccessControl?.OriginAccessControlConfig).toMatchObject({ Name: 'site-oac', SigningBehavior: 'always' });
      expect(read.ETag).toBe(created.ETag);
      const listed = await a.cloudfront.send(new ListOriginAccessControlsCommand({}));
      expect(listed.OriginAccessControlList?.Items?.map((item) => item.Id)).toEqual([id]);
      expect(await awsErrorOf(a.cloudfront.send(new DeleteOriginAccessControlCommand({ Id: id })))).toMatchObject({
        name: 'InvalidIfMatchVersion',
        status: 400,
      });
      expect(await awsErrorOf(a.cloudfront.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: 'EOLD' })))).toMatchObject({
        name: 'PreconditionFailed',
        status: 412,
      });
      await a.cloudfront.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: read.ETag }));
      expect(await awsErrorOf(a.cloudfront.send(new GetOriginAccessControlCommand({ Id: id })))).toMatchObject({
        name: 'NoSuchOriginAccessControl',
        status: 404,
      });
    });

    it('allows at most 100 origin access controls per account (TooManyOriginAccessControls 400)', async () => {
      for (let n = 0; n < 100; n++) await createControl(`oac-${n}`);
      expect(await awsErrorOf(createControl('one-too-many'))).toMatchObject({ name: 'TooManyOriginAccessControls', status: 400 });
    });

    it('signs only an S3 REST origin: a website endpoint, a custom origin or an unknown control is refused', async () => {
      const id = (await createControl()).OriginAccessControl!.Id!;
      expect(await awsErrorOf(createPrivate(privateConfig(id, undefined, `${BUCKET}.s3-website-us-east-1.amazonaws.com`)))).toMatchObject({
        name: 'InvalidDomainNameForOriginAccessControl',
        status: 400,
      });
      const custom = privateConfig(id);
      custom.Origins!.Items![0] = {
        ...custom.Origins!.Items![0]!,
        S3OriginConfig: undefined,
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
      };
      expect(await awsErrorOf(createPrivate(custom))).toMatchObject({ name: 'InvalidOriginAccessControl', status: 400 });
      const withIdentity = privateConfig(id);
      withIdentity.Origins!.Items![0]!.S3OriginConfig = { OriginAccessIdentity: 'origin-access-identity/cloudfront/E1' };
      expect(await awsErrorOf(createPrivate(withIdentity))).toMatchObject({ name: 'IllegalOriginAccessConfiguration', status: 400 });
      expect(await awsErrorOf(createPrivate(privateConfig('ENOSUCHCONTROL1')))).toMatchObject({ name: 'InvalidOriginAccessControl', status: 400 });
      const made = await createPrivate(privateConfig(id));
      expect(made.Distribution?.DistributionConfig?.Origins?.Items?.[0]?.OriginAccessControlId).toBe(id);
    });

    it('keeps a function in DEVELOPMENT until published; only a LIVE function can be associated (InvalidFunctionAssociation 400)', async () => {
      const control = (await createControl()).OriginAccessControl!.Id!;
      const created = await createFunction();
      expect(created.$metadata.httpStatusCode).toBe(201);
      const summary = created.FunctionSummary!;
      expect(summary).toMatchObject({ Name: 'site-index', Status: 'UNPUBLISHED', FunctionMetadata: { Stage: 'DEVELOPMENT' } });
      const arn = summary.FunctionMetadata!.FunctionARN!;
      expect(arn).toBe(`arn:aws:cloudfront::${A}:function/site-index`);
      expect(await awsErrorOf(a.cloudfront.send(new DescribeFunctionCommand({ Name: 'site-index', Stage: 'LIVE' })))).toMatchObject({
        name: 'NoSuchFunctionExists',
        status: 404,
      });
      expect(await awsErrorOf(createPrivate(privateConfig(control, arn)))).toMatchObject({ name: 'InvalidFunctionAssociation', status: 400 });
      expect(await awsErrorOf(a.cloudfront.send(new PublishFunctionCommand({ Name: 'site-index', IfMatch: 'EOLD' })))).toMatchObject({
        name: 'PreconditionFailed',
        status: 412,
      });
      const published = await a.cloudfront.send(new PublishFunctionCommand({ Name: 'site-index', IfMatch: created.ETag }));
      expect(published.FunctionSummary).toMatchObject({ Status: 'DEPLOYED', FunctionMetadata: { Stage: 'LIVE' } });
      const made = await createPrivate(privateConfig(control, arn));
      expect(made.Distribution?.DistributionConfig?.DefaultCacheBehavior?.FunctionAssociations?.Items).toEqual([
        { EventType: 'viewer-request', FunctionARN: arn },
      ]);
      const unknown = privateConfig(control, `arn:aws:cloudfront::${A}:function/nope`);
      expect(await awsErrorOf(createPrivate({ ...unknown, CallerReference: 'other', Aliases: { Quantity: 0 } }))).toMatchObject({
        name: 'InvalidFunctionAssociation',
      });
    });

    it('refuses a function that does not compile, is over 10 KB, or whose name is taken', async () => {
      expect(await awsErrorOf(createFunction('broken', new TextEncoder().encode('function handler( {')))).toMatchObject({
        name: 'InvalidArgument',
        status: 400,
      });
      expect(await awsErrorOf(createFunction('big', new Uint8Array(10_241).fill(0x20)))).toMatchObject({ name: 'FunctionSizeLimitExceeded', status: 413 });
      await createFunction();
      expect(await awsErrorOf(createFunction())).toMatchObject({ name: 'FunctionAlreadyExists', status: 409 });
    });

    it('deletes neither a function nor an origin access control that a distribution, even a disabled one, still uses (409)', async () => {
      const control = await createControl();
      const fn = await createFunction();
      await a.cloudfront.send(new PublishFunctionCommand({ Name: 'site-index', IfMatch: fn.ETag }));
      const made = await createPrivate(privateConfig(control.OriginAccessControl!.Id!, fn.FunctionSummary!.FunctionMetadata!.FunctionARN));
      const id = made.Distribution!.Id!;
      const disabled = await a.cloudfront.send(
        new UpdateDistributionCommand({ Id: id, IfMatch: made.ETag, DistributionConfig: { ...made.Distribution!.DistributionConfig!, Enabled: false } }),
      );
      const deleteFunction = () => a.cloudfront.send(new DeleteFunctionCommand({ Name: 'site-index', IfMatch: fn.ETag }));
      const deleteControl = () => a.cloudfront.send(new DeleteOriginAccessControlCommand({ Id: control.OriginAccessControl!.Id, IfMatch: control.ETag }));
      expect(await awsErrorOf(deleteFunction())).toMatchObject({ name: 'FunctionInUse', status: 409 });
      expect(await awsErrorOf(deleteControl())).toMatchObject({ name: 'OriginAccessControlInUse', status: 409 });
      clock.advance(DEPLOY_MS);
      await a.cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: disabled.ETag }));
      await deleteFunction();
      await deleteControl();
      expect(await awsErrorOf(a.cloudfront.send(new DescribeFunctionCommand({ Name: 'site-index' })))).toMatchObject({ name: 'NoSuchFunctionExists' });
    });
  });
});
