import type { AwsSandbox } from '#aws-sandbox';
import type { AwsAccount } from '../accounts/aws-account.js';

export type AwsService = 's3' | 'iam' | 'cloudfront' | 'route53' | 'sts';

export interface AwsModuleOptions {
  readonly accounts: readonly AwsAccount[];
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
  /** Clock for credential expiry (tests move it). */
  readonly now?: () => number;
}

export const AWS_OPTIONS = Symbol('AWS_OPTIONS');
