import type { FinalizeRequestMiddleware, Pluggable } from '@smithy/types';

/**
 * Bounds every attempt of an AWS call, whatever the transport: the HTTP handler's own timeouts do
 * not cover a transport that never answers (or the sandbox). The error is named TimeoutError, which
 * the SDK's retry strategy treats as transient, so a hung attempt is retried like a lost packet.
 */
export function attemptTimeoutPlugin(timeoutMs: number): Pluggable<object, object> {
  const middleware: FinalizeRequestMiddleware<object, object> = (next, context) => (args) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new Error(`${String(context.commandName ?? 'AWS call')} attempt timed out after ${timeoutMs} ms`);
        reject(Object.assign(error, { name: 'TimeoutError', $metadata: {} }));
      }, timeoutMs);
      next(args).then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  return {
    applyToStack: (stack) => {
      stack.add(middleware, { step: 'finalizeRequest', priority: 'normal', name: 's3apiAttemptTimeout' });
    },
  };
}
