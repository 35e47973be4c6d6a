import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config/config.loader.js';
import { censorSecrets, createLogger } from './logging.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger(loadConfig({}), { destination, level: 'info' }) };
}

describe('log redaction', () => {
  const token = 'the-token-value-0123456789';
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1';

  it('censors the token header and secret keys wherever a log line carries them', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { 'x-auth-token': token, authorization: `Bearer ${token}` } } }, 'request with a token');
    logger.info({ AccessKey: { SecretAccessKey: secret } }, 'a response body');
    logger.info({ result: { AccessKey: { SecretAccessKey: secret } } }, 'nested one level deeper');
    logger.info({ credentials: { secretAccessKey: secret, sessionToken: token } }, 'sdk credentials');
    logger.info({ token }, 'a bare token field');
    const text = lines.join('');
    expect(lines).toHaveLength(5);
    expect(text).not.toContain(token);
    expect(text).not.toContain(secret);
    expect(text.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(7);
  });

  it('leaves the other fields alone', () => {
    const { lines, logger } = capture();
    logger.info({ AccessKey: { AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: secret } }, 'key issued');
    expect(JSON.parse(lines[0]!)).toMatchObject({ AccessKey: { AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: '[REDACTED]' } });
  });

  it('copies nothing when a line holds no secret, and censors a copy of one that does, errors included', () => {
    const line = { req: { method: 'GET', url: '/v1/s3/ping' }, res: { statusCode: 200 }, list: [1, 2] };
    expect(censorSecrets(line)).toBe(line);
    const error = Object.assign(new Error('boom'), { token });
    const censored = censorSecrets({ err: error }).err;
    expect(censored).toBeInstanceOf(Error);
    expect(censored).toMatchObject({ message: 'boom', token: '[REDACTED]' });
    expect(censored.stack).toBe(error.stack);
    expect(error.token).toBe(token);
  });
});
