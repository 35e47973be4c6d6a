import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import {
  AWS_OPTIONS,
  type AwsAccount,
  AwsAccountProvider,
  type AwsModuleOptions,
  CallBudgetSpent,
  CloudFrontGateway,
  IamGateway,
  Route53Gateway,
  S3Gateway,
  withCallBudget,
} from '#aws';
import { AccessService } from '../access/access.service.js';
import { NameClaims } from '../access/name-claims.js';
import { counterProvider, gaugeProvider } from '../common/metrics-registry.js';
import { AppConfig } from '../config/app-config.js';
import { WebsiteOrigins } from '../websites/website-origins.js';
import { type LeftoverDeps, LeftoverRun } from './leftover-run.js';

export const RECONCILER_FOUND_METRIC = 's3api_reconciler_found_total';
export const RECONCILER_REMOVED_METRIC = 's3api_reconciler_removed_total';
export const RECONCILER_ERRORS_METRIC = 's3api_reconciler_errors_total';
export const RECONCILER_CALLS_METRIC = 's3api_reconciler_calls_total';
export const RECONCILER_LAST_RUN_METRIC = 's3api_reconciler_last_run_timestamp_seconds';

/** What the reconciler finds, one label value each. */
export type Leftover =
  /** A disabled, deployed distribution of a website that is gone: deleted. */
  | 'distribution'
  /** An enabled distribution of the service's whose website never came to be or is gone: disabled, its alias released. */
  | 'enabled-distribution'
  /** A website's function that no distribution names (a create's undo failed to delete it): deleted. */
  | 'function'
  /** DNS records aliasing such a distribution: deleted. */
  | 'record'
  /** A name's IAM (and its unfinished bucket) left by a create or a delete cut off: removed, the claim on the name last. */
  | 'name'
  /** An access policy of a live bucket that no group uses (made on first use, its group gone): removed. */
  | 'policy'
  /** A user of a live bucket that a failed create abandoned, or that belongs to no group: removed. */
  | 'user'
  /** An access group found without its own policy: given it back. */
  | 'group-policy'
  /** The lock of a key reset cut off: the keys it may have left resolved, the lock removed. */
  | 'key-lock'
  /** The lock of a website retag cut off: removed (a repeat of the retag finishes it). */
  | 'tags-lock';

export const reconcilerMetricProviders = [
  counterProvider({
    name: RECONCILER_FOUND_METRIC,
    help: 'Leftovers of crashes and lost answers the reconciler found, by kind',
    labelNames: ['account', 'kind'],
  }),
  counterProvider({ name: RECONCILER_REMOVED_METRIC, help: 'Leftovers the reconciler removed or repaired, by kind', labelNames: ['account', 'kind'] }),
  counterProvider({ name: RECONCILER_ERRORS_METRIC, help: 'Reconciler failures (a listing or one leftover)', labelNames: ['account'] }),
  counterProvider({ name: RECONCILER_CALLS_METRIC, help: 'AWS calls the reconciler made', labelNames: ['account'] }),
  gaugeProvider({ name: RECONCILER_LAST_RUN_METRIC, help: 'When the reconciler last finished a run, in Unix seconds', labelNames: ['account'] }),
];

export const RECONCILER_OPTIONS = Symbol('RECONCILER_OPTIONS');

export interface ReconcilerOptions {
  /** Start the timers (off in tests and one-shot tools, which call runOnce). */
  readonly backgroundTasks: boolean;
}

/** The listings a full pass goes through, in order; each run goes on from where the previous one stopped. */
export const PHASES = ['distributions', 'functions', 'policies', 'users', 'groups', 'claims'] as const;
export type Phase = (typeof PHASES)[number];

/** What one run did. */
export interface ReconcilerRun {
  readonly calls: number;
  readonly found: number;
  readonly removed: number;
  readonly errors: number;
  /** The run reached the end of the last listing (the next one starts over). */
  readonly complete: boolean;
}

interface Cursor {
  readonly phase: Phase;
  readonly marker?: string;
  /** Items of the page at `marker` already handled. */
  readonly done: ReadonlySet<string>;
}

