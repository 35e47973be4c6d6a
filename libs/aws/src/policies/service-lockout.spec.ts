import { describe, expect, it, vi } from 'vitest';
import { type ServicePrincipal, serviceLockoutProblems } from './service-lockout.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/s3-api`;
const SERVICE: ServicePrincipal = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/s3-api/s3-api-prod`, principalArn: ROLE };
const ROOT: ServicePrincipal = { arn: `arn:aws:iam::${ACCOUNT}:root`, principalArn: `arn:aws:iam::${ACCOUNT}:root` };
const BUCKET = 'arn:aws:s3:::foo';

const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const deny = (extra: object = {}) => ({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], ...extra });
const problems = (document: object, service = SERVICE) => serviceLockoutProblems(document as Record<string, unknown>, 'foo', ACCOUNT, async () => service);

describe('serviceLockoutProblems (the policy judged by iam-simulate for a request of the service itself)', () => {
  it('refuses a Deny of everything to everyone, naming what the service would lose, whoever the service is', async () => {
    for (const service of [SERVICE, ROOT]) {
      const found = await problems(policy(deny()), service);
      expect(found).toEqual([expect.stringContaining('would lock this service out')]);
      expect(found[0]).toContain('s3:PutBucketPolicy');
      expect(found[0]).toContain('s3:DeleteBucket');
      expect(found[0]).toMatch(/\(s3:\w+, s3:\w+, /);
      expect(found[0]).toContain('Exempt the service, e.g. with a condition on aws:PrincipalArn');
    }
  });

  it('refuses a lockout Deny beside Allows', async () => {
    const allow = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 's3:GetObject', Resource: `${BUCKET}/*` };
    expect(await problems(policy(allow, deny()))).toEqual([expect.stringContaining('would lock this service out')]);
  });

  it('judges a service of a kind it cannot name (a federated user) as IAM would', async () => {
    const federated = { arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, principalArn: `arn:aws:sts::${ACCOUNT}:federated-user/bob` };
    expect(await problems(policy(deny()), federated)).toEqual([expect.stringContaining('would lock this service out')]);
  });

  it('refuses a policy IAM cannot read rather than letting it through unjudged', async () => {
    const found = await problems(policy(deny({ Action: 'nonsense' })));
    expect(found).toEqual([expect.stringMatching(/^the policy cannot be evaluated as IAM would: \S/)]);
  });

  it('refuses a Deny of one action the service needs, and names only that one', async () => {
    const found = await problems(policy(deny({ Action: 's3:DeleteBucket', Resource: BUCKET })));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/\(s3:DeleteBucket for /);
  });

  it.each([
    ['a Deny of plain HTTP (aws:SecureTransport false)', deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
    [
      'a Deny that spares the service by aws:PrincipalArn',
      deny({ Condition: { StringNotEquals: { 'aws:PrincipalArn': [ROLE, `arn:aws:iam::${ACCOUNT}:role/admin`] } } }),
    ],
    ['a Deny that spares the account by aws:PrincipalAccount', deny({ Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } })],
    ['a Deny of another principal', deny({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/intern` } })],
    ['a Deny of object actions only', deny({ Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/*` })],
    ['a Deny that spares role sessions by aws:PrincipalType', deny({ Condition: { StringNotEquals: { 'aws:PrincipalType': 'AssumedRole' } } })],
  ])('accepts %s', async (_, statement) => {
    expect(await problems(policy(statement))).toEqual([]);
  });

  it.each([
    ['a Deny to the whole account', deny({ Principal: { AWS: ACCOUNT } })],
    // Every request of the service goes over TLS.
    ['a Deny of requests over TLS (aws:SecureTransport true)', deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
    ["a Deny to the service's own role", deny({ Principal: { AWS: ROLE } })],
    ['a Deny that spares only someone else', deny({ Condition: { StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/admin` } } })],
    // The service cannot know the address or network its requests come from: IAM would apply this Deny to it.
    ['a Deny outside an address range', deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })],
    ['a Deny outside an organization', deny({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })],
  ])('refuses %s', async (_, statement) => {
    expect(await problems(policy(statement))).toEqual([expect.stringContaining('would lock this service out')]);
  });

  it('does not evaluate, or ask who the service is, for a policy without a Deny', async () => {
    const whoAmI = vi.fn(async () => SERVICE);
    const allow = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 's3:GetObject', Resource: `${BUCKET}/*` };
    expect(await serviceLockoutProblems(policy(allow), 'foo', ACCOUNT, whoAmI)).toEqual([]);
    expect(whoAmI).not.toHaveBeenCalled();
    expect(await serviceLockoutProblems({ Version: '2012-10-17', Statement: [null, 'x', allow] }, 'foo', ACCOUNT, whoAmI)).toEqual([]);
    expect(await serviceLockoutProblems({ Version: '2012-10-17' }, 'foo', ACCOUNT, whoAmI)).toEqual([]);
    expect(whoAmI).not.toHaveBeenCalled();
  });
});
