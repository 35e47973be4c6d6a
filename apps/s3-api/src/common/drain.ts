import { type BeforeApplicationShutdown, type CallHandler, type ExecutionContext, Injectable, Module, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { defer, finalize, type Observable } from 'rxjs';
import { settleRunningWork, trackWork } from '#common';
import { AppConfig } from '../config/app-config.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts every mutating handler as work under way until it ends, whether or not its client is still
 * connected: a client that went away does not stop a delete half-way, and neither may a shutdown.
 * Bound to the controllers that have mutating routes, not globally: any interceptor at all puts every
 * request of its routes through Nest's observable chain, which is a measurable part of a /ping. A
 * mutating route left without it fails the test of a shutdown during every mutating route.
 */
@Injectable()
export class TrackMutatingHandlers implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (READS.has(context.switchToHttp().getRequest<FastifyRequest>().method)) return next.handle();
    return defer(() => {
      let ended!: () => void;
      trackWork(new Promise<void>((resolve) => (ended = resolve)));
      return next.handle().pipe(finalize(() => ended()));
    });
  }
}

/**
 * Nest calls this once new requests are refused (503) and before the server closes and the AWS
 * clients are destroyed: the running work gets up to the drain budget to end.
 */
@Injectable()
class DrainRunningWork implements BeforeApplicationShutdown {
  constructor(private readonly config: AppConfig) {}

  async beforeApplicationShutdown(): Promise<void> {
    await settleRunningWork(this.config.server.drainTimeoutSeconds * 1000);
  }
}

@Module({ providers: [DrainRunningWork] })
export class DrainModule {}