/**
 * The janitor grown up: finds and removes what a crash, a drain cut short or a lost answer left, so
 * that no name stays taken by half of something. Per account and run it makes at most
 * `reconciler.maxCallsPerRun` AWS calls (the budget bounds every call, removals included), going
 * through the distributions, then the IAM policies, users and groups under `/s3-api/`, then the name
 * claims of an account of the tags model, from where the previous run stopped; nothing younger than
 * `reconciler.graceSeconds` is taken for a leftover, so a request at work never is. Safe in several replicas at once: every removal is idempotent, a
 * distribution is deleted only under the ETag just read, and what is made after a decision is never
 * removed by it.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly cursors = new Map<string, Cursor>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly deps: LeftoverDeps;

  constructor(
    private readonly config: AppConfig,
    @Inject(RECONCILER_OPTIONS) private readonly options: ReconcilerOptions,
    @Inject(AWS_OPTIONS) aws: AwsModuleOptions,
    private readonly accounts: AwsAccountProvider,
    cloudFront: CloudFrontGateway,
    s3: S3Gateway,
    iam: IamGateway,
    route53: Route53Gateway,
    access: AccessService,
    claims: NameClaims,
    origins: WebsiteOrigins,
    @InjectMetric(RECONCILER_FOUND_METRIC) private readonly foundTotal: Counter<'account' | 'kind'>,
    @InjectMetric(RECONCILER_REMOVED_METRIC) private readonly removedTotal: Counter<'account' | 'kind'>,
    @InjectMetric(RECONCILER_ERRORS_METRIC) private readonly errorsTotal: Counter<'account'>,
    @InjectMetric(RECONCILER_CALLS_METRIC) private readonly callsTotal: Counter<'account'>,
    @InjectMetric(RECONCILER_LAST_RUN_METRIC) private readonly lastRun: Gauge<'account'>,
  ) {
    this.now = aws.now ?? Date.now;
    this.deps = { cloudFront, s3, iam, route53, access, claims, origins };
  }

  onApplicationBootstrap(): void {
    if (!this.config.reconciler.enabled || !this.options.backgroundTasks) return;
    const interval = this.config.reconciler.intervalSeconds * 1000;
    for (const account of this.accounts.list()) {
      // Up to 10% jitter per account, so accounts and replicas drift apart instead of calling AWS in step.
      const timer = setInterval(() => void this.tick(account), interval + Math.floor(Math.random() * interval * 0.1));
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Stops the timers and waits for the runs under way: a removal is not cut off half-way by a shutdown. */
  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.allSettled(this.running.values());
  }

  private async tick(account: AwsAccount): Promise<void> {
    if (this.running.has(account.id)) return;
    const run = this.runOnce(account).then(
      (done) => {
        if (done.found > 0 || done.errors > 0) this.logger.log({ account: account.name, ...done }, 'reconciler run');
      },
      (error: unknown) => this.logger.error({ err: error, account: account.name }, 'reconciler run failed'),
    );
    this.running.set(account.id, run);
    await run;
    this.running.delete(account.id);
  }

  /** One run over (part of) the account, within reconciler.maxCallsPerRun AWS calls. */
  async runOnce(accountRef: AwsAccount | string): Promise<ReconcilerRun> {
    const account = typeof accountRef === 'string' ? this.accounts.resolve(accountRef) : accountRef;
    const labels = { account: account.name };
    const run = new LeftoverRun(account, this.now() - this.config.reconciler.graceSeconds * 1000, this.deps, {
      found: (kind) => this.foundTotal.inc({ ...labels, kind }),
      removed: (kind) => this.removedTotal.inc({ ...labels, kind }),
      failed: (error, what, item) => {
        this.errorsTotal.inc(labels);
        this.logger.warn({ err: error, account: account.name, item }, what);
      },
    });
    let cursor: Cursor = this.cursors.get(account.id) ?? { phase: PHASES[0], done: new Set() };
    let complete = false;
    const { spent } = await withCallBudget(this.config.reconciler.maxCallsPerRun, async () => {
      do {
        const next = await this.phase(run, cursor);
        if (next === 'stopped') return;
        cursor = next;
      } while (cursor.phase !== PHASES[0]);
      complete = true;
    });
    this.callsTotal.inc(labels, spent);
    this.lastRun.set(labels, Date.now() / 1000);
    return { calls: spent, found: run.found, removed: run.removed, errors: run.errors, complete };
  }

  /**
   * Goes through one listing from `cursor` to its end and returns where the next phase starts; or,
   * when the budget is spent or the listing fails, keeps where this one stopped for the next run.
   */
  private async phase(run: LeftoverRun, cursor: Cursor): Promise<Cursor | 'stopped'> {
    let marker = cursor.marker;
    let done = new Set(cursor.done);
    try {
      for (;;) {
        const page = await run.page(cursor.phase, marker);
        for (const item of page.items) {
          if (done.has(item.id)) continue;
          await item.handle();
          done.add(item.id);
        }
        if (!page.marker) break;
        marker = page.marker;
        done = new Set();
      }
    } catch (error) {
      if (!(error instanceof CallBudgetSpent)) run.failed(error, `reconciler could not go through the ${cursor.phase}`);
      this.cursors.set(run.account.id, { phase: cursor.phase, ...(marker ? { marker } : {}), done });
      return 'stopped';
    }
    const next: Cursor = { phase: PHASES[(PHASES.indexOf(cursor.phase) + 1) % PHASES.length]!, done: new Set() };
    this.cursors.set(run.account.id, next);
    return next;
  }
}
