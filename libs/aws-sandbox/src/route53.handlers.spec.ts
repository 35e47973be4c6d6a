import {
  ChangeResourceRecordSetsCommand,
  type ChangeAction,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxClients, createSandboxClients } from './clients.js';
import { ManualClock } from './clock.js';
import { AwsSandbox } from './sandbox.js';
import { awsErrorOf } from './testing.js';

const A = '111111111111';
const DOMAIN = 'sites.example.com';

const alias = (name: string, target = 'd111111abcdef8.cloudfront.net', type: 'A' | 'AAAA' = 'A'): ResourceRecordSet => ({
  Name: name,
  Type: type,
  AliasTarget: { DNSName: target, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false },
});

describe('Route 53 in the sandbox', () => {
  let clock: ManualClock;
  let sandbox: AwsSandbox;
  let c: SandboxClients;
  let zoneId: string;

  beforeEach(() => {
    clock = new ManualClock();
    sandbox = new AwsSandbox({ clock, route53SyncDelayMs: 30_000 });
    zoneId = sandbox.addHostedZone(A, DOMAIN);
    c = createSandboxClients(sandbox, A);
  });
  afterEach(() => c.destroy());

  const change = (Action: ChangeAction, set: ResourceRecordSet) =>
    c.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Comment: 'Created by s3-api', Changes: [{ Action, ResourceRecordSet: set }] },
      }),
    );

  it('answers a change PENDING with a /change/ id, INSYNC once the delay has passed on the clock', async () => {
    const { ChangeInfo } = await change('CREATE', alias(`www.${DOMAIN}`));
    expect(ChangeInfo).toMatchObject({ Status: 'PENDING', Comment: 'Created by s3-api' });
    expect(ChangeInfo?.Id).toMatch(/^\/change\/C[A-Z0-9]+$/);
    expect((await c.route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }))).ChangeInfo?.Status).toBe('PENDING');
    clock.advance(30_000);
    expect((await c.route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }))).ChangeInfo?.Status).toBe('INSYNC');
    expect(await awsErrorOf(c.route53.send(new GetChangeCommand({ Id: '/change/CNOPE' })))).toMatchObject({ name: 'NoSuchChange', status: 404 });
  });

  it('refuses to CREATE an existing record and to DELETE a missing or different one: InvalidChangeBatch 400', async () => {
    await change('CREATE', alias(`www.${DOMAIN}`));
    expect(await awsErrorOf(change('CREATE', alias(`www.${DOMAIN}`)))).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(await awsErrorOf(change('DELETE', alias(`gone.${DOMAIN}`)))).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(await awsErrorOf(change('DELETE', alias(`www.${DOMAIN}`, 'dother.cloudfront.net')))).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(await awsErrorOf(change('CREATE', alias('www.elsewhere.org')))).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    // Names compare case-insensitively and with or without the trailing dot.
    await change('DELETE', alias(`WWW.${DOMAIN}.`, 'D111111ABCDEF8.cloudfront.net.'));
    const { ResourceRecordSets } = await c.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    expect(ResourceRecordSets?.map((set) => set.Type)).toEqual(['NS', 'SOA']);
  });

  it("refuses an alias whose target does not lie in the zone it names: a CloudFront domain only in CloudFront's zone, InvalidChangeBatch 400", async () => {
    const inZone = (HostedZoneId: string, DNSName = 'd111111abcdef8.cloudfront.net'): ResourceRecordSet => ({
      ...alias(`www.${DOMAIN}`),
      AliasTarget: { DNSName, HostedZoneId, EvaluateTargetHealth: false },
    });
    for (const action of ['CREATE', 'UPSERT'] as const) {
      const refused = await awsErrorOf(change(action, inZone(zoneId)));
      expect(refused).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
      expect(refused.message).toContain('the alias target name does not lie within the target zone');
      expect(await awsErrorOf(change(action, inZone('Z2FDTNDATAQYW2', `origin.${DOMAIN}`)))).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    }
    await change('CREATE', inZone('Z2FDTNDATAQYW2'));
  });

  it('keeps a CNAME alone at its name: an A alias UPSERT beside one, or a CNAME beside an A, is InvalidChangeBatch 400', async () => {
    const cname: ResourceRecordSet = { Name: `blog.${DOMAIN}`, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'elsewhere.example.net' }] };
    await change('CREATE', cname);
    const before = sandbox.snapshot();
    const upsert = await awsErrorOf(change('UPSERT', alias(`blog.${DOMAIN}`)));
    expect(upsert).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(upsert.message).toContain('conflicting RRSet of type CNAME');
    expect(sandbox.diff(before, sandbox.snapshot()).isEmpty()).toBe(true);
    await change('CREATE', alias(`www.${DOMAIN}`));
    expect(await awsErrorOf(change('CREATE', { ...cname, Name: `www.${DOMAIN}` }))).toMatchObject({ name: 'InvalidChangeBatch' });
    // Replacing the CNAME by the alias in one batch is fine.
    await c.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            { Action: 'DELETE', ResourceRecordSet: cname },
            { Action: 'UPSERT', ResourceRecordSet: alias(`blog.${DOMAIN}`) },
          ],
        },
      }),
    );
  });

  it('applies a batch all or nothing', async () => {
    const error = await awsErrorOf(
      c.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              { Action: 'CREATE', ResourceRecordSet: alias(`a.${DOMAIN}`) },
              { Action: 'DELETE', ResourceRecordSet: alias(`missing.${DOMAIN}`) },
            ],
          },
        }),
      ),
    );
    expect(error.name).toBe('InvalidChangeBatch');
    expect((await c.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets).toHaveLength(2);
  });

  it('lists records in Route 53 order (labels reversed, then type) and resumes at StartRecordName/StartRecordType', async () => {
    for (const name of ['b', 'a', 'a-b', 'x.a']) {
      await change('CREATE', alias(`${name}.${DOMAIN}`, 'd1.cloudfront.net', 'AAAA'));
      await change('CREATE', alias(`${name}.${DOMAIN}`, 'd1.cloudfront.net', 'A'));
    }
    const all = await c.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    expect(all.ResourceRecordSets?.map((set) => `${set.Name} ${set.Type}`)).toEqual([
      `${DOMAIN}. NS`,
      `${DOMAIN}. SOA`,
      `a.${DOMAIN}. A`,
      `a.${DOMAIN}. AAAA`,
      `x.a.${DOMAIN}. A`,
      `x.a.${DOMAIN}. AAAA`,
      `a-b.${DOMAIN}. A`,
      `a-b.${DOMAIN}. AAAA`,
      `b.${DOMAIN}. A`,
      `b.${DOMAIN}. AAAA`,
    ]);
    const page = await c.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: `a.${DOMAIN}`, StartRecordType: 'AAAA', MaxItems: 2 }),
    );
    expect(page.ResourceRecordSets?.map((set) => `${set.Name} ${set.Type}`)).toEqual([`a.${DOMAIN}. AAAA`, `x.a.${DOMAIN}. A`]);
    expect([page.IsTruncated, page.NextRecordName, page.NextRecordType]).toEqual([true, `x.a.${DOMAIN}.`, 'AAAA']);
    const exact = await c.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: `b.${DOMAIN}`, StartRecordType: 'A', MaxItems: 1 }),
    );
    expect(exact.ResourceRecordSets?.[0]).toMatchObject({ Name: `b.${DOMAIN}.`, Type: 'A', AliasTarget: { DNSName: 'd1.cloudfront.net.' } });
  });

  it('finds a record among 10,000 with one call starting at its name', async () => {
    sandbox.seed(A, { records: { zoneId, count: 10_000 } });
    await change('CREATE', alias(`needle.${DOMAIN}`));
    const { ResourceRecordSets } = await c.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: `needle.${DOMAIN}`, StartRecordType: 'A', MaxItems: 1 }),
    );
    expect(ResourceRecordSets?.[0]?.Name).toBe(`needle.${DOMAIN}.`);
  });

  it('describes hosted zones and finds them by name; NoSuchHostedZone 404 for an unknown id', async () => {
    const { HostedZone } = await c.route53.send(new GetHostedZoneCommand({ Id: zoneId }));
    expect(HostedZone).toMatchObject({ Id: `/hostedzone/${zoneId}`, Name: `${DOMAIN}.`, Config: { PrivateZone: false } });
    const other = sandbox.addHostedZone(A, 'other.example.org');
    const byName = await c.route53.send(new ListHostedZonesByNameCommand({ DNSName: DOMAIN, MaxItems: 1 }));
    expect(byName.HostedZones?.map((zone) => zone.Id)).toEqual([`/hostedzone/${zoneId}`]);
    const all = await c.route53.send(new ListHostedZonesByNameCommand({}));
    expect(all.HostedZones?.map((zone) => zone.Name)).toEqual([`${DOMAIN}.`, 'other.example.org.']);
    expect(other).toMatch(/^Z[A-Z0-9]+$/);
    expect(await awsErrorOf(c.route53.send(new GetHostedZoneCommand({ Id: 'ZNOPE' })))).toMatchObject({ name: 'NoSuchHostedZone', status: 404 });
  });
});
