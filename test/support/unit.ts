import { type Counter, type Histogram, Registry } from 'prom-client';
import { type Mock, vi } from 'vitest';
import { type AwsAccount, awsCallMetricProviders, AwsClientFactory, type AwsModuleOptions, PropagationWaits } from '#aws';
import { AwsSandbox, ManualClock } from '#aws-sandbox';

/** An account as the configuration would describe it; override what the test is about. */
export const testAccount = (overrides: Partial<AwsAccount> = {}): AwsAccount => ({
  name: 'test',
  id: '111111111111',
  region: 'us-east-1',
  sessionDurationSeconds: 3600,
  org: 'test',
  domains: {},
  allowedRegions: ['us-east-1'],
  accessModel: 'groups',
  ...overrides,
});

export type StrictMock<T> = T & { readonly [K in keyof T]: Mock };

/**
 * A stand-in for `T` where every method is a spy: the ones a test passes answer as it says, every
 * other one fails the test when called, so a path that reaches an unexpected dependency shows.
 */
export function strictMock<T extends object>(stubs: { [K in keyof T]?: unknown } = {}): StrictMock<T> {
  const methods: Record<string | symbol, unknown> = { ...stubs };
  return new Proxy(methods, {
    get: (target, key) => {
      // Not a thenable: `await mock` must not look for a `then` method.
      if (key === 'then') return undefined;
      return (target[key] ??= vi.fn(async () => {
        throw new Error(`unexpected call ${String(key)}`);
      }));
    },
  }) as StrictMock<T>;
}

/**
 * A client factory whose SDK clients talk to `sandbox`, with its metrics in a registry of its own.
 * Fast by default: one attempt, short timeouts.
 */
export function sandboxClientFactory(
  sandbox: AwsSandbox,
  options: Partial<AwsModuleOptions['aws']> = {},
  now?: () => number,
  identity: AwsModuleOptions['sandboxIdentity'] = 'service',
): { factory: AwsClientFactory; registry: Registry } {
  const registry = new Registry();
  const moduleOptions: AwsModuleOptions = {
    accounts: [],
    metrics: registry,
    aws: { maxAttempts: 1, connectionTimeoutMs: 1000, requestTimeoutMs: 1000, endpoints: {}, s3ForcePathStyle: false, ...options },
    sandbox,
    sandboxIdentity: identity,
    ...(now ? { now } : {}),
  };
  // The call metrics as the application registers them (AwsModule's providers).
  const [calls, duration] = awsCallMetricProviders.map((provider) => provider.useFactory(moduleOptions) as unknown) as [
    Counter<'service' | 'operation' | 'outcome'>,
    Histogram<'service' | 'operation' | 'outcome'>,
  ];
  const factory = new AwsClientFactory(moduleOptions, calls, duration);
  return { factory, registry };
}

/**
 * A gateway (S3Gateway, IamGateway, ...) on the sandbox, through real SDK clients, acting as the
 * service's role. With `root`, as the account's root user instead: how a test sets up or inspects AWS
 * behind the service's back, unlimited by the service's policy.
 */
export const gatewayOnSandbox = <G>(
  Gateway: new (factory: AwsClientFactory) => G,
  sandbox: AwsSandbox,
  options: Partial<AwsModuleOptions['aws']> = {},
  identity: AwsModuleOptions['sandboxIdentity'] = 'service',
): G => new Gateway(sandboxClientFactory(sandbox, options, undefined, identity).factory);

/** Propagation waits that pass on a clock of their own: a unit test that meets one finishes at once. */
export const testWaits = (): PropagationWaits => new PropagationWaits({ sandbox: new AwsSandbox({ clock: new ManualClock() }) });
