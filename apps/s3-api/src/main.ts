import type { AddressInfo } from 'node:net';
import { createApp } from './app.setup.js';
import { startupBanner } from './banner.js';
import { ConfigError, loadConfig } from './config/config.loader.js';
import { drainAndClose } from './shutdown.js';

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

  // SIGTERM: stop accepting, let in-flight requests and their work finish (bounded), exit 0. The signals
  // are ours alone: app.close() runs Nest's shutdown hooks, and a second listener would race process.exit.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, drainTimeoutSeconds: config.server.drainTimeoutSeconds }, 'shutting down: draining in-flight requests');
    setTimeout(() => {
      log.error('drain timeout reached; exiting with requests still in flight');
      process.exit(1);
    }, config.server.drainTimeoutSeconds * 1000).unref();
    void drainAndClose(app, config.server.drainTimeoutSeconds, log).then((code) => process.exit(code));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: config.server.port, host: config.server.host });
  const { port } = app.getHttpServer().address() as AddressInfo;
  log[config.mode === 'sandbox' ? 'warn' : 'info'](startupBanner(config, port));
}

void main();
