import { existsSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSandbox } from '#aws-sandbox';
import { createApp } from '../../apps/s3-api/src/app.setup.js';
import { loadConfig } from '../../apps/s3-api/src/config/config.loader.js';

// Debian's Chromium (installed by .ci/run); a test tool's own browser download does not work here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('Swagger UI in a real browser', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    app = await createApp({ config: loadConfig({}), sandbox: new AwsSandbox(), logLevel: 'silent', backgroundTasks: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpAdapter().getInstance().server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    await page.goto(`${base}/v1/s3/docs`);
    await page.waitForSelector('.swagger-ui .info', { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the API's description and, in sandbox mode, the token to use", async () => {
    const info = await page.textContent('.swagger-ui .info');
    expect(info).toContain('s3-api');
    expect(info).toContain('Multi-step operations never leave anything half-made');
    expect(info).toContain('sandbox-token');
  });

  it('shows the seed examples on the create operations', async () => {
    await page.click('#operations-buckets-createBucket .opblock-summary');
    const body = await page.textContent('#operations-buckets-createBucket .opblock-body');
    expect(body).toContain('BucketInput');
    expect(body).toContain('foobarbucketname');
    await page.click('#operations-buckets-createBucket .opblock-summary');
  });

  it('authorizes with the token and runs "list buckets" with Try it out: 200', async () => {
    await page.click('.swagger-ui .auth-wrapper .authorize');
    await page.fill('.swagger-ui .modal-ux input[type=text], .swagger-ui .modal-ux input[type=password]', 'sandbox-token');
    await page.click('.swagger-ui .modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.swagger-ui .modal-ux button.btn-done');

    await page.click('#operations-buckets-listBuckets .opblock-summary');
    await page.click('#operations-buckets-listBuckets .try-out__btn');
    await page.fill('#operations-buckets-listBuckets input[placeholder="account"]', 'sandbox');
    await page.click('#operations-buckets-listBuckets .execute');
    const status = await page.waitForSelector('#operations-buckets-listBuckets .live-responses-table .response .response-col_status', { timeout: 15_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    await page.screenshot({ path: 'test/browser/last-run.png', fullPage: false });
  });

  it('runs the prefilled examples of create bucket, create website and create website user as they are: 202, 202, 200', async () => {
    const statuses: string[] = [];
    for (const [tag, operation] of [
      ['buckets', 'createBucket'],
      ['websites', 'createWebsite'],
      ['website-users', 'createWebsiteUser'],
    ] as const) {
      const block = `#operations-${tag}-${operation}`;
      await page.click(`${block} .opblock-summary`);
      await page.click(`${block} .try-out__btn`);
      await page.click(`${block} .execute`);
      const status = await page.waitForSelector(`${block} .live-responses-table .response .response-col_status`, { timeout: 15_000 });
      statuses.push(`${operation} ${(await status.textContent())?.trim()}`);
    }
    expect(statuses).toEqual(['createBucket 202', 'createWebsite 202', 'createWebsiteUser 200']);
  });
});
