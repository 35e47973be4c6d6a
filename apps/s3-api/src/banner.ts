import type { AppConfig, TokenSource } from './config/app-config.js';
import { DOCS_PATH } from './app.setup.js';

/** Addresses that mean "this machine": a browser reaches them as localhost. */
const LOCAL_HOSTS = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', '']);

/** Where a browser on this machine opens the API docs. */
export function docsUrl(host: string, port: number): string {
  const name = LOCAL_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/${DOCS_PATH}`;
}

/** Which token to send, told truthfully: only the sandbox's well-known token is ever shown. */
function tokenHint(source: TokenSource): string {
  switch (source.kind) {
    case 'sandbox-default':
      return `the token ${source.token}`;
    case 'variable':
      return source.name === 'S3API_TOKEN' ? 'the token in S3API_TOKEN' : 'a token whose SHA-256 digest is in S3API_TOKENS';
    case 'file':
      return `a token whose SHA-256 digest is under tokens in ${source.path}`;
  }
}

/**
 * The last line the server prints on start: where to click and which token to use, on one line so
 * that it stays in sight in a terminal (and every part of it is true for this configuration).
 */
export function startupBanner(config: AppConfig, port: number): string {
  const where = `${docsUrl(config.server.host, port)} with ${tokenHint(config.tokenSource)}`;
  const accounts = config.accounts.map((account) => account.name).join(', ');
  return config.mode === 'sandbox'
    ? `SANDBOX MODE: no real AWS is touched, everything lives in memory (accounts ${accounts}). Try the API at ${where}`
    : `s3-api is serving the AWS accounts ${accounts}. API docs: ${where}`;
}
