import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AccountsHealth } from '#aws';

/** Each configured account, with whether its credentials resolve (answered from a short cache). */
@Injectable()
export class ReadinessIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly accounts: AccountsHealth,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    const results = await this.accounts.checkAll();
    const detail = Object.fromEntries(results.map((r) => [r.account, r.ok ? { status: 'up' } : { status: 'down', error: r.error }]));
    return results.every((r) => r.ok) ? session.up(detail) : session.down(detail);
  }
}
