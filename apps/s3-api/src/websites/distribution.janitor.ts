import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import {
  type AwsAccount,
  AwsAccountProvider,
  AwsError,
  CloudFrontGateway,
  type DistributionSummary,
  isGone,
  isInUse,
  isStale,
  S3Gateway,
  unlessGone,
} from '#aws';
import { distributionIdOf, MANAGED_BY_TAG, MANAGED_BY_VALUE, ORG_TAG } from '../common/system-tags.js';
import { AppConfig } from '../config/app-config.js';
import { serviceFunctions, WebsiteOrigins } from './website-origins.js';
import { WEBSITE_TAG } from './website-rules.js';

export const JANITOR_FOUND_METRIC = 's3api_janitor_distributions_found_total';
export const JANITOR_DELETED_METRIC = 's3api_janitor_distributions_deleted_total';
export const JANITOR_ERRORS_METRIC = 's3api_janitor_distributions_errors_total';
export const JANITOR_LAST_RUN_METRIC = 's3api_janitor_last_run_timestamp_seconds';

export const janitorMetricProviders = [
  makeCounterProvider({
    name: JANITOR_FOUND_METRIC,
    help: "Disabled, deployed distributions of this service whose website's bucket is gone",
    labelNames: ['account'],
  }),
  makeCounterProvider({ name: JANITOR_DELETED_METRIC, help: 'Orphaned distributions the janitor deleted', labelNames: ['account'] }),
  makeCounterProvider({ name: JANITOR_ERRORS_METRIC, help: 'Janitor failures (a listing or one distribution)', labelNames: ['account'] }),
  makeGaugeProvider({ name: JANITOR_LAST_RUN_METRIC, help: 'When the janitor last finished a run, in Unix seconds', labelNames: ['account'] }),
];

export const WEBSITES_OPTIONS = Symbol('WEBSITES_OPTIONS');

export interface WebsitesModuleOptions {
  /** Start the janitor's timers (off in tests and one-shot tools, which call runOnce). */
  readonly backgroundTasks: boolean;
}

/** What one run did. */
export interface JanitorRun {
  readonly calls: number;
  readonly found: number;
  readonly deleted: number;
  readonly errors: number;
  /** The run reached the end of the distribution list (the next one starts over). */
  readonly complete: boolean;
}

/** Another replica (or a person) got there first: the distribution is deleted or being handled. */
const raced = (error: unknown): boolean => isStale(error) || isGone(error, 'distribution') || isInUse(error, 'distribution');

const PAGE_SIZE = 100;

class OutOfBudget extends Error {}

/** Every AWS call of a run is paid for first, so a run never makes more than its budget. */
class CallBudget {
  spent = 0;

  constructor(private readonly limit: number) {}

  get left(): number {
    return this.limit - this.spent;
  }

  async call<T>(run: () => Promise<T>): Promise<T> {
    if (this.left <= 0) throw new OutOfBudget();
    this.spent += 1;
    return run();
  }
}

/** Where the previous run of an account stopped, so a large account is covered over several runs. */
interface Cursor {
  readonly marker?: string;
  /** Distributions of the page at `marker` already handled. */
  readonly done: Set<string>;
}

type Verdict = 'not-ours' | 'in-use' | 'changed' | 'deleted' | 'raced';

/**
 * Finishes website deletes and failed creates: CloudFront deletes only disabled, deployed
 * distributions, minutes after they were disabled. Per account and run, with a bounded number of
 * AWS calls, it deletes the disabled, deployed distributions tagged as this service's whose website
 * bucket is gone from the account (or now belongs to another distribution). Safe in several
 * replicas at once: every delete is conditional on the ETag just read, and losing that race is fine.
 */
