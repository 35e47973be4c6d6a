import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { memoize } from '@smithy/core/config';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { AwsAccount } from '../accounts/aws-account.js';
import { attemptTimeoutPlugin } from './attempt-timeout.middleware.js';
import { chargeCall } from './call-budget.js';
import { BucketRegions, sendInBucketRegion } from './bucket-regions.js';
import { sendResolvingOnce } from './resolved-stacks.js';
import { AWS_CALL_DURATION_METRIC, AWS_CALLS_METRIC, callOutcome } from './aws-call.metrics.js';
import { SANDBOX_ROLE } from '../sandbox/prepare-sandbox.js';
import { AWS_OPTIONS, type AwsModuleOptions, type AwsService } from './aws-options.js';

interface ClientTypes {
  s3: S3Client;
  s3control: S3ControlClient;
  iam: IAMClient;
  cloudfront: CloudFrontClient;
  route53: Route53Client;
  sts: STSClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

/** IAM, CloudFront and Route 53 are global services signed in us-east-1. */
const GLOBAL_SERVICES = new Set<AwsService>(['iam', 'cloudfront', 'route53']);
/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** The session name the service's assumed-role sessions carry in `account` (it shows in CloudTrail and in the session's ARN). */
export const roleSessionName = (account: AwsAccount): string => `s3-api-${account.name}`.slice(0, 64);

const SANDBOX_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'SANDBOXACCESSKEY', secretAccessKey: 'sandbox-secret-not-a-real-key' };

type Send = (command: object, options?: object) => Promise<unknown>;

/**
 * One client per (service, account, region), built once: standard retries, per-attempt timeouts,
 * keep-alive, call metrics, and in sandbox mode the emulator's plugin. One cached, auto-refreshing
 * credential provider per account is shared by all of its clients. An S3 client sends each bucket's
 * calls through the client of the bucket's region (sendInBucketRegion).
 */
@Injectable()
export class AwsClientFactory implements OnApplicationShutdown {
  private readonly clients = new Map<string, ClientTypes[AwsService]>();
  private readonly credentialProviders = new Map<string, AwsCredentialIdentityProvider>();
  /** Each client's own `send`, uncounted: what an S3 client of another region sends a bucket's call through. */
  private readonly directSends = new WeakMap<object, Send>();
  private readonly bucketRegions = new Map<string, BucketRegions>();
  private readonly stsClients: STSClient[] = [];
  private readonly baseCredentials: AwsCredentialIdentityProvider;
  private readonly httpHandler: NodeHttpHandler;
  private readonly now: () => number;

  constructor(
    @Inject(AWS_OPTIONS) private readonly options: AwsModuleOptions,
    @InjectMetric(AWS_CALLS_METRIC) private readonly calls: Counter<'service' | 'operation' | 'outcome'>,
    @InjectMetric(AWS_CALL_DURATION_METRIC) private readonly duration: Histogram<'service' | 'operation' | 'outcome'>,
  ) {
    this.now = options.now ?? Date.now;
    // The default chain caches and refreshes expiring credentials (instance profile, web identity) itself.
    this.baseCredentials = options.sandbox ? async () => SANDBOX_CREDENTIALS : fromNodeProviderChain();
    this.httpHandler = new NodeHttpHandler({
      connectionTimeout: options.aws.connectionTimeoutMs,
      requestTimeout: options.aws.requestTimeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    });
  }

  /** Closes the keep-alive sockets of every client, so a closed application holds nothing open. */
  onApplicationShutdown(): void {
    for (const client of this.clients.values()) client.destroy();
    for (const sts of this.stsClients) sts.destroy();
    this.httpHandler.destroy();
  }

