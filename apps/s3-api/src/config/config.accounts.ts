import type { AccountConfig, DomainConfig } from './app-config.js';
import { type AccountSection, DomainSection } from './config.schema.js';
import { type Problems, validateAgainst } from './config.sources.js';
import { DEFAULTS, SANDBOX_DEFAULTS } from './defaults.js';

const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The accounts, fully defaulted. In sandbox mode with no accounts configured, the contract's two
 * sandbox accounts with their website domain and access-log bucket.
 */
export function resolveAccounts(
  sections: readonly AccountSection[] | undefined,
  mode: 'sandbox' | 'aws',
  org: string | undefined,
  problems: Problems,
): AccountConfig[] {
  const builtIn = mode === 'sandbox' && !sections;
  const list = sections ?? (builtIn ? SANDBOX_DEFAULTS.accounts : []);
  if (mode === 'aws' && list.length === 0) problems.push('accounts: at least one account is required outside sandbox mode');
  const accounts = list.map((section, index) => resolveAccount(section, `accounts[${index}]`, { mode, builtIn, org }, problems));
  checkUnique(accounts, problems);
  return accounts;
}

interface Context {
  readonly mode: 'sandbox' | 'aws';
  /** The sandbox's own accounts, which get the sandbox's domain and log bucket. */
  readonly builtIn: boolean;
  readonly org: string | undefined;
}

function resolveAccount(section: AccountSection, path: string, context: Context, problems: Problems): AccountConfig {
  const region = section.region ?? DEFAULTS.accounts.region;
  const accessLog = resolveAccessLog(section, context);
  const allowedRegions = section.allowedRegions ?? [region];
  const otherRegions = allowedRegions.filter((r) => r !== region);
  if (accessLog && otherRegions.length > 0) {
    problems.push(
      `${path}.allowedRegions: S3 delivers access logs only within a region, so buckets in ${otherRegions.join(', ')} cannot log to ${accessLog.bucket} (in ${region}); configure one account entry per region`,
    );
  }
  const boundaryAccount = section.permissionsBoundaryArn?.split(':')[4];
  if (boundaryAccount !== undefined && boundaryAccount !== 'aws' && boundaryAccount !== section.id) {
    problems.push(`${path}.permissionsBoundaryArn: a permissions boundary must be a policy of the account itself (${section.id}) or an AWS managed one`);
  }
  return {
    name: section.name,
    id: section.id,
    region,
    ...(section.roleArn ? { roleArn: section.roleArn } : {}),
    ...(section.externalId ? { externalId: section.externalId } : {}),
    sessionDurationSeconds: section.sessionDurationSeconds ?? DEFAULTS.accounts.sessionDurationSeconds,
    org: section.org ?? context.org ?? '',
    ...(accessLog ? { accessLog } : {}),
    domains: resolveDomains(section, path, context, problems),
    ...(section.bucketAdminActions ? { bucketAdminActions: section.bucketAdminActions } : {}),
    ...(section.cloudFrontActions ? { cloudFrontActions: section.cloudFrontActions } : {}),
    allowedRegions,
    ...(section.permissionsBoundaryArn ? { permissionsBoundaryArn: section.permissionsBoundaryArn } : {}),
    accessModel: section.accessModel ?? DEFAULTS.accounts.accessModel,
  };
}

function resolveDomains(section: AccountSection, path: string, context: Context, problems: Problems): Record<string, DomainConfig> {
  const domains: Record<string, DomainConfig> = {};
  const entries = section.domains ?? (context.builtIn ? { [SANDBOX_DEFAULTS.domain]: {} } : {});
  for (const [domain, value] of Object.entries(entries)) {
    const at = `${path}.domains.${domain}`;
    if (!DOMAIN_NAME.test(domain)) problems.push(`${at}: not a valid lowercase domain name`);
    const d = validateAgainst(DomainSection, value ?? {}, at, problems);
    if (context.mode === 'aws' && (!d.hostedZoneId || !d.certificateArn))
      problems.push(`${at}: hostedZoneId and certificateArn are required outside sandbox mode`);
    // In sandbox mode the sandbox creates the zone and the certificate and fills these in.
    domains[domain] = { hostedZoneId: d.hostedZoneId ?? '', certificateArn: d.certificateArn ?? '' };
  }
  return domains;
}

function resolveAccessLog(section: AccountSection, context: Context): AccountConfig['accessLog'] {
  const log = section.accessLog ?? (context.builtIn ? SANDBOX_DEFAULTS.accessLog : undefined);
  if (!log) return undefined;
  return {
    bucket: log.bucket.replaceAll('{account_id}', section.id).replaceAll('{account}', section.name),
    prefix: (log.prefix ?? '').replace(/^\/+|\/+$/g, ''),
  };
}

function checkUnique(accounts: readonly AccountConfig[], problems: Problems): void {
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const account of accounts) {
    if (names.has(account.name)) problems.push(`accounts: duplicate account name '${account.name}'`);
    if (ids.has(account.id)) problems.push(`accounts: duplicate account id '${account.id}'`);
    names.add(account.name);
    ids.add(account.id);
  }
}
