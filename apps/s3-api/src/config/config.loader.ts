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

  if (problems.length > 0) throw new ConfigError(problems);

  const { server, aws, janitor } = parsed;
  return {
    mode,
    server: {
      host: env.HOST ?? server?.host ?? DEFAULTS.server.host,
      port,
      drainTimeoutSeconds: server?.drainTimeoutSeconds ?? DEFAULTS.server.drainTimeoutSeconds,
      requestTimeoutSeconds: server?.requestTimeoutSeconds ?? DEFAULTS.server.requestTimeoutSeconds,
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
      maxAttempts: aws?.maxAttempts ?? DEFAULTS.aws.maxAttempts,
      connectionTimeoutMs: aws?.connectionTimeoutMs ?? DEFAULTS.aws.connectionTimeoutMs,
      requestTimeoutMs: aws?.requestTimeoutMs ?? DEFAULTS.aws.requestTimeoutMs,
      endpoints: { ...(aws?.endpoints ?? {}) },
      s3ForcePathStyle: aws?.s3ForcePathStyle ?? DEFAULTS.aws.s3ForcePathStyle,
    },
    janitor: {
      enabled: janitor?.enabled ?? DEFAULTS.janitor.enabled,
      intervalSeconds: janitor?.intervalSeconds ?? DEFAULTS.janitor.intervalSeconds,
      maxCallsPerRun: janitor?.maxCallsPerRun ?? DEFAULTS.janitor.maxCallsPerRun,
    },
    sandbox: { latencyMs, realism },
  };
}

const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);
