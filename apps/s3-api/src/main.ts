import type { AddressInfo } from 'node:net';
import { settleRunningSagas } from '#common';
import { createApp } from './app.setup.js';
import { startupBanner } from './banner.js';
import { ConfigError, loadConfig } from './config/config.loader.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, { isTty: process.stdout.isTTY });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`s3-api: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp({ config });
  const log = app.getHttpAdapter().getInstance().log;

  // SIGTERM: stop accepting, let in-flight requests finish (bounded), exit 0. The signals are ours alone:
  // app.close() runs Nest's shutdown hooks, and a second listener would race process.exit.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, drainTimeoutSeconds: config.server.drainTimeoutSeconds }, 'shutting down: draining in-flight requests');
    setTimeout(() => {
      log.error('drain timeout reached; exiting with requests still in flight');
      process.exit(1);
    }, config.server.drainTimeoutSeconds * 1000).unref();
    // Keep-alive sockets of requests that finish during the drain would hold the server open until
    // their keep-alive timeout: they close a moment after their answer instead. (Closing idle sockets
    // every 100 ms raced with requests already sent on them but not yet read, which were reset.)
    app.getHttpServer().keepAliveTimeout = 1;
    const deadline = Date.now() + config.server.drainTimeoutSeconds * 1000;
    // One turn of the event loop first, so that requests which have arrived are read: close() cuts
    // the connections it finds idle.
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => app.close())
      // Work whose client went away (a rollback above all) must not be cut off half-way.
      .then(() => settleRunningSagas(Math.max(0, deadline - Date.now())))
      .then(
        (left) => {
          if (left > 0) log.error({ sagas: left }, 'drain timeout reached with multi-step operations still running');
          process.exit(left > 0 ? 1 : 0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: config.server.port, host: config.server.host });
  const { port } = app.getHttpServer().address() as AddressInfo;
  log[config.mode === 'sandbox' ? 'warn' : 'info'](startupBanner(config, port));
}

void main();
