import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type Route53Client, type RRType } from '@aws-sdk/client-route-53';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall, awsCodeOf } from '../clients/aws-call.js';
import { type AliasRecord, type AliasRecordType, type ChangeInfo, CLOUDFRONT_HOSTED_ZONE_ID } from './route53.types.js';

const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`);

/** DNS names compare without case and whatever the root's trailing dot. */
export const sameDnsName = (a: string, b: string): boolean => fqdn(a.toLowerCase()) === fqdn(b.toLowerCase());

/** Route 53, one AWS call per method, in our own types. */
@Injectable()
export class Route53Gateway {
  constructor(private readonly clients: AwsClientFactory) {}

  private r53(account: AwsAccount): Route53Client {
    return this.clients.client('route53', account);
  }

  /** Applies one action to a set of CloudFront alias records, atomically (Route 53 applies a change batch whole or not at all). */
  async changeAliasRecords(
    account: AwsAccount,
    zoneId: string,
    action: 'CREATE' | 'DELETE' | 'UPSERT',
    records: readonly { name: string; type: AliasRecordType; target: string }[],
    comment: string,
  ): Promise<ChangeInfo> {
    const out = await awsCall('route53', 'ChangeResourceRecordSets', () =>
      this.r53(account).send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Comment: comment,
            Changes: records.map((r) => ({
              Action: action,
              ResourceRecordSet: {
                Name: fqdn(r.name),
                Type: r.type,
                AliasTarget: { DNSName: fqdn(r.target), HostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, EvaluateTargetHealth: false },
              },
            })),
          },
        }),
      ),
    );
    const info = out.ChangeInfo;
    return { Id: info?.Id ?? '', Status: info?.Status ?? '', SubmittedAt: (info?.SubmittedAt ?? new Date(0)).toISOString(), Comment: info?.Comment ?? null };
  }

  /** Whether the zone holds a record set of `type` at exactly `name`: one lookup, never a scan. */
  async hasRecord(account: AwsAccount, zoneId: string, name: string, type: string): Promise<boolean> {
    const out = await awsCall('route53', 'ListResourceRecordSets', () =>
      this.r53(account).send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: fqdn(name), StartRecordType: type as RRType, MaxItems: 1 }),
      ),
    );
    const record = out.ResourceRecordSets?.[0];
    return record?.Name === fqdn(name) && record.Type === type;
  }

  /**
   * Deletes alias records. A DELETE that Route 53 applied but whose answer was lost fails on the SDK's
   * retry (InvalidChangeBatch: the record is not there): records already gone count as deleted.
   */
  async deleteAliasRecords(
    account: AwsAccount,
    zoneId: string,
    records: readonly { name: string; type: AliasRecordType; target: string }[],
    comment: string,
  ): Promise<void> {
    try {
      await this.changeAliasRecords(account, zoneId, 'DELETE', records, comment);
    } catch (error) {
      if (awsCodeOf(error) !== 'InvalidChangeBatch') throw error;
      const names = [...new Set(records.map((r) => fqdn(r.name.toLowerCase())))];
      const present = (await Promise.all(names.map((name) => this.getAliasRecords(account, zoneId, name)))).flat();
      const left = records.filter((r) => present.some((p) => p.Type === r.type && sameDnsName(p.Name, r.name) && sameDnsName(p.AliasTarget.DNSName, r.target)));
      if (left.length === records.length) throw error;
      if (left.length > 0) await this.changeAliasRecords(account, zoneId, 'DELETE', left, comment);
    }
  }

  /** One record looked up by name and type (never a scan of the zone); null when absent. */
  async getAliasRecord(account: AwsAccount, zoneId: string, name: string, type: AliasRecordType): Promise<AliasRecord | null> {
    return (await this.aliasRecordsFrom(account, zoneId, name, type, 1)).find((r) => r.Type === type) ?? null;
  }

  /** The A and AAAA alias records of one name, in one call: they sort next to each other in the zone. */
  async getAliasRecords(account: AwsAccount, zoneId: string, name: string): Promise<AliasRecord[]> {
    return this.aliasRecordsFrom(account, zoneId, name, 'A', 2);
  }

  private async aliasRecordsFrom(account: AwsAccount, zoneId: string, name: string, type: AliasRecordType, max: number): Promise<AliasRecord[]> {
    const out = await awsCall('route53', 'ListResourceRecordSets', () =>
      this.r53(account).send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: fqdn(name), StartRecordType: type, MaxItems: max })),
    );
    return (out.ResourceRecordSets ?? []).flatMap((record) =>
      record.Name === fqdn(name) && (record.Type === 'A' || record.Type === 'AAAA') && record.AliasTarget
        ? [
            {
              Name: record.Name,
              Type: record.Type,
              AliasTarget: {
                DNSName: record.AliasTarget.DNSName ?? '',
                HostedZoneId: record.AliasTarget.HostedZoneId ?? '',
                EvaluateTargetHealth: record.AliasTarget.EvaluateTargetHealth ?? false,
              },
            },
          ]
        : [],
    );
  }
}
