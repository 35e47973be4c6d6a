import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsSandbox } from './sandbox.js';

const ACCOUNT = '111111111111';
const BUCKET = 'sandbox-bench-bucket';

/**
 * How many HeadBucket calls per second a real S3Client completes through the sandbox with no
 * latency: the ceiling of the emulator itself, for the benchmark runner.
 */
export async function measureSandboxCallRate({ durationMs }: { durationMs: number }): Promise<{ callsPerSecond: number; calls: number }> {
  const sandbox = new AwsSandbox({ latencyMs: 0 });
  sandbox.createBucket(ACCOUNT, BUCKET);
  const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'SANDBOX', secretAccessKey: 'sandbox' }, maxAttempts: 1 });
  s3.middlewareStack.use(sandbox.plugin(ACCOUNT));
  try {
    const command = new HeadBucketCommand({ Bucket: BUCKET });
    const started = performance.now();
    let calls = 0;
    while (performance.now() - started < durationMs) {
      await s3.send(command);
      calls += 1;
    }
    const elapsed = performance.now() - started;
    return { callsPerSecond: (calls * 1000) / elapsed, calls };
  } finally {
    s3.destroy();
  }
}
