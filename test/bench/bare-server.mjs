// The baseline: a bare Fastify server answering what our server answers, with nothing else.
import Fastify from 'fastify';

const showBody = {
  Tags: [{ Key: 'Application', Value: 'bench' }],
  SystemTags: [
    { Key: 's3-api:org', Value: 'sandbox' },
    { Key: 's3-api:managed-by', Value: 's3-api' },
  ],
  Logging: { TargetBucket: 's3-api-access-logs-111111111111', TargetGrants: null, TargetPrefix: 's3/bench-bucket/' },
  Empty: true,
  Region: 'us-east-1',
  Encryption: 'AES256',
  PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
};
const app = Fastify({ logger: false });
app.get('/v1/s3/ping', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('pong'));
app.get('/v1/s3/:account/buckets/:bucket', async () => showBody);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
