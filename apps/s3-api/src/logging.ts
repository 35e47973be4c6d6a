import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config/app-config.js';

/** Paths that may hold a credential: censored wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'headers["x-auth-token"]',
  '*.headers["x-auth-token"]',
  'SecretAccessKey',
  '*.SecretAccessKey',
  '*.*.SecretAccessKey',
  'secretAccessKey',
  '*.secretAccessKey',
  '*.*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  '*.*.sessionToken',
  'token',
  '*.token',
];

export interface LoggerOptions {
  readonly level?: AppConfig['logLevel'];
  /** Where log lines go (tests capture them); stdout by default. */
  readonly destination?: DestinationStream;
}

/** One pino logger for Fastify's request logs and Nest's own: JSON, or readable in a terminal. */
export function createLogger(config: AppConfig, options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    base: { service: 's3-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (config.prettyLogs)
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } });
  return pino(base);
}

/** Nest's start-up chatter: a line per module and per route, which would bury the banner in a terminal. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's logger with its start-up lines (modules loaded, routes mapped) at debug instead of info. */
export function withStartupAtDebug(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...params: unknown[]) =>
      STARTUP_CONTEXTS.has(params.at(-1) as string) ? logger.debug?.(message, ...params) : logger.log(message, ...params),
    error: (message: unknown, ...params: unknown[]) => logger.error(message, ...params),
    warn: (message: unknown, ...params: unknown[]) => logger.warn(message, ...params),
    debug: (message: unknown, ...params: unknown[]) => logger.debug?.(message, ...params),
    verbose: (message: unknown, ...params: unknown[]) => logger.verbose?.(message, ...params),
    fatal: (message: unknown, ...params: unknown[]) => logger.fatal?.(message, ...params),
  };
}
