import { HeadBucketCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { AwsSandbox, ManualClock } from '#aws-sandbox';
import type { AwsAccount } from '../accounts/aws-account.js';
import { translateAwsError } from '../errors/translate-aws-error.js';
import { grantServicePolicy } from '../sandbox/prepare-sandbox.js';
import type { AwsModuleOptions } from './aws-options.js';
import { sandboxClientFactory, testAccount } from '../../../../test/support/unit.js';

const account = (overrides: Partial<AwsAccount> = {}): AwsAccount => testAccount({ name: 'prod', id: '123456789012', org: 'acme', ...overrides });

function factory(sandbox: AwsSandbox, options: Partial<AwsModuleOptions['aws']> = {}, now?: () => number) {
  const { factory: f, registry } = sandboxClientFactory(sandbox, { maxAttempts: 2, retryDelayMs: () => 1, ...options }, now);
  return { f, registry };
}

describe('AwsClientFactory', () => {
  it('builds one client per service, account and region, and reuses it', () => {
    const { f } = factory(new AwsSandbox());
    const a = account();
    expect(f.client('s3', a)).toBe(f.client('s3', a));
    expect(f.client('s3', a, 'eu-west-1')).not.toBe(f.client('s3', a));
    expect(f.client('iam', a, 'eu-west-1')).toBe(f.client('iam', a)); // global service: always us-east-1
  });

  it("leaves out the SDK's logging middleware, whose logger discards everything", () => {
    const { f } = factory(new AwsSandbox());
    for (const service of ['s3', 'iam', 'cloudfront', 'route53', 'sts'] as const) {
      expect(f.client(service, account()).middlewareStack.identify(), service).not.toContainEqual(expect.stringMatching(/^loggerMiddleware /));
    }
  });

  it('assumes the role once for 100 concurrent requests, and shares the credentials across clients', async () => {
    const sandbox = new AwsSandbox();
    const { f } = factory(sandbox);
    const a = account({ roleArn: 'arn:aws:iam::123456789012:role/s3-api' });
    grantServicePolicy(sandbox, a);
    await f.client('s3', a).send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
    sandbox.calls.reset();
    const fresh = factory(sandbox).f;
    await Promise.all(Array.from({ length: 100 }, () => fresh.client('s3', a).send(new HeadBucketCommand({ Bucket: 'bucket-one' }))));
    await fresh.client('iam', a).config.credentials();
    expect(sandbox.calls.count({ service: 'sts', operation: 'AssumeRole' })).toBe(1);
    expect(sandbox.calls.count({ service: 's3', operation: 'HeadBucket' })).toBe(100);
  });

  it('refreshes assumed-role credentials before they expire', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const sandbox = new AwsSandbox({ clock });
    const { f } = factory(sandbox, {}, () => clock.now());
    const a = account({ roleArn: 'arn:aws:iam::123456789012:role/s3-api', sessionDurationSeconds: 3600 });
    grantServicePolicy(sandbox, a);
    const credentials = f.credentials(a);
    const first = await credentials();
    clock.advance(30 * 60_000);
    expect(await credentials()).toBe(first);
    clock.advance(26 * 60_000); // 4 minutes before expiry: inside the refresh margin
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(sandbox.calls.count({ operation: 'AssumeRole' })).toBe(2);
  });

  it('turns a hung call into a timeout error once each attempt has waited the configured time, on the test clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const sandbox = new AwsSandbox();
      const { f } = factory(sandbox, { requestTimeoutMs: 50, maxAttempts: 2 });
      sandbox.faults.add({ operation: 'HeadBucket', error: 'hang' });
      let error: unknown;
      void f
        .client('s3', account())
        .send(new HeadBucketCommand({ Bucket: 'x' }))
        .catch((e: unknown) => (error = e));
      const attempts = () => sandbox.calls.count({ operation: 'HeadBucket' });
      // The attempt's timer starts before the call reaches the sandbox; loading the client's code takes no test time.
      while (attempts() < 1) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(49);
      expect([attempts(), error]).toEqual([1, undefined]);
      // The first attempt times out at 50 ms; the retry comes after its 1 ms delay.
      for (let ms = 0; attempts() < 2 && ms < 10; ms++) await vi.advanceTimersByTimeAsync(1);
      expect(attempts()).toBe(2);
      await vi.advanceTimersByTimeAsync(47);
      expect(error).toBeUndefined();
      await vi.advanceTimersByTimeAsync(3);
      expect(translateAwsError(error, { service: 's3', operation: 'HeadBucket' })).toMatchObject({ kind: 'timeout', code: 'AwsTimeout' });
      expect(attempts()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts and times every call by service, operation and outcome', async () => {
    const sandbox = new AwsSandbox();
    const { f, registry } = factory(sandbox);
    const a = account();
    grantServicePolicy(sandbox, a);
    await f.client('s3', a).send(new CreateBucketCommand({ Bucket: 'metrics-bucket' }));
    await f
      .client('s3', a)
      .send(new HeadBucketCommand({ Bucket: 'missing-bucket' }))
      .catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain('s3api_aws_calls_total{service="s3",operation="CreateBucket",outcome="success"} 1');
    expect(text).toContain('s3api_aws_calls_total{service="s3",operation="HeadBucket",outcome="client_error"} 1');
    expect(text).toContain('s3api_aws_call_duration_seconds_count{service="s3",operation="CreateBucket",outcome="success"} 1');
  });
});