@Injectable()
export class DistributionJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DistributionJanitor.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly cursors = new Map<string, Cursor>();
  private readonly running = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    @Inject(WEBSITES_OPTIONS) private readonly options: WebsitesModuleOptions,
    private readonly accounts: AwsAccountProvider,
    private readonly cloudFront: CloudFrontGateway,
    private readonly s3: S3Gateway,
    private readonly origins: WebsiteOrigins,
    @InjectMetric(JANITOR_FOUND_METRIC) private readonly foundTotal: Counter<'account'>,
    @InjectMetric(JANITOR_DELETED_METRIC) private readonly deletedTotal: Counter<'account'>,
    @InjectMetric(JANITOR_ERRORS_METRIC) private readonly errorsTotal: Counter<'account'>,
    @InjectMetric(JANITOR_LAST_RUN_METRIC) private readonly lastRun: Gauge<'account'>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.janitor.enabled || !this.options.backgroundTasks) return;
    const interval = this.config.janitor.intervalSeconds * 1000;
    for (const account of this.accounts.list()) {
      // Up to 10% jitter per account, so accounts and replicas drift apart instead of calling CloudFront in step.
      const timer = setInterval(() => void this.tick(account), interval + Math.floor(Math.random() * interval * 0.1));
      timer.unref();
      this.timers.push(timer);
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  private async tick(account: AwsAccount): Promise<void> {
    if (this.running.has(account.id)) return;
    this.running.add(account.id);
    try {
      const run = await this.runOnce(account);
      if (run.found > 0 || run.errors > 0) this.logger.log({ account: account.name, ...run }, 'distribution janitor run');
    } catch (error) {
      this.logger.error({ err: error, account: account.name }, 'distribution janitor run failed');
    } finally {
      this.running.delete(account.id);
    }
  }

  /** One run over (part of) the account's distributions, within janitor.maxCallsPerRun AWS calls. */
  async runOnce(accountRef: AwsAccount | string): Promise<JanitorRun> {
    const account = typeof accountRef === 'string' ? this.accounts.resolve(accountRef) : accountRef;
    const labels = { account: account.name };
    const budget = new CallBudget(this.config.janitor.maxCallsPerRun);
    let cursor: Cursor = this.cursors.get(account.id) ?? { done: new Set() };
    let found = 0;
    let deleted = 0;
    let errors = 0;
    let complete = false;
    const fail = (error: unknown, what: string, distribution?: string): void => {
      errors += 1;
      this.errorsTotal.inc(labels);
      this.logger.warn({ err: error, account: account.name, distribution }, what);
    };
    try {
      for (;;) {
        let page: { items: DistributionSummary[]; nextMarker?: string };
        try {
          page = await budget.call(() => this.cloudFront.listDistributions(account, cursor.marker, PAGE_SIZE));
        } catch (error) {
          if (error instanceof OutOfBudget) throw error;
          fail(error, 'janitor could not list distributions');
          break;
        }
        for (const summary of page.items) {
          if (summary.Enabled || summary.Status !== 'Deployed' || cursor.done.has(summary.Id)) continue;
          try {
            const verdict = await this.inspect(account, summary, budget, () => {
              found += 1;
              this.foundTotal.inc(labels);
            });
            if (verdict === 'deleted') {
              deleted += 1;
              this.deletedTotal.inc(labels);
            }
          } catch (error) {
            if (error instanceof OutOfBudget) throw error;
            fail(error, 'janitor could not clean up a distribution', summary.Id);
          }
          cursor.done.add(summary.Id);
        }
        if (!page.nextMarker) {
          cursor = { done: new Set() };
          complete = true;
          break;
        }
        cursor = { marker: page.nextMarker, done: new Set() };
      }
    } catch (error) {
      if (!(error instanceof OutOfBudget)) throw error;
    }
    this.cursors.set(account.id, cursor);
    this.lastRun.set(labels, Date.now() / 1000);
    return { calls: budget.spent, found, deleted, errors, complete };
  }

  private async inspect(account: AwsAccount, summary: DistributionSummary, budget: CallBudget, onFound: () => void): Promise<Verdict> {
    const tags = await budget.call(() => this.cloudFront.listTags(account, summary.ARN));
    const tag = (key: string): string | undefined => tags.find((t) => t.Key === key)?.Value;
    const website = tag(WEBSITE_TAG);
    if (tag(MANAGED_BY_TAG) !== MANAGED_BY_VALUE || tag(ORG_TAG) !== account.org || !website) return 'not-ours';
    // 'forbidden' is a bucket of that name in another account: our website's bucket is gone all the same.
    if ((await budget.call(() => this.s3.headBucket(account, website))) === 'exists') {
      // A website re-created under the same name has a new distribution; this one is then an orphan too.
      const bucketTags = await budget.call(() => this.s3.getBucketTags(account, website));
      if (distributionIdOf(bucketTags) === summary.Id) return 'in-use';
    }
    onFound();
    try {
      const current = await budget.call(() => this.cloudFront.getDistribution(account, summary.Id));
      if (!current) return 'raced';
      if (current.distribution.DistributionConfig.Enabled || current.distribution.Status !== 'Deployed') return 'changed';
      // Its function was the website's own and goes with it (CloudFront keeps a function while a
      // distribution names it): the run deletes the distribution only with budget left for that too,
      // since once the distribution is gone nothing would lead to the function any more.
      const functions = serviceFunctions(current.distribution);
      if (budget.left < 1 + 2 * functions.length) throw new OutOfBudget();
      await budget.call(() => this.cloudFront.deleteDistribution(account, summary.Id, current.etag));
      for (const name of functions) await this.origins.removeFunction(account, name, (call) => budget.call(call));
      return 'deleted';
    } catch (error) {
      if (raced(error) || (await this.vanished(account, summary, budget, error))) return 'raced';
      throw error;
    }
  }

  /**
   * The service's policy lets it act only on distributions that carry its tags, so one deleted meanwhile
   * (by the janitor of another replica) answers AccessDenied, not NoSuchDistribution: its tags, which
   * the service may always list, tell the two apart.
   */
  private async vanished(account: AwsAccount, summary: DistributionSummary, budget: CallBudget, error: unknown): Promise<boolean> {
    if (!(error instanceof AwsError && error.service === 'cloudfront' && error.kind === 'forbidden')) return false;
    return (
      (await unlessGone(
        budget.call(() => this.cloudFront.listTags(account, summary.ARN)),
        'distribution',
        null,
      )) === null
    );
  }
}
