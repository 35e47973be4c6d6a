import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import { generateApi } from 'swagger-typescript-api';
import ts from 'typescript';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectFetch } from '../support/inject-fetch.js';
import { startTestApp, type TestApp, TOKEN } from '../support/test-app.js';

// What a consuming team does with openapi.yaml: generate a client with a third-party generator and
// write a flow against it. Two generators, each client compiled with strict TypeScript and then run
// against the server: every documented shape must come out typed (no `any`, which would let any
// mistake through), and the flow must work as written.

const SPEC = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const schemaNames = Object.keys((parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } }).components.schemas);

/** `noAny(value)` compiles only when the type of `value` holds no `any`, however deep. */
const NO_ANY = `
type IsAny<T> = 0 extends 1 & T ? true : false;
export type HasAny<T, Depth extends unknown[] = []> = IsAny<T> extends true
  ? true
  : Depth['length'] extends 8
    ? false
    : T extends readonly (infer U)[]
      ? HasAny<U, [...Depth, 0]>
      : T extends object
        ? true extends { [K in keyof T]-?: HasAny<T[K], [...Depth, 0]> }[keyof T]
          ? true
          : false
        : false;
export const noAny = <T>(value: HasAny<T> extends false ? T : never): T => value as T;
`;

/** Every schema of the spec, as the generator named it, checked for `any`. */
const schemaChecks = (module: string): string =>
  `import type * as S from '${module}';\nimport type { HasAny } from './no-any';\n` +
  schemaNames.map((name) => `export const ${name}Typed: HasAny<S.${name}> = false;`).join('\n');

// The flows: whoami, create a bucket, see it with HEAD, give it a user (and read the new secret
// key), list its users one page at a time, meet a documented error, and clean up.
const HEY_FLOW = `
import { createClient, createConfig } from './hey/client';
import * as api from './hey/sdk.gen';
import { noAny } from './no-any';

export async function flow(baseUrl: string, token: string, fetch: typeof globalThis.fetch) {
  const client = createClient(createConfig({ baseUrl, fetch, headers: { 'X-Auth-Token': token } }));
  const account = noAny((await api.whoami({ client, throwOnError: true })).data).Accounts[0]!.Account;
  const path = { account, bucket: 'hey-api-flow-bucket' };
  const created = noAny((await api.createBucket({ client, path: { account }, body: { BucketInput: { Bucket: path.bucket } }, throwOnError: true })).data);
  const head = await api.headBucket({ client, path, throwOnError: true });
  const user = noAny((await api.createBucketUser({ client, path, body: { User: { UserName: 'hey-api-flow-user' } }, throwOnError: true })).data);
  await api.createBucketUser({ client, path, body: { User: { UserName: 'hey-api-flow-user2' } }, throwOnError: true });
  const first = await api.listBucketUsers({ client, path, query: { limit: 1 }, throwOnError: true });
  const next = first.response.headers.get('X-Next-Token') ?? undefined;
  const second = await api.listBucketUsers({ client, path, query: { limit: 1, next }, throwOnError: true });
  const missing = await api.getBucket({ client, path: { account, bucket: 'hey-api-no-such-bucket' } });
  const code: string | undefined = missing.error?.Code;
  for (const name of ['hey-api-flow-user', 'hey-api-flow-user2']) await api.deleteBucketUser({ client, path: { ...path, user: name }, throwOnError: true });
  const deleted = noAny((await api.deleteBucket({ client, path, throwOnError: true })).data);
  return {
    group: created.Group?.GroupName,
    head: head.response.status,
    secret: user.AccessKey.SecretAccessKey,
    pages: [...noAny(first.data), ...noAny(second.data)].map((u) => u.UserName),
    missing: code,
    deleted: deleted.Bucket,
  };
}
`;

