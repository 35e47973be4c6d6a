import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import type { AccountConfig, AppConfig, DomainConfig, TokenConfig } from './app-config.js';
import { type AccountSection, ConfigFile, DomainSection } from './config.schema.js';

/** Every problem found in the configuration, reported together. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const SANDBOX_DEFAULT_TOKEN = 'sandbox-token';
export const SANDBOX_DOMAIN = 'sites.example.com';
export const DEFAULT_LOG_BUCKET = 's3-api-access-logs-{account_id}';

export type Env = Readonly<Record<string, string | undefined>>;

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function flatten(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`property ${error.property} should not exist`) ? `${path}: unknown key` : `${path}: ${message.replace(`${error.property} `, '')}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function validateAgainst<T extends object>(cls: new () => T, value: unknown, path: string, problems: string[]): T {
  const instance = plainToInstance(cls, value, { enableImplicitConversion: false });
  problems.push(...flatten(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }), path));
  return instance;
}

function readFile(path: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`S3API_CONFIG: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return {};
  }
  try {
    const parsed: unknown = parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`S3API_CONFIG: ${path} must contain a mapping of keys`);
      return {};
    }
    return parsed;
  } catch (error) {
    problems.push(`S3API_CONFIG: ${path} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
    return {};
  }
}

function envBoolean(env: Env, name: string, problems: string[]): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (TRUE.has(raw.toLowerCase())) return true;
  if (FALSE.has(raw.toLowerCase())) return false;
  problems.push(`${name}: expected true or false, got '${raw}'`);
  return undefined;
}

function envInteger(env: Env, name: string, problems: string[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name}: expected a whole number, got '${raw}'`);
    return undefined;
  }
  return Number(raw);
}

function envJson(env: Env, name: string, problems: string[]): unknown {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    problems.push(`${name}: not valid JSON`);
    return undefined;
  }
}

const DEFAULT_SANDBOX_ACCOUNTS: AccountSection[] = [
  { name: 'sandbox', id: '111111111111' },
  { name: 'sandbox2', id: '222222222222' },
];

/**
 * Builds the configuration from the file named by S3API_CONFIG and the environment. With no file at
 * all the server runs in sandbox mode with the contract's defaults. Throws ConfigError listing every
 * problem at once.
 */
