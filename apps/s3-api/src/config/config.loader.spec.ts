import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, sha256Hex } from './config.loader.js';

const dir = mkdtempSync(join(tmpdir(), 's3api-config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

const validAws = `
org: acme
tokens:
  - name: ci
    sha256: ${sha256Hex('secret-token')}
accounts:
  - name: prod
    id: "123456789012"
    roleArn: arn:aws:iam::123456789012:role/s3-api
    domains:
      sites.acme.org:
        hostedZoneId: Z0123456789ABC
        certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
`;

describe('loadConfig', () => {
  it('runs in sandbox mode with the contract defaults when nothing is configured', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.server.port).toBe(8080);
    expect(config.accounts.map((a) => [a.name, a.id, a.region])).toEqual([
      ['sandbox', '111111111111', 'us-east-1'],
      ['sandbox2', '222222222222', 'us-east-1'],
    ]);
    expect(config.accounts[0]!.accessLog).toEqual({ bucket: 's3-api-access-logs-111111111111', prefix: 's3' });
    expect(Object.keys(config.accounts[0]!.domains)).toEqual(['sites.example.com']);
    expect(config.tokens).toEqual([{ name: 'sandbox', sha256: sha256Hex('sandbox-token') }]);
    expect(config.tokenSource).toEqual({ kind: 'sandbox-default', token: 'sandbox-token' });
  });

  it('keeps a token chosen through S3API_TOKEN out of everything it could print', () => {
    const config = loadConfig({ S3API_TOKEN: 'my-chosen-secret' });
    expect(config.tokens[0]!.sha256).toBe(sha256Hex('my-chosen-secret'));
    expect(config.tokenSource).toEqual({ kind: 'variable', name: 'S3API_TOKEN' });
    expect(JSON.stringify(config)).not.toContain('my-chosen-secret');
  });

  it('loads a real configuration file and applies env overrides', () => {
    const config = loadConfig({ S3API_CONFIG: file('ok.yaml', validAws), PORT: '9090', S3API_LOG_LEVEL: 'warn' });
    expect(config.mode).toBe('aws');
    expect(config.server.port).toBe(9090);
    expect(config.logLevel).toBe('warn');
    expect(config.accounts[0]).toMatchObject({ name: 'prod', org: 'acme', roleArn: 'arn:aws:iam::123456789012:role/s3-api', allowedRegions: ['us-east-1'] });
  });

  it('names every problem of a broken file in one error: unknown key, wrong type, missing token outside sandbox mode', () => {
    const broken = file(
      'broken.yaml',
      `
org: acme
serverr: {}
server:
  port: "eighty"
accounts:
  - name: prod
    id: "12345"
    colour: blue
`,
    );
    const problems = problemsOf(() => loadConfig({ S3API_CONFIG: broken }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'serverr: unknown key',
        expect.stringMatching(/^server\.port: /),
        'accounts.0.id: must be a 12-digit AWS account id',
        'accounts.0.colour: unknown key',
        'tokens: at least one token is required outside sandbox mode',
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('reports a file that cannot be read or parsed', () => {
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: join(dir, 'missing.yaml') }))[0]).toMatch(/cannot read .*missing\.yaml: ENOENT/);
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: file('bad.yaml', 'a: [1, 2') }))[0]).toMatch(/is not valid YAML or JSON/);
  });

  it('checks cross references: token accounts, duplicates, domains outside sandbox mode', () => {
    const path = file(
      'refs.yaml',
      `
org: acme
tokens:
  - { name: ci, sha256: ${sha256Hex('a')}, accounts: [nope] }
  - { name: ci, sha256: ${sha256Hex('b')} }
accounts:
  - { name: prod, id: "123456789012", domains: { sites.acme.org: {} } }
  - { name: prod, id: "123456789012" }
`,
    );
    const problems = problemsOf(() => loadConfig({ S3API_CONFIG: path }));
    expect(problems).toEqual(
      expect.arrayContaining([
        "tokens: duplicate token name 'ci'",
        "tokens.ci.accounts: unknown account 'nope'",
        "accounts: duplicate account name 'prod'",
        "accounts: duplicate account id '123456789012'",
        'accounts[0].domains.sites.acme.org: hostedZoneId and certificateArn are required outside sandbox mode',
      ]),
    );
  });

  it('refuses ambient AWS endpoint overrides outside sandbox mode unless allowed', () => {
    const path = file('ok2.yaml', validAws);
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: path, AWS_ENDPOINT_URL_S3: 'http://localhost:5000' }))[0]).toMatch(
      /AWS_ENDPOINT_URL_S3: ambient AWS endpoint overrides are refused/,
    );
    expect(loadConfig({ S3API_CONFIG: path, S3API_SANDBOX: 'true', AWS_ENDPOINT_URL_S3: 'http://x' }).mode).toBe('sandbox');
  });

  it('validates environment values', () => {
    const problems = problemsOf(() => loadConfig({ PORT: 'abc', S3API_SANDBOX: 'maybe', S3API_TOKENS: '{not json' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        "PORT: expected a whole number, got 'abc'",
        "S3API_SANDBOX: expected true or false, got 'maybe'",
        'S3API_TOKENS: not valid JSON',
      ]),
    );
  });

  it('refuses allowed regions that could not deliver access logs to the account log bucket', () => {
    const path = file(
      'regions.yaml',
      `
org: acme
tokens: [{ name: ci, sha256: ${sha256Hex('t')} }]
accounts:
  - { name: prod, id: "123456789012", region: us-east-1, allowedRegions: [us-east-1, eu-west-1], accessLog: { bucket: "logs-{account_id}" } }
`,
    );
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: path }))).toEqual([
      expect.stringMatching(
        /^accounts\[0\]\.allowedRegions: S3 delivers access logs only within a region, so buckets in eu-west-1 cannot log to logs-123456789012/,
      ),
    ]);
  });

  it('refuses an org that S3, IAM or CloudFront would refuse as a tag value, and sessions longer than role chaining allows', () => {
    const path = file(
      'tags.yaml',
      `
org: "acme$"
tokens: [{ name: ci, sha256: ${sha256Hex('t')} }]
accounts:
  - { name: prod, id: "123456789012", org: "a#b", roleArn: "arn:aws:iam::123456789012:role/s3-api", sessionDurationSeconds: 7200 }
`,
    );
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: path }))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^org: must be 1-256 letters, digits, spaces or _ \. : \/ = \+ - @/),
        expect.stringMatching(/^accounts\.0\.org: must be 1-256 letters/),
        expect.stringMatching(/^accounts\.0\.sessionDurationSeconds: must not be greater than 3600: AWS caps role chaining/),
      ]),
    );
    const ok = file('tags-ok.yaml', `org: "Acme Corp/eu-west_1:team=a+b@c"\nsandbox: { enabled: true }\n`);
    expect(loadConfig({ S3API_CONFIG: ok }).accounts[0]?.org).toBe('Acme Corp/eu-west_1:team=a+b@c');
  });

  it('takes a permissions boundary of the account itself or an AWS managed one, nothing else', () => {
    const config = (boundary: string) =>
      file('boundary.yaml', `sandbox: { enabled: true }\naccounts:\n  - { name: prod, id: "123456789012", permissionsBoundaryArn: "${boundary}" }\n`);
    const own = 'arn:aws:iam::123456789012:policy/teams/s3-api-boundary';
    expect(loadConfig({ S3API_CONFIG: config(own) }).accounts[0]?.permissionsBoundaryArn).toBe(own);
    expect(loadConfig({ S3API_CONFIG: config('arn:aws:iam::aws:policy/PowerUserAccess') }).accounts[0]?.permissionsBoundaryArn).toBe(
      'arn:aws:iam::aws:policy/PowerUserAccess',
    );
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: config('arn:aws:iam::210987654321:policy/b') }))).toEqual([
      expect.stringMatching(/^accounts\[0\]\.permissionsBoundaryArn: a permissions boundary must be a policy of the account itself/),
    ]);
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: config('arn:aws:iam::123456789012:role/b') }))).toEqual([
      expect.stringMatching(/^accounts\.0\.permissionsBoundaryArn: must be an IAM managed policy ARN/),
    ]);
  });

  it('takes an access model per account, groups unless told', () => {
    const config = (extra: string) => file('model.yaml', `sandbox: { enabled: true }\naccounts:\n  - { name: prod, id: "123456789012"${extra} }\n`);
    expect(loadConfig({ S3API_CONFIG: config('') }).accounts[0]?.accessModel).toBe('groups');
    expect(loadConfig({ S3API_CONFIG: config(', accessModel: tags') }).accounts[0]?.accessModel).toBe('tags');
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: config(', accessModel: roles') }))).toEqual([expect.stringMatching(/^accounts\.0\.accessModel: /)]);
  });

  it('refuses a body timeout shorter than the headers timeout it includes', () => {
    const path = file('timeouts.yaml', 'sandbox: { enabled: true }\nserver: { headersTimeoutSeconds: 20, bodyTimeoutSeconds: 10 }\n');
    expect(problemsOf(() => loadConfig({ S3API_CONFIG: path }))).toEqual([expect.stringMatching(/^server\.bodyTimeoutSeconds: 10 is shorter than/)]);
  });

  it('loads the documented example file as it is', () => {
    const config = loadConfig({ S3API_CONFIG: join(process.cwd(), 'config.example.yaml') });
    expect(config.mode).toBe('aws');
    expect(config.accounts.map((a) => a.name)).toEqual(['prod']);
  });

  it('accepts none of the tokens one would guess when deployed as it is', () => {
    const config = loadConfig({ S3API_CONFIG: join(process.cwd(), 'config.example.yaml') });
    const guesses = ['', 'test', 'token', 'secret', 'changeme', 'password', 'admin', 'portal', 'sandbox-token', 'local-dev-token', 'example'];
    const digests = new Set(guesses.map(sha256Hex));
    expect(config.tokens.filter((token) => digests.has(token.sha256))).toEqual([]);
  });
});
