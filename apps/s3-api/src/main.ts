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
    // Keep-alive sockets of requests that finish during the drain go idle after close() began; they
    // would hold the server open until their keep-alive timeout, so close them as they go idle.
    const server = app.getHttpServer();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    const deadline = Date.now() + config.server.drainTimeoutSeconds * 1000;
    app
      .close()
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
