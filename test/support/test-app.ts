import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AwsClientFactory } from '#aws';
import { AwsSandbox, ManualClock, type SandboxOptions } from '#aws-sandbox';
import { createApp } from '../../apps/s3-api/src/app.setup.js';
import type { AppConfig } from '../../apps/s3-api/src/config/app-config.js';
import { type Env, loadConfig } from '../../apps/s3-api/src/config/config.loader.js';
import { SANDBOX_DEFAULTS } from '../../apps/s3-api/src/config/defaults.js';
import { gatewayOnSandbox } from './unit.js';

export const TOKEN = SANDBOX_DEFAULTS.token.value;
export const API = '/v1/s3';

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  readonly body: any;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** `null` sends no token; default: the sandbox token. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  /**
   * Send it at once, before what earlier requests changed in AWS has propagated. By default a request
   * comes after the sandbox has settled, as a client pausing between requests would see it.
   */
  readonly atOnce?: boolean;
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly sandbox: AwsSandbox;
  readonly config: AppConfig;
  /** Every log line written so far, raw JSON text. */
  readonly logs: string[];
  /**
   * A gateway (S3Gateway, IamGateway, ...) acting as the account's root user, not as the service: the
   * test's own hands in AWS, to set up or inspect what the service's policy would not let it see.
   */
  root<G>(Gateway: new (factory: AwsClientFactory) => G): G;
  request(method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS', path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment for loadConfig (default: none, i.e. sandbox mode with the contract's defaults). */
  readonly env?: Env;
  readonly sandbox?: AwsSandbox;
  /** For the sandbox made for the test: by default AWS's propagation delays on a clock that only waits move. */
  readonly sandboxOptions?: SandboxOptions;
  /** AWS settings for the test (defaults: 3 attempts, 1 ms between retries, 2 s per attempt). */
  readonly aws?: Partial<AppConfig['aws']>;
  /** Server settings for the test (timeouts, limits). */
  readonly server?: Partial<AppConfig['server']>;
  readonly logProbes?: boolean;
  readonly now?: () => number;
  /** Names this application in the sandbox's call log and faults: one replica of two on the same sandbox. */
  readonly replica?: string;
}

/** What the sandbox holds whose path mentions `text` (an entity's name): [] when nothing of it is left. */
export const pathsMentioning = (sandbox: AwsSandbox, text: string): string[] =>
  sandbox
    .snapshot()
    .paths()
    .filter((path) => path.includes(text));

/**
 * The sandbox tests run on: AWS as it really is, eventually consistent, on a clock that moves only when
 * the test or the service's own waits move it, so waiting costs no real time.
 */
export const realisticSandbox = (options: SandboxOptions = {}): AwsSandbox => new AwsSandbox({ clock: new ManualClock(), propagation: 'aws', ...options });

/**
 * Boots the real application (createApp + configureApp) on a sandbox the test controls, and talks
 * to it through Fastify's inject: real routing, guards, pipes and filters, no socket.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const sandbox = options.sandbox ?? realisticSandbox(options.sandboxOptions);
  // What the test does to AWS itself (setting up, looking) sees it settled; the service's calls, made
  // while it answers a request, see it as AWS would show it then.
  const serving = new AsyncLocalStorage<true>();
  sandbox.settleBeforeCalls(() => serving.getStore() === undefined);
  const loaded = loadConfig(options.env ?? {});
  const config: AppConfig = {
    ...loaded,
    ...(options.logProbes !== undefined ? { logProbes: options.logProbes } : {}),
    server: { ...loaded.server, ...options.server },
    aws: { ...loaded.aws, maxAttempts: 3, requestTimeoutMs: 2_000, ...options.aws },
  };
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp({
    config,
    sandbox,
    logLevel: 'debug',
    logDestination: destination,
    backgroundTasks: false,
    awsOverrides: { retryDelayMs: () => 1, ...(options.now ? { now: options.now } : {}), ...(options.replica ? { sandboxCaller: options.replica } : {}) },
  });
  // Entered once the body is read, so it holds for everything the handler does, background work included.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preHandler', (_request, _reply, done) => serving.run(true, done));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    sandbox,
    config,
    logs,
    root: (Gateway) => gatewayOnSandbox(Gateway, sandbox, {}, 'root'),
    async request(method, path, request = {}) {
      if (!request.atOnce) sandbox.settle();
      const headers: Record<string, string> = { ...(request.headers ?? {}) };
      const token = request.token === undefined ? TOKEN : request.token;
      if (token !== null) headers['x-auth-token'] = token;
      const response = await fastify.inject({
        method,
        url: path.startsWith('/') ? path : `${API}/${path}`,
        headers,
        ...(request.body !== undefined ? { payload: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) } : {}),
        ...(request.body !== undefined && typeof request.body !== 'string' && !headers['content-type']
          ? { headers: { ...headers, 'content-type': 'application/json' } }
          : {}),
      });
      let body: unknown;
      try {
        body = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        body = undefined;
      }
      return { status: response.statusCode, headers: response.headers, text: response.body, body };
    },
    close: () => app.close(),
  };
}
