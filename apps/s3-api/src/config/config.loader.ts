import type { AppConfig } from './app-config.js';
import { resolveAccounts } from './config.accounts.js';
import { ConfigFile } from './config.schema.js';
import { ConfigError, type Env, envBoolean, envInteger, type Problems, readFile, validateAgainst } from './config.sources.js';
import { checkTokenAccounts, resolveTokens } from './config.tokens.js';
import { DEFAULTS, LOG_LEVELS, type LogLevel, SANDBOX_DEFAULTS } from './defaults.js';

export { ConfigError, type Env } from './config.sources.js';
export { sha256Hex } from './config.tokens.js';

/**
 * Builds the configuration from the file named by S3API_CONFIG and the environment. With no file at
 * all the server runs in sandbox mode with the contract's defaults. Throws ConfigError listing every
 * problem at once.
 */
export function loadConfig(env: Env, terminal: { isTty?: boolean } = {}): AppConfig {
  const problems: Problems = [];
  const parsed = validateAgainst(ConfigFile, env.S3API_CONFIG ? readFile(env.S3API_CONFIG, problems) : {}, '', problems);

  const sandboxFlag = envBoolean(env, 'S3API_SANDBOX', problems) ?? parsed.sandbox?.enabled ?? DEFAULTS.sandbox.enabled;
  const mode: AppConfig['mode'] = !env.S3API_CONFIG || sandboxFlag ? 'sandbox' : 'aws';

  const org = parsed.org ?? (mode === 'sandbox' ? SANDBOX_DEFAULTS.org : undefined);
  if (!org && (parsed.accounts ?? []).some((a) => !a.org)) problems.push('org: required (the value of the org tag) unless every account sets its own');

  const { tokens, source: tokenSource } = resolveTokens(parsed.tokens, env, mode, problems);
  const accounts = resolveAccounts(parsed.accounts, mode, org, problems);
  checkTokenAccounts(tokens, new Set(accounts.flatMap((a) => [a.name, a.id])), problems);

  const ambient = Object.keys(env).filter((key) => key.startsWith('AWS_ENDPOINT_URL'));
  if (mode === 'aws' && ambient.length > 0 && !(parsed.aws?.allowAmbientEndpoints ?? DEFAULTS.aws.allowAmbientEndpoints)) {
    problems.push(
      `${ambient.join(', ')}: ambient AWS endpoint overrides are refused outside sandbox mode; set aws.endpoints or aws.allowAmbientEndpoints: true`,
    );
  }

  const port = envInteger(env, 'PORT', problems) ?? parsed.server?.port ?? DEFAULTS.server.port;
  if (port > 65535) problems.push(`PORT: ${port} is not a valid port`);
  const logLevel = env.S3API_LOG_LEVEL ?? parsed.logLevel ?? DEFAULTS.logLevel;
  if (!isLogLevel(logLevel)) problems.push(`S3API_LOG_LEVEL: unknown level '${logLevel}'`);
  const prettyLogs = envBoolean(env, 'S3API_PRETTY_LOGS', problems) ?? terminal.isTty ?? false;
  const latencyMs = envInteger(env, 'S3API_SANDBOX_LATENCY_MS', problems) ?? parsed.sandbox?.latencyMs ?? DEFAULTS.sandbox.latencyMs;
  const realism = envBoolean(env, 'S3API_SANDBOX_REALISM', problems) ?? parsed.sandbox?.realism ?? DEFAULTS.sandbox.realism;

  const headersTimeoutSeconds = parsed.server?.headersTimeoutSeconds ?? DEFAULTS.server.headersTimeoutSeconds;
  const bodyTimeoutSeconds = parsed.server?.bodyTimeoutSeconds ?? DEFAULTS.server.bodyTimeoutSeconds;
  if (bodyTimeoutSeconds < headersTimeoutSeconds) {
    problems.push(
      `server.bodyTimeoutSeconds: ${bodyTimeoutSeconds} is shorter than server.headersTimeoutSeconds (${headersTimeoutSeconds}); it bounds headers and body together`,
    );
  }

  const { server, aws, reconciler } = parsed;
  const drainTimeoutSeconds = server?.drainTimeoutSeconds ?? DEFAULTS.server.drainTimeoutSeconds;
  const requestTimeoutSeconds = server?.requestTimeoutSeconds ?? DEFAULTS.server.requestTimeoutSeconds;
  const maxAttempts = aws?.maxAttempts ?? DEFAULTS.aws.maxAttempts;
  const requestTimeoutMs = aws?.requestTimeoutMs ?? DEFAULTS.aws.requestTimeoutMs;
  const chain = worstAttemptChainMs(maxAttempts, requestTimeoutMs);
  if (chain > drainTimeoutSeconds * 1000) {
    problems.push(
      `server.drainTimeoutSeconds: ${drainTimeoutSeconds} s cannot wait for one AWS call with aws.maxAttempts ${maxAttempts} and aws.requestTimeoutMs ${requestTimeoutMs} (${Math.ceil(chain / 1000)} s with the SDK's backoff): raise it or lower those`,
    );
  }
  const graceSeconds = reconciler?.graceSeconds ?? DEFAULTS.reconciler.graceSeconds;
  if (graceSeconds <= requestTimeoutSeconds + drainTimeoutSeconds) {
    problems.push(
      `reconciler.graceSeconds: ${graceSeconds} s must exceed server.requestTimeoutSeconds + server.drainTimeoutSeconds (${requestTimeoutSeconds + drainTimeoutSeconds} s): the reconciler would take a request at work for a leftover`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    server: {
      host: env.HOST ?? server?.host ?? DEFAULTS.server.host,
      port,
      drainTimeoutSeconds,
      requestTimeoutSeconds,
      bodyLimitBytes: server?.bodyLimitBytes ?? DEFAULTS.server.bodyLimitBytes,
      headersTimeoutSeconds,
      bodyTimeoutSeconds,
      keepAliveTimeoutSeconds: server?.keepAliveTimeoutSeconds ?? DEFAULTS.server.keepAliveTimeoutSeconds,
      corsOrigins: server?.corsOrigins ?? DEFAULTS.server.corsOrigins,
    },
    logLevel: logLevel as LogLevel,
    logProbes: parsed.logProbes ?? DEFAULTS.logProbes,
    prettyLogs,
    tokens,
    tokenSource,
    accounts,
    aws: {
      maxAttempts,
      connectionTimeoutMs: aws?.connectionTimeoutMs ?? DEFAULTS.aws.connectionTimeoutMs,
      requestTimeoutMs,
      endpoints: { ...(aws?.endpoints ?? {}) },
      s3ForcePathStyle: aws?.s3ForcePathStyle ?? DEFAULTS.aws.s3ForcePathStyle,
    },
    reconciler: {
      enabled: reconciler?.enabled ?? DEFAULTS.reconciler.enabled,
      intervalSeconds: reconciler?.intervalSeconds ?? DEFAULTS.reconciler.intervalSeconds,
      maxCallsPerRun: reconciler?.maxCallsPerRun ?? DEFAULTS.reconciler.maxCallsPerRun,
      graceSeconds,
    },
    sandbox: { latencyMs, realism },
  };
}

/**
 * The longest one AWS call can take: every attempt running to aws.requestTimeoutMs, and the SDK's
 * standard backoff between them at its worst (a throttling error: base 1 s doubling, at most 20 s,
 * plus up to 5 s a Retry-After hint may add).
 */
export function worstAttemptChainMs(maxAttempts: number, requestTimeoutMs: number): number {
  let backoff = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry++) backoff += Math.min(1000 * 2 ** retry, 20_000) + 5_000;
  return maxAttempts * requestTimeoutMs + backoff;
}

const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);
