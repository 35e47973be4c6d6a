import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Gauge, Histogram } from 'prom-client';
import { type AwsModuleOptions, prepareSandbox } from '#aws';
import type { AwsSandbox } from '#aws-sandbox';
import { AccessLog } from './access-log.js';
import { AppModule } from './app.module.js';
import { Authenticator } from './common/authenticator.js';
import { answerClientError, sendError } from './common/error.filter.js';
import { NEXT_TOKEN_HEADER } from './common/pagination.js';
import { installRequestPath } from './common/request-path.js';
import { declareRoutePolicies, PUBLIC_ROUTE } from './common/route-policy.js';
import type { AppConfig } from './config/app-config.js';
import metadata from './generated/metadata.js';
import { AppLogger, createLogger, withStartupAtDebug } from './logging.js';
import { buildOpenApiDocument } from './openapi/openapi.document.js';
import { HTTP_DURATION_METRIC, HTTP_IN_FLIGHT_METRIC } from './system/http-metrics.js';

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
  readonly awsOverrides?: Pick<AwsModuleOptions['aws'], 'retryDelayMs'> & Pick<AwsModuleOptions, 'now' | 'sandboxCaller'>;
}

/** Builds the whole application, ready to init() or listen(); used by main, the tests and the tools. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const { config, sandbox } =
    options.config.mode === 'sandbox' ? await prepareSandbox(options.config, options.sandbox) : { config: options.config, sandbox: undefined };
  // Only the sandbox evaluates IAM policies: AWS mode never loads the evaluator.
  const evaluatorReady = sandbox?.warmUp();
  const logger = createLogger(config, {
    ...(options.logLevel ? { level: options.logLevel } : {}),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const authenticator = new Authenticator(config);
  const { server } = config;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // No Nest middleware: the request's logging context is set in a Fastify hook (see installRequestPath).
    skipMiddie: true,
    logController: new AccessLog(config.logProbes),
    // The error handler below replaces Nest's on purpose: one error body for Fastify's errors too.
    allowErrorHandlerOverride: true,
    // A client's id is echoed only when it is plainly an id: never one of the tokens sent by mistake.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && SANE_REQUEST_ID.test(given) && !authenticator.isToken(given) ? given : randomUUID();
    },
    bodyLimit: server.bodyLimitBytes,
    // The overall budget of a request; multi-step work past it still finishes or is undone in the background.
    handlerTimeout: server.requestTimeoutSeconds * 1000,
    // Slow clients: headers, then the whole request (headers and body), must arrive in time; an idle
    // keep-alive connection is closed. Node checks these limits once a second (its default: 30 s).
    http: { headersTimeout: server.headersTimeoutSeconds * 1000, connectionsCheckingInterval: 1000 },
    requestTimeout: server.bodyTimeoutSeconds * 1000,
    keepAliveTimeout: server.keepAliveTimeoutSeconds * 1000,
    // A connection silent for longer than any request may take (a client that stopped reading).
    connectionTimeout: (server.requestTimeoutSeconds + server.bodyTimeoutSeconds) * 1000,
    // Routing errors (a bad URL, an over-long path segment) and Node's parser errors get the error body too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendError(request, reply, error),
    clientErrorHandler: answerClientError,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({
      config,
      ...(sandbox ? { sandbox } : {}),
      backgroundTasks: options.backgroundTasks ?? true,
      ...(options.awsOverrides ? { awsOverrides: options.awsOverrides } : {}),
    }),
    adapter,
    // JSON only: a form-encoded body (`curl -d` without a content type) is a 415, not a body of odd field names.
    // New requests are refused (503) from the start of a shutdown, while the drain waits for the running work:
    // Fastify's own return503OnClosing starts only when the server closes, after the drain.
    { bufferLogs: true, abortOnError: false, bodyParser: false, return503OnClosing: true },
  );
  await evaluatorReady;
  app.useLogger(withStartupAtDebug(new AppLogger(logger)));
  await configureApp(app, config, authenticator);
  return app;
}

/** Prefix, logging, the request path, CORS, HTTP metrics and the API docs. */
async function configureApp(app: NestFastifyApplication, config: AppConfig, authenticator: Authenticator): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  declareRoutePolicies(app);

  const fastify = app.getHttpAdapter().getInstance();
  const duration = app.get<Histogram<'method' | 'route' | 'status'>>(getToken(HTTP_DURATION_METRIC));
  const inFlight = app.get<Gauge>(getToken(HTTP_IN_FLIGHT_METRIC));
  installRequestPath(fastify, { authenticator, duration, inFlight, docsPath: `/${DOCS_PATH}` });
  // No origin allowed by default: then there is nothing for CORS to do on any request.
  if (config.server.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.server.corsOrigins],
      allowedHeaders: ['X-Auth-Token', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', NEXT_TOKEN_HEADER],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  const toDocs = (_request: unknown, reply: FastifyReply): FastifyReply => reply.redirect(`/${DOCS_PATH}`);
  for (const url of ['/', `/${API_PREFIX}`, `/${API_PREFIX}/`]) fastify.get(url, { config: PUBLIC_ROUTE }, toDocs);

  await SwaggerModule.loadPluginMetadata(metadata);
  const { tokenSource } = config;
  const sandbox =
    config.mode === 'sandbox'
      ? {
          ...(tokenSource.kind === 'sandbox-default' ? { token: tokenSource.token } : {}),
          accounts: config.accounts.map((account) => account.name),
          domains: [...new Set(config.accounts.flatMap((account) => Object.keys(account.domains)))],
        }
      : undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, sandbox ? { sandbox } : {}), {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
    customSiteTitle: 's3-api',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true, tryItOutEnabled: false },
  });
}
