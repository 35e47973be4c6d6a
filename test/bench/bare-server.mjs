// Reference: a bare Fastify server answering GET /v1/s3/ping, with nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/v1/s3/ping', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('pong'));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
