import type { Route53 } from '@aws-sdk/client-route-53';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { route53Error } from './errors.js';
import { canonical, type HandlerContext, type HandlersOf, op, type SandboxRuntime } from './handler.js';
import { SortedMap } from './sorted-map.js';
import { type AccountState, type HostedZoneState, normalizeDnsName, type RecordState, recordSortKey } from './state.js';

const MAX_RECORDS_PAGE = 300;
/**
 * The zone every alias to a CloudFront distribution names, and only those: an alias whose target name
 * does not lie in the zone it names is refused (docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
 */
const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

const stripPrefix = (id: unknown, prefix: string): string => (typeof id === 'string' && id.startsWith(prefix) ? id.slice(prefix.length) : String(id));

function zoneOf(account: AccountState, id: unknown): HostedZoneState {
  const zoneId = stripPrefix(id, '/hostedzone/');
  const zone = account.route53.zones.get(zoneId);
  if (!zone) throw route53Error('NoSuchHostedZone', 404, `No hosted zone found with ID: ${zoneId}`);
  return zone;
}

/** Route 53's canonical form of a record set: names lower-cased and fully qualified. */
export function normalizeRecord(set: ResourceRecordSet): ResourceRecordSet {
  const normalized: ResourceRecordSet = { ...structuredClone(set), Name: normalizeDnsName(set.Name!) };
  if (set.AliasTarget) {
    normalized.AliasTarget = {
      HostedZoneId: set.AliasTarget.HostedZoneId!,
      DNSName: normalizeDnsName(set.AliasTarget.DNSName!),
      EvaluateTargetHealth: set.AliasTarget.EvaluateTargetHealth ?? false,
    };
  }
  return normalized;
}

export function addRecord(zone: HostedZoneState, set: ResourceRecordSet): void {
  const normalized = normalizeRecord(set);
  zone.records.set(recordSortKey(normalized.Name!, normalized.Type!, normalized.SetIdentifier), {
    name: normalized.Name!,
    type: normalized.Type!,
    set: normalized,
  });
}

