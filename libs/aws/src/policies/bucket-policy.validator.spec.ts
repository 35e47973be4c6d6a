import { describe, expect, it } from 'vitest';
import { BUCKET_POLICY_MAX_BYTES, checkBucketPolicy } from './bucket-policy.validator.js';

const statement = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: ['s3:GetObject'],
  Resource: ['arn:aws:s3:::foo/*'],
  ...overrides,
});
const policy = (statements: unknown, version: unknown = '2012-10-17'): string => JSON.stringify({ Version: version, Statement: statements });
const validateBucketPolicy = (text: string, bucket: string): string[] => checkBucketPolicy(text, bucket).problems;

describe('checkBucketPolicy', () => {
  it('accepts a policy on the bucket and its objects', () => {
    expect(validateBucketPolicy(policy([statement(), statement({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::foo' })]), 'foo')).toEqual([]);
    expect(
      validateBucketPolicy(policy(statement({ Effect: 'Deny', Principal: '*', Resource: ['arn:aws:s3:::foo', 'arn:aws:s3:::foo/private/*'] })), 'foo'),
    ).toEqual([]);
  });

  it.each([
    ['not JSON', '{"Version":', /not valid JSON/],
    ['not an object', '["a"]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['a JSON string', '"policy"', /JSON object/],
    ['an old Version', policy([statement()], '2008-10-17'), /Version must be "2012-10-17"/],
    ['no Version', JSON.stringify({ Statement: [statement()] }), /Version/],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), /Statement must be/],
    ['an empty Statement list', policy([]), /Statement must be/],
    ['a Statement that is a string', policy('allow all'), /Statement must be/],
    ['a statement that is not an object', policy(['x']), /Statement\[0\] must be an object/],
    ['a statement that is null', policy([null]), /Statement\[0\] must be an object/],
    ['a single statement object without an Effect', policy(statement({ Effect: undefined })), /^Statement\.Effect must be/],
    ['no Effect', policy([statement({ Effect: undefined })]), /Statement\[0\]\.Effect/],
    ['an odd Effect', policy([statement({ Effect: 'allow' })]), /Effect must be "Allow" or "Deny"/],
    ['no Principal', policy([statement({ Principal: undefined })]), /needs a Principal/],
    ['no Action', policy([statement({ Action: undefined })]), /Statement\[0\]\.Action/],
    ['an empty Action list', policy([statement({ Action: [] })]), /\.Action/],
    ['an empty Action', policy([statement({ Action: '' })]), /\.Action must be/],
    ['an empty action among others', policy([statement({ Action: ['s3:GetObject', ''] })]), /\.Action must be/],
    ['a list nested in Action', policy([statement({ Action: [['s3:GetObject']] })]), /\.Action must be/],
    ['an empty Resource', policy([statement({ Resource: '' })]), /\.Resource must be/],
    ['no Resource', policy([statement({ Resource: undefined })]), /Statement\[0\]\.Resource must be/],
    ['a non-string Resource', policy([statement({ Resource: [42] })]), /\.Resource must be/],
  ])('refuses %s', (_, text, problem) => {
    const problems = validateBucketPolicy(text, 'foo');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each([
    '*',
    'arn:aws:s3:::*',
    'arn:aws:s3:::foo*',
    'arn:aws:s3:::foo*/*',
    'arn:aws:s3:::foobar',
    'arn:aws:s3:::foobar/*',
    'arn:aws:s3:::myfoo/*',
    'arn:aws:s3:::fo?/*',
    'arn:aws:s3:::FOO/*',
    'arn:aws:iam::123456789012:root',
  ])('refuses the resource %s, which is not foo or an object in it', (resource) => {
    expect(validateBucketPolicy(policy([statement({ Resource: ['arn:aws:s3:::foo/*', resource] })]), 'foo')).toEqual([
      `Statement[0].Resource '${resource}' is not arn:aws:s3:::foo or an object in it`,
    ]);
  });

  it.each([
    ['"*"', '*'],
    ['{"AWS": "*"}', { AWS: '*' }],
    ['"*" among named principals', { AWS: ['arn:aws:iam::123456789012:root', '*'] }],
    ['a wildcard ARN', { AWS: 'arn:aws:iam::*:root' }],
    ['{"CanonicalUser": "*"}', { CanonicalUser: '*' }],
    ['"*" under one of two kinds of principal', { AWS: 'arn:aws:iam::123456789012:root', CanonicalUser: '*' }],
  ])('refuses an Allow to everyone: %s, with or without conditions', (_, principal) => {
    for (const condition of [undefined, { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }]) {
      const problems = validateBucketPolicy(policy([statement({ Principal: principal, Condition: condition })]), 'foo');
      expect(problems).toEqual([expect.stringMatching(/^Statement\[0\] allows everyone/)]);
    }
  });

  it('accepts a Deny to everyone (whether it locks the service out is a question for the simulator)', () => {
    expect(validateBucketPolicy(policy([statement({ Effect: 'Deny', Principal: { AWS: '*' } })]), 'foo')).toEqual([]);
  });

  it.each([
    ['NotPrincipal in a Deny', { Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/admin' } }, 'NotPrincipal'],
    ['NotPrincipal in an Allow', { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }, 'NotPrincipal'],
    ['NotAction', { Effect: 'Deny', NotAction: 's3:GetObject' }, 'NotAction'],
    ['NotResource', { NotResource: 'arn:aws:s3:::foo/private/*' }, 'NotResource'],
  ])('refuses %s', (_, overrides, element) => {
    expect(validateBucketPolicy(policy([statement(overrides)]), 'foo')).toEqual(
      expect.arrayContaining([expect.stringContaining(`Statement[0].${element} is not accepted`)]),
    );
  });

  it.each([
    ['a number', 42],
    ['an empty object', {}],
    ['a list', ['*']],
    ['an empty principal list', { AWS: [] }],
    ['an empty principal list beside a named one', { AWS: 'arn:aws:iam::123456789012:root', CanonicalUser: [] }],
    ['null', null],
  ])('refuses a Principal that is %s', (_, principal) => {
    expect(validateBucketPolicy(policy([statement({ Principal: principal })]), 'foo')).toEqual([expect.stringMatching(/^Statement\[0\]\.Principal must be/)]);
  });

  it('judges the document JSON.parse reads, and hands that on for S3: duplicate keys never reach it', () => {
    const deny = '{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::foo/*"}';
    // The later Effect wins when parsed: an Allow to everyone.
    expect(
      checkBucketPolicy(`{"Version":"2012-10-17","Statement":[${deny.replace('"Effect":"Deny"', '"Effect":"Deny","Effect":"Allow"')}]}`, 'foo').problems,
    ).toEqual([expect.stringMatching(/allows everyone/)]);
    const checked = checkBucketPolicy(
      `{"Version":"2012-10-17","Statement":[${deny.replace('"Principal":"*"', '"Principal":{"AWS":"1"},"Principal":"*"')}]}`,
      'foo',
    );
    expect(checked.problems).toEqual([]);
    expect(JSON.stringify(checked.document)).toBe(`{"Version":"2012-10-17","Statement":[${deny}]}`);
  });

  it('hands on a document only when it has no problems', () => {
    expect(checkBucketPolicy(policy([statement()]), 'foo').document).toEqual({ Version: '2012-10-17', Statement: [statement()] });
    expect(checkBucketPolicy(policy([statement({ Effect: 'Maybe' })]), 'foo').document).toBeUndefined();
  });

  it('lists every problem of every statement', () => {
    const problems = validateBucketPolicy(policy([statement(), statement({ Effect: 'Maybe', Resource: 'arn:aws:s3:::bar' })], '1'), 'foo');
    expect(problems).toEqual([
      'Version must be "2012-10-17"',
      'Statement[1].Effect must be "Allow" or "Deny"',
      "Statement[1].Resource 'arn:aws:s3:::bar' is not arn:aws:s3:::foo or an object in it",
    ]);
  });

  it('refuses a policy over 20 KB, counting bytes rather than characters', () => {
    const padded = (length: number, filler: string): string => {
      const base = policy([statement({ Sid: '' })]);
      return base.replace('"Sid":""', `"Sid":"${filler.repeat(length)}"`);
    };
    const baseBytes = Buffer.byteLength(policy([statement({ Sid: '' })]));
    expect(validateBucketPolicy(padded(BUCKET_POLICY_MAX_BYTES - baseBytes, 'a'), 'foo')).toEqual([]);
    expect(validateBucketPolicy(padded(BUCKET_POLICY_MAX_BYTES - baseBytes + 1, 'a'), 'foo')[0]).toMatch(/20481 bytes; S3 allows at most 20480/);
    expect(validateBucketPolicy(padded(Math.ceil((BUCKET_POLICY_MAX_BYTES - baseBytes) / 2) + 1, 'é'), 'foo')[0]).toMatch(/S3 allows at most/);
  });
});
