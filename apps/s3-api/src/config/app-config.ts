import type { AwsAccount, AwsDomain } from '#aws';
import type { LogLevel } from './defaults.js';

/** An account as the configuration describes it: exactly what the AWS layer works with. */
export type AccountConfig = AwsAccount;
export type DomainConfig = AwsDomain;

export interface TokenConfig {
  readonly name: string;
  /** Lowercase hex SHA-256 digest of the token. */
  readonly sha256: string;
  /** Account names and ids this token may use; undefined means every account. */
  readonly accounts?: readonly string[];
}

/**
 * Where the accepted tokens come from, for the start-up banner: the sandbox's well-known token (the
 * only one ever shown), a variable, or the configuration file.
 */
export type TokenSource =
  | { readonly kind: 'sandbox-default'; readonly token: string }
  | { readonly kind: 'variable'; readonly name: 'S3API_TOKEN' | 'S3API_TOKENS' }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The validated, fully defaulted configuration. Built once at start-up by loadConfig(); the only
 * object in the application that knows about process.env.
 */
export abstract class AppConfig {
  abstract readonly mode: 'sandbox' | 'aws';
  abstract readonly server: {
    readonly host: string;
    readonly port: number;
    readonly drainTimeoutSeconds: number;
    readonly requestTimeoutSeconds: number;
    readonly bodyLimitBytes: number;
    readonly headersTimeoutSeconds: number;
    readonly bodyTimeoutSeconds: number;
    readonly keepAliveTimeoutSeconds: number;
    readonly corsOrigins: readonly string[];
  };
  abstract readonly logLevel: LogLevel;
  /** Whether successful probes (ping, health) get an access-log line. */
  abstract readonly logProbes: boolean;
  /** Pretty, human-readable logs (a terminal); JSON otherwise. */
  abstract readonly prettyLogs: boolean;
  abstract readonly tokens: readonly TokenConfig[];
  abstract readonly tokenSource: TokenSource;
  abstract readonly accounts: readonly AccountConfig[];
  abstract readonly aws: {
    readonly maxAttempts: number;
    readonly connectionTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly endpoints: Readonly<Partial<Record<'s3' | 's3control' | 'iam' | 'cloudfront' | 'route53' | 'sts' | 'tagging', string>>>;
    readonly s3ForcePathStyle: boolean;
  };
  abstract readonly reconciler: { readonly enabled: boolean; readonly intervalSeconds: number; readonly maxCallsPerRun: number; readonly graceSeconds: number };
  abstract readonly sandbox: {
    readonly latencyMs: number;
    /** AWS's eventual consistency: IAM read lag, S3 create/delete and Block Public Access propagation. */
    readonly realism: boolean;
  };
}
