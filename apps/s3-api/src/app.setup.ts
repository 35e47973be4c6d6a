import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Histogram } from 'prom-client';
import { type AwsModuleOptions, prepareSandbox } from '#aws';
import type { AwsSandbox } from '#aws-sandbox';
import { AccessLog } from './access-log.js';
import { AppModule } from './app.module.js';
import { auditResponse } from './common/audit.js';
import type { AppConfig } from './config/app-config.js';
import metadata from './generated/metadata.js';
import { createLogger } from './logging.js';
import { buildOpenApiDocument } from './openapi/openapi.document.js';
import { HTTP_DURATION_METRIC } from './system/http-metrics.js';

export const API_PREFIX = 'v1/s3';
export const DOCS_PATH = `${API_PREFIX}/docs`;

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface AppOptions {
  readonly config: AppConfig;
  /** A sandbox to run on (tests pass their own to control and inspect it); made for sandbox mode otherwise. */
  readonly sandbox?: AwsSandbox;
  readonly logLevel?: AppConfig['logLevel'];
  readonly logDestination?: DestinationStream;
  readonly backgroundTasks?: boolean;
  /** Test hooks: shorter retry delays, a controllable clock for credential expiry. */
  readonly awsOverrides?: Pick<AwsModuleOptions['aws'], 'retryDelayMs'> & Pick<AwsModuleOptions, 'now'>;
}

/** Builds the whole application, ready to init() or listen(); used by main, the tests and the tools. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const { config, sandbox } =
    options.config.mode === 'sandbox' ? prepareSandbox(options.config, options.sandbox) : { config: options.config, sandbox: undefined };
  const logger = createLogger(config, {
    ...(options.logLevel ? { level: options.logLevel } : {}),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new AccessLog(),
    // The error handler below replaces Nest's on purpose: one error body for Fastify's errors too.
    allowErrorHandlerOverride: true,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: config.server.bodyLimitBytes,
    // The overall budget of a request; multi-step work past it still finishes or is undone in the background.
    handlerTimeout: config.server.requestTimeoutSeconds * 1000,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({
      config,
      logger,
      ...(sandbox ? { sandbox } : {}),
      backgroundTasks: options.backgroundTasks ?? true,
      ...(options.awsOverrides ? { awsOverrides: options.awsOverrides } : {}),
    }),
    adapter,
    { bufferLogs: true, abortOnError: false },
  );
  await configureApp(app, config);
  return app;
}

/** Prefix, logging, CORS, request ids, HTTP metrics, error handling and the API docs. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);

  const fastify = app.getHttpAdapter().getInstance();
  const duration = app.get<Histogram<'method' | 'route' | 'status'>>(getToken(HTTP_DURATION_METRIC));
  // On every reply, whoever sends it: CORS preflights are answered before any request hook of ours.
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });
  // No origin allowed by default: then there is nothing for CORS to do on any request.
  if (config.server.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.server.corsOrigins],
      allowedHeaders: ['X-Auth-Token', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  fastify.addHook('onResponse', async (request, reply) => {
    // Route templates keep the label set bounded; anything unmatched shares one label.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    auditResponse(request, reply);
  });

  await SwaggerModule.loadPluginMetadata(metadata);
  const sandboxToken = config.mode === 'sandbox' ? config.sandbox.publicToken : undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, sandboxToken ? { sandboxToken } : {}), {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
    customSiteTitle: 's3-api',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true, tryItOutEnabled: false },
  });
}