  client<S extends AwsService>(service: S, account: AwsAccount, region = account.region): ClientTypes[S] {
    const effectiveRegion = GLOBAL_SERVICES.has(service) ? 'us-east-1' : region;
    const key = `${service}/${account.id}/${effectiveRegion}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.build(service, account, effectiveRegion, this.credentials(account));
      this.clients.set(key, client);
    }
    return client as ClientTypes[S];
  }

  /** The account's credentials: assumed role (cached, refreshed before expiry) or the base ones. */
  credentials(account: AwsAccount): AwsCredentialIdentityProvider {
    let provider = this.credentialProviders.get(account.id);
    if (!provider) {
      provider = account.roleArn ? this.assumeRoleProvider(account, account.roleArn) : this.baseCredentials;
      this.credentialProviders.set(account.id, provider);
    }
    return provider;
  }

  private assumeRoleProvider(account: AwsAccount, roleArn: string): AwsCredentialIdentityProvider {
    const sts = this.build('sts', account, account.region, this.baseCredentials);
    this.stsClients.push(sts);
    const assume = async (): Promise<AwsCredentialIdentity> => {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: roleSessionName(account),
          DurationSeconds: account.sessionDurationSeconds,
          ...(account.externalId ? { ExternalId: account.externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${account.name} returned no credentials`);
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    };
    // memoize shares one in-flight AssumeRole among all concurrent callers.
    return memoize(
      assume,
      (credentials) => credentials.expiration !== undefined && credentials.expiration.getTime() - this.now() < REFRESH_MARGIN_MS,
      (credentials) => credentials.expiration !== undefined,
    );
  }

  private build<S extends AwsService>(service: S, account: AwsAccount, region: string, credentials: AwsCredentialIdentityProvider): ClientTypes[S] {
    const { aws, sandbox } = this.options;
    const endpoint = sandbox ? undefined : aws.endpoints[service];
    const config = {
      region,
      credentials,
      maxAttempts: aws.maxAttempts,
      ...(aws.retryDelayMs ? { retryStrategy: new ConfiguredRetryStrategy(aws.maxAttempts, aws.retryDelayMs) } : { retryMode: 'standard' }),
      requestHandler: this.httpHandler,
      ...(endpoint ? { endpoint } : {}),
    };
    const client = (() => {
      switch (service) {
        case 's3':
          // Not the SDK's followRegionRedirects, which changes the shared client's region while it redirects one call.
          return new S3Client({ ...config, forcePathStyle: aws.s3ForcePathStyle || Boolean(endpoint) });
        case 's3control':
          // S3 Control puts the account id in the host name: an emulator's endpoint has no such names.
          return new S3ControlClient({ ...config, disableHostPrefix: Boolean(endpoint) });
        case 'iam':
          return new IAMClient(config);
        case 'cloudfront':
          return new CloudFrontClient(config);
        case 'route53':
          return new Route53Client(config);
        case 'sts':
          return new STSClient(config);
        case 'tagging':
          return new ResourceGroupsTaggingAPIClient(config);
        default:
          throw new Error(`unknown AWS service ${String(service)}`);
      }
    })();
    const stack = client.middlewareStack as { use(plugin: Pluggable<object, object>): void; remove(name: string): boolean };
    // The SDK's logging middleware formats every input and output for a logger that discards them
    // (a tenth of the SDK's time on a bucket show).
    stack.remove('loggerMiddleware');
    stack.use(attemptTimeoutPlugin(aws.requestTimeoutMs));
    // The base credentials act as the service's role in the account; assumed-role sessions as theirs.
    if (sandbox) {
      const role = this.options.sandboxIdentity === 'root' ? {} : { role: SANDBOX_ROLE };
      const caller = this.options.sandboxCaller ? { caller: this.options.sandboxCaller } : {};
      stack.use(sandbox.plugin(account.id, { ...role, ...caller }) as Pluggable<object, object>);
    }
    const direct = sendResolvingOnce(client);
    this.directSends.set(client, direct);
    this.countCalls(
      client,
      service,
      service === 's3' ? sendInBucketRegion(this.regionsOf(account), region, direct, (to) => this.directS3(account, to)) : direct,
    );
    return client as ClientTypes[S];
  }

  private regionsOf(account: AwsAccount): BucketRegions {
    let regions = this.bucketRegions.get(account.id);
    if (!regions) {
      regions = new BucketRegions(account.region);
      this.bucketRegions.set(account.id, regions);
    }
    return regions;
  }

  private directS3(account: AwsAccount, region: string): Send {
    return this.directSends.get(this.client('s3', account, region))!;
  }

  /**
   * Counts and times each call once, retries included, by service, operation and outcome, around the
   * client's `send`, and charges it to the budget of the work it runs in. As a middleware it would cost
   * a few microseconds a call: the SDK rebuilds a command's middleware stack, client entries included,
   * on every call. The labels of each (operation, outcome) are made once. The service sends commands
   * with promises, never callbacks. An S3 call sent again to its bucket's region counts once, with
   * the outcome of its answer there, as a retried call does.
   */
  private countCalls(client: object, service: AwsService, send: Send): void {
    const labels = new Map<string, { service: AwsService; operation: string; outcome: string }>();
    const labelsOf = (command: string, outcome: string) => {
      const key = `${command} ${outcome}`;
      let found = labels.get(key);
      if (!found) {
        found = { service, operation: command.endsWith('Command') ? command.slice(0, -'Command'.length) : command, outcome };
        labels.set(key, found);
      }
      return found;
    };
    const counted = async (command: object, options?: object): Promise<unknown> => {
      chargeCall();
      const started = performance.now();
      let outcome = 'success';
      try {
        return await send(command, options);
      } catch (error) {
        outcome = callOutcome(error);
        throw error;
      } finally {
        const called = labelsOf(command.constructor.name, outcome);
        this.duration.observe(called, (performance.now() - started) / 1000);
        this.calls.inc(called);
      }
    };
    Object.assign(client, { send: counted });
  }
}
