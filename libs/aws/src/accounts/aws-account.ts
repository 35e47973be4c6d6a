import { Errors } from '#common';

export interface AwsDomain {
  readonly hostedZoneId: string;
  readonly certificateArn: string;
}

/** One AWS account the service provisions in, with how to reach it and its per-account settings. */
export interface AwsAccount {
  readonly name: string;
  readonly id: string;
  readonly region: string;
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly sessionDurationSeconds: number;
  /** Value of the org system tag. */
  readonly org: string;
  readonly accessLog?: { readonly bucket: string; readonly prefix: string };
  readonly domains: Readonly<Record<string, AwsDomain>>;
  readonly bucketAdminActions?: { readonly bucket: readonly string[]; readonly object: readonly string[] };
  readonly cloudFrontActions?: readonly string[];
  readonly allowedRegions: readonly string[];
  /** Set as the permissions boundary of every IAM user the service creates. */
  readonly permissionsBoundaryArn?: string;
  /**
   * What a new bucket's access is made of: a group and a policy per bucket (`groups`), or user tags read
   * by policies the whole account shares (`tags`), which IAM's group and policy quotas do not limit.
   */
  readonly accessModel: AccessModel;
}

export const ACCESS_MODELS = ['groups', 'tags'] as const;
export type AccessModel = (typeof ACCESS_MODELS)[number];

/** Resolves `{account}` (a configured name or 12-digit id) without any AWS call. The DI token. */
export abstract class AwsAccountProvider {
  /** @throws DomainError AccountNotFound (404) */
  abstract resolve(reference: string): AwsAccount;
  abstract list(): readonly AwsAccount[];
}

export class ConfigAwsAccountProvider extends AwsAccountProvider {
  private readonly byReference = new Map<string, AwsAccount>();

  constructor(private readonly accounts: readonly AwsAccount[]) {
    super();
    for (const account of accounts) {
      this.byReference.set(account.name, account);
      this.byReference.set(account.id, account);
    }
  }

  resolve(reference: string): AwsAccount {
    const account = this.byReference.get(reference);
    if (!account) throw Errors.accountNotFound(reference);
    return account;
  }

  list(): readonly AwsAccount[] {
    return this.accounts;
  }
}