const STA_FLOW = `
import { Api, type HttpResponse } from './sta/api';
import type { ErrorBody } from './sta/api';
import { noAny } from './no-any';

export async function flow(baseUrl: string, token: string, fetch: typeof globalThis.fetch) {
  const api = new Api({ baseUrl, customFetch: fetch, baseApiParams: { headers: { 'X-Auth-Token': token } } }).v1;
  const account = noAny((await api.whoami()).data).Accounts[0]!.Account;
  const bucket = 'sta-flow-bucket';
  const created = noAny((await api.createBucket(account, { BucketInput: { Bucket: bucket } })).data);
  const head = await api.headBucket(account, bucket);
  const user = noAny((await api.createBucketUser(account, bucket, { User: { UserName: 'sta-flow-user' } })).data);
  await api.createBucketUser(account, bucket, { User: { UserName: 'sta-flow-user2' } });
  const first = await api.listBucketUsers(account, bucket, { limit: 1 });
  const next = first.headers.get('X-Next-Token') ?? undefined;
  const second = await api.listBucketUsers(account, bucket, { limit: 1, next });
  const code = await api.getBucket(account, 'sta-no-such-bucket').then(
    () => undefined,
    (failed: HttpResponse<unknown, ErrorBody>) => failed.error.Code,
  );
  for (const name of ['sta-flow-user', 'sta-flow-user2']) await api.deleteBucketUser(account, bucket, name);
  const deleted = noAny((await api.deleteBucket(account, bucket)).data);
  return {
    group: created.Group?.GroupName,
    head: head.status,
    secret: user.AccessKey.SecretAccessKey,
    pages: [...noAny(first.data), ...noAny(second.data)].map((u) => u.UserName),
    missing: code,
    deleted: deleted.Bucket,
  };
}
`;

type Flow = (baseUrl: string, token: string, fetch: typeof globalThis.fetch) => Promise<Record<string, unknown>>;

describe('clients generated from openapi.yaml by third-party generators', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 's3-api-clients-'));
    await createClient({ input: SPEC, output: join(dir, 'hey'), plugins: ['@hey-api/client-fetch'], logs: { level: 'silent' } });
    await generateApi({ input: SPEC, output: join(dir, 'sta'), fileName: 'api.ts', httpClientType: 'fetch', silent: true });
    writeFileSync(join(dir, 'no-any.ts'), NO_ANY);
    writeFileSync(join(dir, 'hey-schemas.ts'), schemaChecks('./hey/types.gen'));
    writeFileSync(join(dir, 'sta-schemas.ts'), schemaChecks('./sta/api'));
    writeFileSync(join(dir, 'hey-flow.ts'), HEY_FLOW);
    writeFileSync(join(dir, 'sta-flow.ts'), STA_FLOW);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compile with strict TypeScript, every schema and every answer of the flows typed without any', () => {
    const files = ['hey-flow.ts', 'sta-flow.ts', 'hey-schemas.ts', 'sta-schemas.ts'].map((file) => join(dir, file));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(problems).toEqual([]);
  }, 120_000);

  it.each([
    ['@hey-api/openapi-ts', 'hey-flow.ts', 'hey-api'],
    ['swagger-typescript-api', 'sta-flow.ts', 'sta'],
  ])('%s: the flow runs against the server as written', async (_generator, file, prefix) => {
    const { flow } = (await import(pathToFileURL(join(dir, file)).href)) as { flow: Flow };
    const served = injectFetch(t.app);
    // As a client pausing between requests sees AWS: what earlier requests changed has propagated.
    const settled: typeof fetch = (input, init) => {
      t.sandbox.settle();
      return served(input as Request | string | URL, init);
    };
    const result = await flow('http://s3-api.test', TOKEN, settled);
    expect(result).toEqual({
      group: `${prefix}-flow-bucket-BktAdmGrp`,
      head: 200,
      secret: expect.stringMatching(/^\S{40}$/),
      pages: [`${prefix}-flow-user`, `${prefix}-flow-user2`],
      missing: 'BucketNotFound',
      deleted: `${prefix}-flow-bucket`,
    });
  });
});
