// Baseline: a minimal Nest app on platform-fastify with an access log (nestjs-pino, one line per
// request), answering GET /v1/s3/ping. What any Nest service with an access log pays per request.
import 'reflect-metadata';
import { Controller, Get, Header, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LoggerModule } from 'nestjs-pino';

class PingController {
  ping() {
    return 'pong';
  }
}
const ping = Object.getOwnPropertyDescriptor(PingController.prototype, 'ping');
Header('Content-Type', 'text/plain; charset=utf-8')(PingController.prototype, 'ping', ping);
Get('ping')(PingController.prototype, 'ping', ping);
Controller('v1/s3')(PingController);

class AppModule {}
// nestjs-pino's default route pattern ('{/*splat}') matches no route on this Nest version's Fastify
// adapter, so its middleware would never run: '*' covers every route.
Module({ imports: [LoggerModule.forRoot({ forRoutes: ['*'] })], controllers: [PingController] })(AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.send?.('ready');
