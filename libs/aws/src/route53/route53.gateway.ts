import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type Route53Client, type RRType } from '@aws-sdk/client-route-53';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall } from '../clients/aws-call.js';
import { type AliasRecord, type AliasRecordType, type ChangeInfo, CLOUDFRONT_HOSTED_ZONE_ID } from './route53.types.js';

const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`);

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

  /** One record looked up by name and type (never a scan of the zone); null when absent. */
  async getAliasRecord(account: AwsAccount, zoneId: string, name: string, type: AliasRecordType): Promise<AliasRecord | null> {
    const out = await awsCall('route53', 'ListResourceRecordSets', () =>
      this.r53(account).send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: fqdn(name), StartRecordType: type, MaxItems: 1 })),
    );
    const record = out.ResourceRecordSets?.[0];
    if (!record || record.Name !== fqdn(name) || record.Type !== type || !record.AliasTarget) return null;
    return {
      Name: record.Name,
      Type: type,
      AliasTarget: {
        DNSName: record.AliasTarget.DNSName ?? '',
        HostedZoneId: record.AliasTarget.HostedZoneId ?? '',
        EvaluateTargetHealth: record.AliasTarget.EvaluateTargetHealth ?? false,
      },
    };
  }
}
