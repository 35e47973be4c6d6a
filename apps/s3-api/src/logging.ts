import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config/app-config.js';

/** Field names that may hold a credential: their values are censored wherever a log line carries them. */
const SECRET_FIELDS = new Set(['x-auth-token', 'authorization', 'SecretAccessKey', 'secretAccessKey', 'sessionToken', 'token']);
const CENSOR = '[REDACTED]';
/** How deep a log line is searched: a response body nested in a result (`result.AccessKey.SecretAccessKey`) and a header (`req.headers.authorization`) are within reach. */
const SCAN_DEPTH = 4;

/**
 * A log line's fields with every secret-named value censored, copying only what holds one: most
 * lines hold none and are returned as they are. A bounded scan of own keys, where pino's path-based
 * redaction re-parsed its paths and cloned every line.
 */
export function censorSecrets<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth >= SCAN_DEPTH || ArrayBuffer.isView(value)) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, field] of entries) {
    const censored = typeof key === 'string' && SECRET_FIELDS.has(key) ? CENSOR : censorSecrets(field, depth + 1);
    if (censored === field) continue;
    copy ??= cloneOf(value);
    (copy as Record<string | number, unknown>)[key] = censored;
  }
  return (copy ?? value) as T;
}

/** A shallow copy that keeps what makes an error an error (pino serializes errors by their own fields). */
function cloneOf(value: object): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return [...(value as unknown[])];
  const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, value) as Record<string, unknown>;
  if (value instanceof Error) Object.assign(copy, { message: value.message, stack: value.stack });
  return copy;
}

/** Lines are written once this many bytes are buffered (about 14 access-log lines)... */
const LOG_WRITE_BYTES = 4096;
/** ...or at the latest this long after they were logged. */
const LOG_FLUSH_MS = 100;

export interface LoggerOptions {
  readonly level?: AppConfig['logLevel'];
  /** Where log lines go (tests capture them); stdout by default. */
  readonly destination?: DestinationStream;
}

/** One pino logger for Fastify's request logs and Nest's own: JSON, or readable in a terminal. */
export function createLogger(config: AppConfig, options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? config.logLevel,
    formatters: { log: censorSecrets },
    base: { service: 's3-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (config.prettyLogs)
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } });
  // Asynchronous writes of at least a page of lines, and whatever is buffered every LOG_FLUSH_MS: a
  // system call and a thread-pool round trip per line cost about as much as formatting the line,
  // and a line still reaches the output within LOG_FLUSH_MS when the server is idle.
  // What is still buffered is written synchronously when the process exits.
  return pino(base, pino.destination({ sync: false, minLength: LOG_WRITE_BYTES, periodicFlush: LOG_FLUSH_MS }));
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

/** The logger of the request being served (it carries the request id), for code that logs through Nest. */
export const requestLogger = new AsyncLocalStorage<FastifyBaseLogger>();

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger interface over pino: inside a request a line goes through that request's logger,
 * so it carries the request id. Nest passes the context (the class name) last; services log pino's
 * way, fields first and message second.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: FastifyBaseLogger) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    const fields: Record<string, unknown> = rest.length > 0 ? { context: rest[rest.length - 1] } : {};
    const args = rest.slice(0, -1);
    if (message instanceof Error) logger[level]({ ...fields, err: message }, ...(args as [string?]));
    else if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...message }, ...(args as [string?]));
    // Nest's own exception handlers pass a stack as the second argument.
    else if (level === 'error' && args.length === 1 && typeof args[0] === 'string' && /\n\s*at /.test(args[0])) {
      logger.error({ ...fields, err: { message: String(message), stack: args[0] } });
    } else logger[level](fields, String(message), ...(args as []));
  }
}
