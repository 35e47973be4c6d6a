import { Inject, Injectable } from '@nestjs/common';
import { AwsAccountProvider, type AwsAccount } from '../accounts/aws-account.js';
import { AWS_OPTIONS, type AwsModuleOptions } from '../clients/aws-options.js';
import { StsGateway } from '../sts/sts.gateway.js';

export interface AccountHealth {
  readonly account: string;
  readonly ok: boolean;
  readonly error?: string;
}

const CACHE_MS = 60_000;
const CHECK_TIMEOUT_MS = 5_000;

/**
 * Whether each account's credentials resolve, answered from a one-minute cache so that frequent
 * readiness probes cost at most one STS call per account per minute, and bounded in time so that a
 * hanging STS endpoint cannot hang the probe.
 */
@Injectable()
export class AccountsHealth {
  private readonly cache = new Map<string, { at: number; result: Promise<AccountHealth> }>();
  private readonly now: () => number;

  constructor(
    private readonly accounts: AwsAccountProvider,
    private readonly sts: StsGateway,
    @Inject(AWS_OPTIONS) options: AwsModuleOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Every account, or those given, in that order. */
  checkAll(accounts: readonly AwsAccount[] = this.accounts.list()): Promise<AccountHealth[]> {
    return Promise.all(accounts.map((account) => this.check(account)));
  }

  private check(account: AwsAccount): Promise<AccountHealth> {
    const cached = this.cache.get(account.id);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.result;
    const result = this.probe(account);
    this.cache.set(account.id, { at: this.now(), result });
    return result;
  }

  private async probe(account: AwsAccount): Promise<AccountHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from STS within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const id = await Promise.race([this.sts.callerAccount(account), timeout]);
      return id === account.id
        ? { account: account.name, ok: true }
        : { account: account.name, ok: false, error: `credentials belong to account ${id}, not ${account.id}` };
    } catch (error) {
      return { account: account.name, ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
