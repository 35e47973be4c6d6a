import type { Registry } from 'prom-client';
import type { AwsSandbox } from '#aws-sandbox';
import type { AwsAccount } from '../accounts/aws-account.js';

export type AwsService = 's3' | 's3control' | 'iam' | 'cloudfront' | 'route53' | 'sts' | 'tagging';

export interface AwsModuleOptions {
  readonly accounts: readonly AwsAccount[];
  /** The application's metrics registry, where the AWS call metrics go. */
  readonly metrics: Registry;
  readonly aws: {
    readonly maxAttempts: number;
    readonly connectionTimeoutMs: number;
    /** Budget of one attempt of one AWS call; a hung call becomes a timeout error after it. */
    readonly requestTimeoutMs: number;
    readonly endpoints: Readonly<Partial<Record<AwsService, string>>>;
    readonly s3ForcePathStyle: boolean;
    /** Delay before retry `attempt` (tests shorten it); the SDK's standard backoff otherwise. */
    readonly retryDelayMs?: (attempt: number) => number;
  };
  /** In-process emulator: every client gets its plugin, and no real AWS is reachable. */
  readonly sandbox?: AwsSandbox;
  /**
   * Whom the base credentials stand for in the emulator: by default the service's own role
   * (SANDBOX_ROLE, with the shipped policy); `root` is the account's root user, the tests' own view of AWS.
   */
  readonly sandboxIdentity?: 'service' | 'root';
  /** How this application's calls are labelled in the sandbox (tests tell replicas apart by it). */
  readonly sandboxCaller?: string;
  /** AWS's time: for credential expiry and for the age of what the service made (the sandbox's clock in sandbox mode). */
  readonly now?: () => number;
}

export const AWS_OPTIONS = Symbol('AWS_OPTIONS');