export function loadConfig(env: Env, terminal: { isTty?: boolean } = {}): AppConfig {
  const problems: string[] = [];
  const file = env.S3API_CONFIG ? readFile(env.S3API_CONFIG, problems) : {};
  const parsed = validateAgainst(ConfigFile, file, '', problems);

  const sandboxFlag = envBoolean(env, 'S3API_SANDBOX', problems) ?? parsed.sandbox?.enabled;
  const mode: AppConfig['mode'] = !env.S3API_CONFIG || sandboxFlag === true ? 'sandbox' : 'aws';

  const org = parsed.org ?? (mode === 'sandbox' ? 'sandbox' : undefined);
  if (!org && (parsed.accounts ?? []).some((a) => !a.org)) problems.push('org: required (the value of the org tag) unless every account sets its own');

  // Tokens: S3API_TOKENS (JSON) replaces the file's list; in sandbox mode S3API_TOKEN is the token itself.
  const envTokens = envJson(env, 'S3API_TOKENS', problems);
  let tokenSections = parsed.tokens ?? [];
  if (envTokens !== undefined) {
    const wrapped = validateAgainst(ConfigFile, { tokens: envTokens }, 'S3API_TOKENS', problems);
    if (!Array.isArray(envTokens)) problems.push('S3API_TOKENS: must be a JSON array of {name, sha256, accounts?}');
    tokenSections = wrapped.tokens ?? [];
  }
  let publicToken: string | undefined;
  let tokens: TokenConfig[] = tokenSections.map((t) => ({
    name: t.name,
    sha256: String(t.sha256).toLowerCase(),
    ...(t.accounts ? { accounts: t.accounts } : {}),
  }));
  if (mode === 'sandbox' && tokens.length === 0) {
    const chosen = env.S3API_TOKEN;
    if (!chosen) publicToken = SANDBOX_DEFAULT_TOKEN;
    tokens = [{ name: 'sandbox', sha256: sha256Hex(chosen || SANDBOX_DEFAULT_TOKEN) }];
  } else if (env.S3API_TOKEN && mode !== 'sandbox') {
    problems.push('S3API_TOKEN: only used in sandbox mode; configure token digests under tokens or S3API_TOKENS');
  }
  if (mode === 'aws' && tokens.length === 0) problems.push('tokens: at least one token is required outside sandbox mode');
  const tokenNames = new Set<string>();
  for (const token of tokens) {
    if (tokenNames.has(token.name)) problems.push(`tokens: duplicate token name '${token.name}'`);
    tokenNames.add(token.name);
  }

  const accountSections = parsed.accounts ?? (mode === 'sandbox' ? DEFAULT_SANDBOX_ACCOUNTS : []);
  if (mode === 'aws' && accountSections.length === 0) problems.push('accounts: at least one account is required outside sandbox mode');
  const accounts: AccountConfig[] = accountSections.map((section, index) => {
    const region = section.region ?? 'us-east-1';
    const domains: Record<string, DomainConfig> = {};
    const domainEntries = section.domains ?? (mode === 'sandbox' && !parsed.accounts ? { [SANDBOX_DOMAIN]: {} } : {});
    for (const [domain, value] of Object.entries(domainEntries)) {
      const path = `accounts[${index}].domains.${domain}`;
      if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) problems.push(`${path}: not a valid lowercase domain name`);
      const d = validateAgainst(DomainSection, value ?? {}, path, problems);
      if (mode === 'aws' && (!d.hostedZoneId || !d.certificateArn)) problems.push(`${path}: hostedZoneId and certificateArn are required outside sandbox mode`);
      // In sandbox mode the sandbox creates the zone and the certificate and fills these in.
      domains[domain] = { hostedZoneId: d.hostedZoneId ?? '', certificateArn: d.certificateArn ?? '' };
    }
    const logSection = section.accessLog ?? (mode === 'sandbox' && !parsed.accounts ? { bucket: DEFAULT_LOG_BUCKET, prefix: 's3' } : undefined);
    const accessLog = logSection
      ? {
          bucket: logSection.bucket.replaceAll('{account_id}', section.id).replaceAll('{account}', section.name),
          prefix: (logSection.prefix ?? '').replace(/^\/+|\/+$/g, ''),
        }
      : undefined;
    const allowedRegions = section.allowedRegions ?? [region];
    const otherRegions = allowedRegions.filter((r) => r !== region);
    if (accessLog && otherRegions.length > 0) {
      problems.push(
        `accounts[${index}].allowedRegions: S3 delivers access logs only within a region, so buckets in ${otherRegions.join(', ')} cannot log to ${accessLog.bucket} (in ${region}); configure one account entry per region`,
      );
    }
    return {
      name: section.name,
      id: section.id,
      region,
      ...(section.roleArn ? { roleArn: section.roleArn } : {}),
      ...(section.externalId ? { externalId: section.externalId } : {}),
      sessionDurationSeconds: section.sessionDurationSeconds ?? 3600,
      org: section.org ?? org ?? '',
      ...(accessLog ? { accessLog } : {}),
      domains,
      ...(section.bucketAdminActions ? { bucketAdminActions: section.bucketAdminActions } : {}),
      ...(section.cloudFrontActions ? { cloudFrontActions: section.cloudFrontActions } : {}),
      allowedRegions,
    };
  });
  const seenNames = new Set<string>();
  const seenIds = new Set<string>();
  for (const account of accounts) {
    if (seenNames.has(account.name)) problems.push(`accounts: duplicate account name '${account.name}'`);
    if (seenIds.has(account.id)) problems.push(`accounts: duplicate account id '${account.id}'`);
    seenNames.add(account.name);
    seenIds.add(account.id);
  }
  for (const token of tokens) {
    for (const allowed of token.accounts ?? []) {
      if (!seenNames.has(allowed) && !seenIds.has(allowed)) problems.push(`tokens.${token.name}.accounts: unknown account '${allowed}'`);
    }
  }

  const endpoints = { ...(parsed.aws?.endpoints ?? {}) };
  const ambient = Object.keys(env).filter((key) => key.startsWith('AWS_ENDPOINT_URL'));
  if (mode === 'aws' && ambient.length > 0 && !parsed.aws?.allowAmbientEndpoints) {
    problems.push(
      `${ambient.join(', ')}: ambient AWS endpoint overrides are refused outside sandbox mode; set aws.endpoints or aws.allowAmbientEndpoints: true`,
    );
  }

  const port = envInteger(env, 'PORT', problems) ?? parsed.server?.port ?? 8080;
  if (port > 65535) problems.push(`PORT: ${port} is not a valid port`);
  const logLevel = env.S3API_LOG_LEVEL ?? parsed.logLevel ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) problems.push(`S3API_LOG_LEVEL: unknown level '${logLevel}'`);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    server: {
      host: env.HOST ?? parsed.server?.host ?? '0.0.0.0',
      port,
      drainTimeoutSeconds: parsed.server?.drainTimeoutSeconds ?? 25,
      requestTimeoutSeconds: parsed.server?.requestTimeoutSeconds ?? 120,
      bodyLimitBytes: parsed.server?.bodyLimitBytes ?? 1_048_576,
      corsOrigins: parsed.server?.corsOrigins ?? [],
    },
    logLevel: logLevel as AppConfig['logLevel'],
    prettyLogs: envBoolean(env, 'S3API_PRETTY_LOGS', problems) ?? terminal.isTty ?? false,
    tokens,
    accounts,
    aws: {
      maxAttempts: parsed.aws?.maxAttempts ?? 3,
      connectionTimeoutMs: parsed.aws?.connectionTimeoutMs ?? 3_000,
      requestTimeoutMs: parsed.aws?.requestTimeoutMs ?? 15_000,
      endpoints,
      s3ForcePathStyle: parsed.aws?.s3ForcePathStyle ?? false,
    },
    janitor: {
      enabled: parsed.janitor?.enabled ?? true,
      intervalSeconds: parsed.janitor?.intervalSeconds ?? 1800,
      maxCallsPerRun: parsed.janitor?.maxCallsPerRun ?? 200,
    },
    sandbox: {
      latencyMs: envInteger(env, 'S3API_SANDBOX_LATENCY_MS', problems) ?? parsed.sandbox?.latencyMs ?? 0,
      ...(publicToken ? { publicToken } : {}),
    },
  };
}
