// Baseline: a bare Fastify route making the AWS SDK calls of a bucket show through the sandbox and
// answering their outputs: what the SDK costs, without the service. Fair to the service: the same
// sandbox as the service's (prepared as `npm start` prepares it), the same bucket (made by replaying
// the service's own S3 calls, SETUP_CALLS), the same calls with the same inputs, all at once
// (SHOW_CALLS, recorded from the service by the benchmark; each must answer as it answered the
// service), the same client settings, and the same identity: the service's role with the shipped
// policy, whose authorization the sandbox evaluates on every call.
// SDK_CLIENT=no-logger removes the SDK's logging middleware, as the service does; SDK_CLIENT=resolved
// does that and sends through the service's `sendResolvingOnce` (each command class's middleware stack
// resolved once), its change to the SDK's per-call cost; SDK_CLIENT=cache builds the client with
// `cacheMiddleware: true`, which the service does not use (it shares one context among a command
// class's calls); SDK_CLIENT=service
// takes the client from the service's own AwsClientFactory (its attempt timeout and call metrics
// included), so that what the service costs beyond it is its request path alone.
import 'reflect-metadata';
import Fastify from 'fastify';
import * as s3Commands from '@aws-sdk/client-s3';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { loadConfig } = await import(dist('apps/s3-api/src/config/config.loader.js'));
const { prepareSandbox, SANDBOX_ROLE } = await import(dist('libs/aws/src/index.js'));
const { config, sandbox } = await prepareSandbox(loadConfig({}));
const account = config.accounts[0];
const command = ({ operation, input }) => new s3Commands[`${operation}Command`](input);

/** An S3 client as the service builds one in sandbox mode (aws-client.factory.ts), without what the service adds to it. */
const client = (options = {}) =>
  new s3Commands.S3Client({
    region: account.region,
    credentials: async () => ({ accessKeyId: 'SANDBOXACCESSKEY', secretAccessKey: 'sandbox-secret-not-a-real-key' }),
    maxAttempts: config.aws.maxAttempts,
    retryMode: 'standard',
    forcePathStyle: config.aws.s3ForcePathStyle,
    ...options,
  });

// The bucket is made at once (no propagation delay), then the sandbox is as realistic as the service's.
sandbox.setPropagation({});
const root = client();
root.middlewareStack.use(sandbox.plugin(account.id));
for (const call of JSON.parse(process.env.SETUP_CALLS)) await root.send(command(call));
if (config.sandbox.realism) sandbox.setPropagation('aws');

/** The S3 client the service's AwsClientFactory builds for the account, with the metrics the service registers. */
async function serviceClient() {
  const { AwsClientFactory } = await import(dist('libs/aws/src/index.js'));
  const { awsCallMetricProviders } = await import(dist('libs/aws/src/clients/aws-call.metrics.js'));
  const { Registry } = await import('prom-client');
  const options = { accounts: config.accounts, metrics: new Registry(), aws: config.aws, sandbox, now: () => sandbox.clock.now() };
  const [calls, duration] = awsCallMetricProviders.map((provider) => provider.useFactory(options));
  return new AwsClientFactory(options, calls, duration).client('s3', account);
}

let s3;
if (process.env.SDK_CLIENT === 'service') s3 = await serviceClient();
else {
  s3 = client(process.env.SDK_CLIENT === 'cache' ? { cacheMiddleware: true } : {});
  if (process.env.SDK_CLIENT === 'no-logger' || process.env.SDK_CLIENT === 'resolved') s3.middlewareStack.remove('loggerMiddleware');
  s3.middlewareStack.use(sandbox.plugin(account.id, { role: SANDBOX_ROLE }));
  if (process.env.SDK_CLIENT === 'resolved') {
    const { sendResolvingOnce } = await import(dist('libs/aws/src/clients/resolved-stacks.js'));
    s3.send = sendResolvingOnce(s3);
  }
}

const calls = JSON.parse(process.env.SHOW_CALLS);
const show = () => Promise.all(calls.map((call) => s3.send(command(call)).catch((error) => ({ error: error.name }))));
const outcomes = (await show()).map((output) => output.error ?? 'ok');
const expected = calls.map((call) => (call.outcome === 'ok' ? 'ok' : call.errorName));
if (outcomes.join() !== expected.join()) throw new Error(`the bare route's calls answer ${outcomes.join()}, the service's ${expected.join()}`);

const app = Fastify({ logger: false });
app.get('/v1/s3/:account/buckets/:bucket', async () => {
  const outputs = await show();
  return Object.fromEntries(outputs.map((output, i) => [calls[i].operation, { ...output, $metadata: undefined }]));
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
