import {
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  EnableMFADeviceCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccountProvider } from '#aws';
import { createSandboxClients } from '#aws-sandbox';
import { pathsMentioning, startTestApp, type TestApp } from '../support/test-app.js';

const ID = '111111111111';
const LOG_BUCKET = `s3-api-access-logs-${ID}`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The request answers `status` with `code`, and the sandbox is as it was. */
async function refusedWithNothingChanged(request: () => Promise<{ status: number; body: any; text: string }>, status: number, code: string) {
  const before = t.sandbox.snapshot();
  const res = await request();
  expect(res.status, res.text).toBe(status);
  expect(res.body.Code).toBe(code);
  expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString()).toBe('');
  return res;
}

describe('AWS rules the service meets, each with its 4xx', () => {
  it('a CNAME at the website name: 409 DnsNameHasCname before anything is made', async () => {
    const clients = createSandboxClients(t.sandbox, ID);
    const zone = t.app.get(AwsAccountProvider).resolve('sandbox').domains['sites.example.com']!.hostedZoneId;
    await clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: { Name: 'blog.sites.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'blog.example.net' }] },
            },
          ],
        },
      }),
    );
    const res = await refusedWithNothingChanged(
      () => t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'blog.sites.example.com' } } }),
      409,
      'DnsNameHasCname',
    );
    expect(res.body.Message).toContain('CNAME');
  });

  it('an access-log bucket whose policy does not let S3 log delivery write: 400 naming it, and the create undone', async () => {
    t.sandbox.setBucketPolicy(ID, LOG_BUCKET, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${LOG_BUCKET}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    try {
      const res = await refusedWithNothingChanged(
        () => t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'rules-unlogged' } } }),
        400,
        'InvalidRequest',
      );
      expect(res.body.Message).toContain('InvalidTargetBucketForLogging');
    } finally {
      t.sandbox.setBucketPolicy(ID, LOG_BUCKET, {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${LOG_BUCKET}/*` }],
      });
    }
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'rules-logged' } } })).status).toBe(202);
  });

  it('an invalidation path with * before its end: 400 ValidationError before any AWS call', async () => {
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'wild.sites.example.com' } } })).status).toBe(202);
    const calls = t.sandbox.calls.count();
    const res = await t.request('PATCH', 'sandbox/websites/wild.sites.example.com', { body: { CacheInvalidation: ['/images/*.png'] } });
    expect(res.status).toBe(400);
    expect(res.body.Code).toBe('ValidationError');
    expect(t.sandbox.calls.count()).toBe(calls);
  });

  it('a bucket policy naming an action S3 does not have: 400, and the tags sent with it put back', async () => {
    expect(
      (await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'rules-policy' }, Tags: [{ Key: 'team', Value: 'a' }] } })).status,
    ).toBe(202);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::rules-policy/*' }],
    });
    const res = await refusedWithNothingChanged(
      () => t.request('PUT', 'sandbox/buckets/rules-policy', { body: { Tags: [{ Key: 'team', Value: 'b' }], BucketPolicy: policy } }),
      400,
      'InvalidRequest',
    );
    expect(res.body.Message).toContain('MalformedPolicy');
  });

  it('a user someone gave a console password, an MFA device, an SSH key, a signing certificate and a service credential is still deleted', async () => {
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'rules-users' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/rules-users/users', { body: { User: { UserName: 'rules-console' } } })).status).toBe(200);
    const { iam } = createSandboxClients(t.sandbox, ID);
    const UserName = 'rules-console';
    await iam.send(new CreateLoginProfileCommand({ UserName, Password: 'Very-Secret-123' }));
    await iam.send(
      new EnableMFADeviceCommand({
        UserName,
        SerialNumber: `arn:aws:iam::${ID}:mfa/${UserName}`,
        AuthenticationCode1: '111111',
        AuthenticationCode2: '222222',
      }),
    );
    await iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: 'ssh-ed25519 AAAAC3Nz rules' }));
    await iam.send(new UploadSigningCertificateCommand({ UserName, CertificateBody: '-----BEGIN CERTIFICATE-----' }));
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName, ServiceName: 'codecommit.amazonaws.com' }));
    const res = await t.request('DELETE', 'sandbox/buckets/rules-users/users/rules-console');
    expect(res.status, res.text).toBe(200);
    expect(res.body.UserDeleted).toBe(true);
    expect(pathsMentioning(t.sandbox, '/iam/user/rules-console')).toEqual([]);
  });
});
