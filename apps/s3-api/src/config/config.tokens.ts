import { createHash } from 'node:crypto';
import type { TokenConfig, TokenSource } from './app-config.js';
import { ConfigFile, type TokenSection } from './config.schema.js';
import { type Env, envJson, type Problems, validateAgainst } from './config.sources.js';
import { SANDBOX_DEFAULTS } from './defaults.js';

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export interface Tokens {
  readonly tokens: TokenConfig[];
  readonly source: TokenSource;
}

/**
 * S3API_TOKENS (JSON) replaces the file's list; in sandbox mode with no list, S3API_TOKEN is the
 * token itself, or the well-known sandbox token when unset.
 */
export function resolveTokens(fileTokens: readonly TokenSection[] | undefined, env: Env, mode: 'sandbox' | 'aws', problems: Problems): Tokens {
  const listed = fromEnv(env, problems);
  const sections = listed ?? fileTokens ?? [];
  let source: TokenSource =
    listed !== undefined ? { kind: 'variable', name: 'S3API_TOKENS' } : { kind: 'file', path: env.S3API_CONFIG ?? '(no configuration file)' };
  const tokens: TokenConfig[] = sections.map((t) => ({
    name: t.name,
    sha256: String(t.sha256).toLowerCase(),
    ...(t.accounts ? { accounts: t.accounts } : {}),
  }));
  if (mode === 'sandbox' && tokens.length === 0) {
    const chosen = env.S3API_TOKEN;
    source = chosen ? { kind: 'variable', name: 'S3API_TOKEN' } : { kind: 'sandbox-default', token: SANDBOX_DEFAULTS.token.value };
    tokens.push({ name: SANDBOX_DEFAULTS.token.name, sha256: sha256Hex(chosen || SANDBOX_DEFAULTS.token.value) });
  } else if (env.S3API_TOKEN && mode !== 'sandbox') {
    problems.push('S3API_TOKEN: only used in sandbox mode; configure token digests under tokens or S3API_TOKENS');
  }
  if (mode === 'aws' && tokens.length === 0) problems.push('tokens: at least one token is required outside sandbox mode');
  const names = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name)) problems.push(`tokens: duplicate token name '${token.name}'`);
    names.add(token.name);
  }
  return { tokens, source };
}

function fromEnv(env: Env, problems: Problems): TokenSection[] | undefined {
  const listed = envJson(env, 'S3API_TOKENS', problems);
  if (listed === undefined) return undefined;
  const wrapped = validateAgainst(ConfigFile, { tokens: listed }, 'S3API_TOKENS', problems);
  if (!Array.isArray(listed)) problems.push('S3API_TOKENS: must be a JSON array of {name, sha256, accounts?}');
  return wrapped.tokens ?? [];
}

/** A token may name only accounts that exist. */
export function checkTokenAccounts(tokens: readonly TokenConfig[], known: ReadonlySet<string>, problems: Problems): void {
  for (const token of tokens) {
    for (const allowed of token.accounts ?? []) {
      if (!known.has(allowed)) problems.push(`tokens.${token.name}.accounts: unknown account '${allowed}'`);
    }
  }
}
