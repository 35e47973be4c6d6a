import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBaseLogger } from 'fastify';
import { settleRunningWork } from '#common';

/**
 * What SIGTERM does: refuse new requests, let those in flight and every piece of work they started end
 * (their clients connected or gone) within `drainTimeoutSeconds`, then close the application. Resolves
 * with the exit code: 1 when work was still running at the deadline or the close failed.
 */
export async function drainAndClose(app: NestFastifyApplication, drainTimeoutSeconds: number, log: FastifyBaseLogger): Promise<number> {
  const deadline = Date.now() + drainTimeoutSeconds * 1000;
  // Keep-alive sockets of requests that finish during the drain would hold the server open until
  // their keep-alive timeout: they close a moment after their answer instead. (Closing idle sockets
  // every 100 ms raced with requests already sent on them but not yet read, which were reset.)
  app.getHttpServer().keepAliveTimeout = 1;
  // One turn of the event loop first, so that requests which have arrived are read: close() cuts
  // the connections it finds idle.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    // Waits for the running work before the server closes and the AWS clients go (see DrainModule).
    await app.close();
  } catch (error) {
    log.error({ err: error }, 'error while shutting down');
    return 1;
  }
  const left = await settleRunningWork(Math.max(0, deadline - Date.now()));
  if (left > 0) log.error({ operations: left }, 'drain timeout reached with operations still running');
  return left > 0 ? 1 : 0;
}
