// Baseline: a bare Fastify route making the AWS SDK calls of a bucket show through the sandbox (the
// same commands with the same inputs, all at once: SHOW_CALLS, recorded from the service by the
// benchmark) and answering their outputs: what the SDK costs, without the service.
// SDK_CLIENT=no-logger removes the SDK's logging middleware, as the service does; SDK_CLIENT=cache
// builds the client with `cacheMiddleware: true`, which the service does not use.
import Fastify from 'fastify';
import * as s3Commands from '@aws-sdk/client-s3';

const dist = new URL('../../dist/libs/aws-sandbox/src/index.js', import.meta.url);
const { AwsSandbox } = await import(dist.href);
const ACCOUNT = '111111111111';
const calls = JSON.parse(process.env.SHOW_CALLS).map(({ operation, input }) => ({ Command: s3Commands[`${operation}Command`], input }));
const sandbox = new AwsSandbox({ latencyMs: 0 });
sandbox.createBucket(ACCOUNT, 'bench-bucket');
const s3 = new s3Commands.S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'SANDBOXACCESSKEY', secretAccessKey: 'sandbox-secret' },
  maxAttempts: 3,
  retryMode: 'standard',
  followRegionRedirects: true,
  ...(process.env.SDK_CLIENT === 'cache' ? { cacheMiddleware: true } : {}),
});
if (process.env.SDK_CLIENT === 'no-logger') s3.middlewareStack.remove('loggerMiddleware');
s3.middlewareStack.use(sandbox.plugin(ACCOUNT));
await s3.send(new s3Commands.PutBucketTaggingCommand({ Bucket: 'bench-bucket', Tagging: { TagSet: [{ Key: 'Application', Value: 'bench' }] } }));

const app = Fastify({ logger: false });
app.get('/v1/s3/:account/buckets/:bucket', async (request) => {
  const Bucket = request.params.bucket;
  const outputs = await Promise.all(calls.map(({ Command, input }) => s3.send(new Command({ ...input, Bucket })).catch((error) => ({ error: error.name }))));
  return Object.fromEntries(outputs.map((output, i) => [calls[i].Command.name, { ...output, $metadata: undefined }]));
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
