import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUrl, startupBanner } from './banner.js';
import { loadConfig, sha256Hex } from './config/config.loader.js';

const configFile = (content: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 's3api-banner-')), 'config.yaml');
  writeFileSync(path, content);
  return path;
};

describe('the start-up banner', () => {
  it('opens the docs on localhost when the server listens on every address', () => {
    expect(docsUrl('0.0.0.0', 8080)).toBe('http://localhost:8080/v1/s3/docs');
    expect(docsUrl('::', 9000)).toBe('http://localhost:9000/v1/s3/docs');
    expect(docsUrl('10.0.0.7', 8080)).toBe('http://10.0.0.7:8080/v1/s3/docs');
    expect(docsUrl('fd00::7', 8080)).toBe('http://[fd00::7]:8080/v1/s3/docs');
  });

  it("shows the sandbox's well-known token, and only that one", () => {
    expect(startupBanner(loadConfig({}), 8080)).toMatch(/SANDBOX MODE.*http:\/\/localhost:8080\/v1\/s3\/docs with the token sandbox-token$/);
    const chosen = startupBanner(loadConfig({ S3API_TOKEN: 'my-secret' }), 8080);
    expect(chosen).toContain('with the token in S3API_TOKEN');
    expect(chosen).not.toContain('my-secret');
  });

  it('names where the tokens come from when a configuration file runs on the sandbox', () => {
    const path = configFile(`tokens: [{ name: ci, sha256: ${sha256Hex('t')} }]\n`);
    const banner = startupBanner(loadConfig({ S3API_SANDBOX: 'true', S3API_CONFIG: path }), 8080);
    expect(banner).toContain(`with a token whose SHA-256 digest is under tokens in ${path}`);
    expect(banner).not.toContain('S3API_TOKEN');
    const fromVariable = startupBanner(
      loadConfig({ S3API_SANDBOX: 'true', S3API_CONFIG: path, S3API_TOKENS: `[{"name":"ci","sha256":"${sha256Hex('u')}"}]` }),
      8080,
    );
    expect(fromVariable).toContain('whose SHA-256 digest is in S3API_TOKENS');
  });
});
