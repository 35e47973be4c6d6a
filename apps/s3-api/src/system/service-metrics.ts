import { getToken } from '@willsoto/nestjs-prometheus';
import { Gauge, type Registry } from 'prom-client';
import { AccountsHealth } from '#aws';
import { BUILD_INFO } from '../generated/build-info.js';
import { METRICS_REGISTRY } from '../common/metrics-registry.js';

const BUILD_INFO_METRIC = 's3api_build_info';
const ACCOUNT_REACHABLE_METRIC = 's3api_account_reachable';

/** What this process is and what it can reach, for dashboards and alerts rather than for probes. */
export const serviceMetricProviders = [
  {
    provide: getToken(BUILD_INFO_METRIC),
    inject: [METRICS_REGISTRY],
    useFactory: (registry: Registry) => {
      const gauge = new Gauge({
        name: BUILD_INFO_METRIC,
        help: 'Always 1; the labels say which build runs',
        labelNames: ['version', 'git_hash', 'build_stamp'],
        registers: [registry],
      });
      gauge.set({ version: BUILD_INFO.version, git_hash: BUILD_INFO.gitHash, build_stamp: BUILD_INFO.buildStamp }, 1);
      return gauge;
    },
  },
  {
    // One account that cannot be reached is an alert for that account, not a reason to take the
    // pods out of service (readiness says nothing about accounts). Read on scrape, from the
    // checks' one-minute cache.
    provide: getToken(ACCOUNT_REACHABLE_METRIC),
    inject: [AccountsHealth, METRICS_REGISTRY],
    useFactory: (health: AccountsHealth, registry: Registry) =>
      new Gauge({
        name: ACCOUNT_REACHABLE_METRIC,
        help: "1 when the account's credentials resolve through STS, 0 when they do not",
        labelNames: ['account'],
        registers: [registry],
        async collect() {
          for (const result of await health.checkAll()) this.set({ account: result.account }, result.ok ? 1 : 0);
        },
      }),
  },
];