/** A public hosted zone as Route 53 creates it: with its SOA and NS records. */
export function addZone(runtime: SandboxRuntime, account: AccountState, domain: string): HostedZoneState {
  const name = normalizeDnsName(domain);
  const zone: HostedZoneState = { id: runtime.ids.hostedZoneId(), name, callerReference: runtime.ids.lower(16), records: new SortedMap() };
  addRecord(zone, { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: nameServers(zone.id).map((Value) => ({ Value: `${Value}.` })) });
  addRecord(zone, {
    Name: name,
    Type: 'SOA',
    TTL: 900,
    ResourceRecords: [{ Value: `${nameServers(zone.id)[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }],
  });
  account.route53.zones.set(zone.id, zone);
  return zone;
}

function nameServers(zoneId: string): string[] {
  const n = zoneId.charCodeAt(1) % 64;
  return [`ns-${n}.awsdns-${n}.com`, `ns-${n + 512}.awsdns-${n}.net`, `ns-${n + 1024}.awsdns-${n}.org`, `ns-${n + 1536}.awsdns-${n}.co.uk`];
}

function changeInfo(context: HandlerContext, id: string) {
  const change = context.account.route53.changes.get(id)!;
  return {
    Id: `/change/${id}`,
    Status: context.runtime.clock.now() >= change.insyncAt ? 'INSYNC' : 'PENDING',
    SubmittedAt: new Date(change.submittedAt),
    ...(change.comment !== undefined ? { Comment: change.comment } : {}),
  };
}

const zoneView = (zone: HostedZoneState) => ({
  Id: `/hostedzone/${zone.id}`,
  Name: zone.name,
  CallerReference: zone.callerReference,
  Config: { PrivateZone: false },
  ResourceRecordSetCount: zone.records.size,
});

const reversedName = (name: string) => name.split('.').filter(Boolean).reverse().join('\u0001');

/** The record sets a name holds once `pending` is applied, by type. */
function typesAt(zone: HostedZoneState, pending: ReadonlyMap<string, RecordState | undefined>, name: string): Set<string> {
  const prefix = `${reversedName(name)}\u0000`;
  const types = new Set<string>();
  for (let i = zone.records.indexOf(prefix); ; i++) {
    const key = zone.records.keyAt(i);
    if (key === undefined || !key.startsWith(prefix)) break;
    if (!pending.has(key)) types.add(zone.records.get(key)!.type);
  }
  for (const [key, record] of pending) if (key.startsWith(prefix) && record) types.add(record.type);
  return types;
}

/**
 * A CNAME is alone at its name (RFC 1034 3.6.2): Route 53 refuses a CNAME beside any other record,
 * and any record beside a CNAME, with InvalidChangeBatch ("RRSet of type A with DNS name ... is not
 * permitted because a conflicting RRSet of type CNAME with the same DNS name already exists").
 */
function cnameConflicts(zone: HostedZoneState, pending: ReadonlyMap<string, RecordState | undefined>): string[] {
  const problems: string[] = [];
  const names = new Set([...pending.values()].flatMap((record) => (record ? [record.name] : [])));
  for (const name of names) {
    const types = typesAt(zone, pending, name);
    if (!types.has('CNAME') || types.size === 1) continue;
    for (const record of pending.values()) {
      if (!record || record.name !== name) continue;
      problems.push(
        record.type === 'CNAME'
          ? `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`
          : `RRSet of type ${record.type} with DNS name ${name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone.name}`,
      );
    }
  }
  return problems;
}

export const route53Handlers: HandlersOf<Route53> = {
  ChangeResourceRecordSets: op((context, input) => {
    const zone = zoneOf(context.account, input.HostedZoneId);
    const changes: { Action?: string; ResourceRecordSet?: ResourceRecordSet }[] = input.ChangeBatch?.Changes ?? [];
    if (changes.length === 0) throw route53Error('InvalidInput', 400, 'Invalid request: ChangeBatch must contain at least one change');
    // The batch is all or nothing: check every change against the state the earlier ones leave.
    const pending = new Map<string, RecordState | undefined>();
    const current = (key: string) => (pending.has(key) ? pending.get(key) : zone.records.get(key));
    const problems: string[] = [];
    for (const change of changes) {
      const given = change.ResourceRecordSet;
      if (!given?.Name || !given.Type) throw route53Error('InvalidInput', 400, 'Invalid request: ResourceRecordSet needs a Name and a Type');
      if (!given.AliasTarget && !given.ResourceRecords?.length)
        throw route53Error('InvalidInput', 400, 'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]]');
      const set = normalizeRecord(given);
      const label = `[name='${set.Name}', type='${set.Type}'${set.SetIdentifier ? `, set-identifier='${set.SetIdentifier}'` : ''}]`;
      if (set.Name !== zone.name && !set.Name!.endsWith(`.${zone.name}`)) {
        problems.push(`RRSet with DNS name ${set.Name} is not permitted in zone ${zone.name}`);
        continue;
      }
      const target = set.AliasTarget;
      if (change.Action !== 'DELETE' && target && target.DNSName!.endsWith('.cloudfront.net.') !== (target.HostedZoneId === CLOUDFRONT_HOSTED_ZONE_ID)) {
        problems.push(
          `Tried to create an alias that targets ${target.DNSName}, type ${set.Type} in zone ${target.HostedZoneId}, but the alias target name does not lie within the target zone`,
        );
        continue;
      }
      const key = recordSortKey(set.Name!, set.Type!, set.SetIdentifier);
      const existing = current(key);
      switch (change.Action) {
        case 'CREATE':
          if (existing) problems.push(`Tried to create resource record set ${label} but it already exists`);
          else pending.set(key, { name: set.Name!, type: set.Type!, set });
          break;
        case 'UPSERT':
          pending.set(key, { name: set.Name!, type: set.Type!, set });
          break;
        case 'DELETE':
          if (!existing) problems.push(`Tried to delete resource record set ${label} but it was not found`);
          else if (canonical(existing.set) !== canonical(set))
            problems.push(`Tried to delete resource record set ${label} but the values provided do not match the current values`);
          else if (set.Name === zone.name && (set.Type === 'SOA' || set.Type === 'NS'))
            problems.push(`A HostedZone must contain at least one ${set.Type} record for the zone itself.`);
          else pending.set(key, undefined);
          break;
        default:
          throw route53Error('InvalidInput', 400, `Invalid request: Action must be one of CREATE, DELETE, UPSERT, not ${String(change.Action)}`);
      }
    }
    problems.push(...cnameConflicts(zone, pending));
    if (problems.length) throw Object.assign(route53Error('InvalidChangeBatch', 400, `[${problems.join(', ')}]`), { messages: problems });
    for (const [key, record] of pending) {
      if (record) zone.records.set(key, record);
      else zone.records.delete(key);
    }
    const { runtime } = context;
    const id = runtime.ids.changeId();
    context.account.route53.changes.set(id, {
      id,
      submittedAt: new Date(runtime.clock.now()),
      insyncAt: runtime.clock.now() + runtime.route53SyncDelayMs,
      comment: input.ChangeBatch?.Comment,
    });
    // A submission always answers PENDING; GetChange reports INSYNC once the delay has passed.
    return { ChangeInfo: { ...changeInfo(context, id), Status: 'PENDING' } };
  }),

  GetChange: op((context, input) => {
    const id = stripPrefix(input.Id, '/change/');
    if (!context.account.route53.changes.has(id)) throw route53Error('NoSuchChange', 404, `A change with the specified change ID does not exist: ${id}`);
    return { ChangeInfo: changeInfo(context, id) };
  }),

  ListResourceRecordSets: op((context, input) => {
    const zone = zoneOf(context.account, input.HostedZoneId);
    if (input.StartRecordType && !input.StartRecordName)
      throw route53Error('InvalidInput', 400, 'The input is not valid: StartRecordType requires StartRecordName');
    const max = Math.min(Math.max(Number(input.MaxItems ?? MAX_RECORDS_PAGE), 1), MAX_RECORDS_PAGE);
    const start = input.StartRecordName
      ? zone.records.indexOf(recordSortKey(input.StartRecordName, input.StartRecordType ?? '', input.StartRecordIdentifier ?? ''))
      : 0;
    const sets: ResourceRecordSet[] = [];
    let next: RecordState | undefined;
    for (const [, record] of zone.records.from(start)) {
      if (sets.length === max) {
        next = record;
        break;
      }
      sets.push(structuredClone(record.set));
    }
    return {
      ResourceRecordSets: sets,
      IsTruncated: next !== undefined,
      MaxItems: max,
      ...(next
        ? { NextRecordName: next.name, NextRecordType: next.type, ...(next.set.SetIdentifier ? { NextRecordIdentifier: next.set.SetIdentifier } : {}) }
        : {}),
    };
  }),

  GetHostedZone: op((context, input) => {
    const zone = zoneOf(context.account, input.Id);
    return { HostedZone: zoneView(zone), DelegationSet: { NameServers: nameServers(zone.id) } };
  }),

  ListHostedZones: op((context, input) => {
    const zones = [...context.account.route53.zones.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const max = Math.min(Math.max(Number(input.MaxItems ?? 100), 1), 100);
    const start = input.Marker
      ? Math.max(
          0,
          zones.findIndex((zone) => zone.id === input.Marker),
        )
      : 0;
    const page = zones.slice(start, start + max);
    const next = zones[start + max];
    return {
      HostedZones: page.map(zoneView),
      IsTruncated: next !== undefined,
      MaxItems: max,
      ...(input.Marker ? { Marker: input.Marker } : {}),
      ...(next ? { NextMarker: next.id } : {}),
    };
  }),

  ListHostedZonesByName: op((context, input) => {
    const order = (zone: HostedZoneState) => `${reversedName(zone.name)}\u0000${zone.id}`;
    const zones = [...context.account.route53.zones.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1));
    const max = Math.min(Math.max(Number(input.MaxItems ?? 100), 1), 100);
    const from = input.DNSName
      ? `${reversedName(normalizeDnsName(input.DNSName))}\u0000${input.HostedZoneId ? stripPrefix(input.HostedZoneId, '/hostedzone/') : ''}`
      : '';
    const rest = zones.filter((zone) => order(zone) >= from);
    const page = rest.slice(0, max);
    const next = rest[max];
    return {
      HostedZones: page.map(zoneView),
      IsTruncated: next !== undefined,
      MaxItems: max,
      ...(input.DNSName ? { DNSName: input.DNSName } : {}),
      ...(input.HostedZoneId ? { HostedZoneId: input.HostedZoneId } : {}),
      ...(next ? { NextDNSName: next.name, NextHostedZoneId: next.id } : {}),
    };
  }),
};
