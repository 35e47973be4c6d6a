import type { AccessModel } from '#aws';

/** Log levels, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What a configuration key means when the file leaves it out: the one place these values live.
 * Shaped like the file (`accounts` stands for each entry of the list); the README's configuration
 * table shows the same values, and a test keeps the two equal.
 */
export const DEFAULTS = {
  logLevel: 'info' satisfies LogLevel,
  logProbes: true,
  server: {
    host: '0.0.0.0',
    port: 8080,
    drainTimeoutSeconds: 45,
    requestTimeoutSeconds: 120,
    bodyLimitBytes: 1_048_576,
    headersTimeoutSeconds: 10,
    bodyTimeoutSeconds: 30,
    keepAliveTimeoutSeconds: 72,
    corsOrigins: [] as readonly string[],
  },
  accounts: {
    region: 'us-east-1',
    sessionDurationSeconds: 3600,
    accessModel: 'groups' satisfies AccessModel,
  },
  aws: {
    maxAttempts: 3,
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 10_000,
    allowAmbientEndpoints: false,
    s3ForcePathStyle: false,
  },
  reconciler: {
    enabled: true,
    intervalSeconds: 600,
    maxCallsPerRun: 200,
    graceSeconds: 900,
  },
  sandbox: {
    enabled: false,
    latencyMs: 0,
    realism: true,
  },
} as const;

/** What sandbox mode fills in when the configuration names no accounts, tokens or org (the contract's defaults). */
export const SANDBOX_DEFAULTS = {
  org: 'sandbox',
  token: { name: 'sandbox', value: 'sandbox-token' },
  accounts: [
    { name: 'sandbox', id: '111111111111' },
    { name: 'sandbox2', id: '222222222222' },
  ],
  domain: 'sites.example.com',
  accessLog: { bucket: 's3-api-access-logs-{account_id}', prefix: 's3' },
} as const;
