import {
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Module,
  type NestInterceptor,
  RequestMethod,
  UseInterceptors,
} from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { defer, finalize, type Observable } from 'rxjs';
import { settleRunningWork, trackWork } from '#common';
import { AppConfig } from '../config/app-config.js';

/** The request methods that change something. */
const MUTATING = new Set<RequestMethod>([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

/**
 * Counts a handler's run as work under way until it ends, whether or not its client is still
 * connected: a client that went away does not stop a delete half-way, and neither may a shutdown.
 */
@Injectable()
class TrackWork implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return defer(() => {
      let ended!: () => void;
      trackWork(new Promise<void>((resolve) => (ended = resolve)));
      return next.handle().pipe(finalize(() => ended()));
    });
  }
}

/**
 * Binds TrackWork to each mutating handler of the controller, and to nothing else: any interceptor
 * at all puts every request of its routes through Nest's observable chain, which is a measurable part
 * of a /ping or a bucket show. A mutating route left without it fails the test of a shutdown during
 * every mutating route.
 */
export function TrackMutatingHandlers(): ClassDecorator {
  return (controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const method: unknown = descriptor && typeof descriptor.value === 'function' ? Reflect.getMetadata(METHOD_METADATA, descriptor.value) : undefined;
      if (descriptor && MUTATING.has(method as RequestMethod)) UseInterceptors(TrackWork)(prototype, name, descriptor);
    }
  };
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
