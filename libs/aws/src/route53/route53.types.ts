/** Route 53's hosted zone for every CloudFront alias target. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

export type AliasRecordType = 'A' | 'AAAA';

export interface AliasRecord {
  readonly Name: string;
  readonly Type: AliasRecordType;
  readonly AliasTarget: { readonly DNSName: string; readonly HostedZoneId: string; readonly EvaluateTargetHealth: boolean };
}

export interface ChangeInfo {
  readonly Id: string;
  readonly Status: string;
  readonly SubmittedAt: string;
  readonly Comment: string | null;
}
