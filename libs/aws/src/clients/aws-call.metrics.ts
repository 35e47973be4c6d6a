import type { FactoryProvider } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';
import { AWS_OPTIONS, type AwsModuleOptions } from './aws-options.js';

export const AWS_CALLS_METRIC = 's3api_aws_calls_total';
export const AWS_CALL_DURATION_METRIC = 's3api_aws_call_duration_seconds';

const labelNames = ['service', 'operation', 'outcome'] as const;

/** In the application's registry, which the module options carry. */
export const awsCallMetricProviders: FactoryProvider[] = [
  {
    provide: getToken(AWS_CALLS_METRIC),
    inject: [AWS_OPTIONS],
    useFactory: (options: AwsModuleOptions) =>
      new Counter({
        name: AWS_CALLS_METRIC,
        help: 'AWS API calls by service, operation and outcome (retries included in one call)',
        labelNames,
        registers: [options.metrics],
      }),
  },
  {
    provide: getToken(AWS_CALL_DURATION_METRIC),
    inject: [AWS_OPTIONS],
    useFactory: (options: AwsModuleOptions) =>
      new Histogram({
        name: AWS_CALL_DURATION_METRIC,
        help: 'AWS API call duration in seconds, retries included',
        labelNames,
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [options.metrics],
      }),
  },
];

/** A small, bounded outcome label: never the raw AWS message or an id. */
export function callOutcome(error: unknown): string {
  if (error === undefined) return 'success';
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'TimeoutError') return 'timeout';
  if (/Throttl|SlowDown|TooMany|LimitExceeded|PriorRequestNotComplete/.test(e.name ?? '')) return 'throttled';
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'server_error';
  if (status !== undefined && status >= 400) return 'client_error';
  return 'error';
}
