import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  example?: unknown;
};
interface Operation {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: Schema;
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Values shaped by the schema, deliberately mixed with wrong types, missing and extra fields. */
function arbitraryFor(schema: Schema, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryFor(components[schema.$ref.split('/').pop()!]!, components, depth);
  const composed = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (composed?.length) return fc.oneof(...composed.map((s) => arbitraryFor(s, components, depth)));
  const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}));
  if (depth > 4) return wrong;
  let shaped: fc.Arbitrary<unknown>;
  if (schema.enum) shaped = fc.oneof(fc.constantFrom(...schema.enum), fc.string({ maxLength: 12 }));
  else if (schema.type === 'object' || schema.properties) {
    const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, arbitraryFor(s, components, depth + 1)]));
    shaped = fc
      .tuple(
        fc.record(props, { requiredKeys: [] }),
        fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { freq: 4 }),
      )
      .map(([known, extra]) => ({ ...known, ...(extra ?? {}) }));
  } else if (schema.type === 'array') shaped = fc.array(arbitraryFor(schema.items ?? {}, components, depth + 1), { maxLength: 4 });
  else if (schema.type === 'string') {
    const examples = typeof schema.example === 'string' ? [schema.example] : [];
    shaped = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/),
      ...(examples.length ? [fc.constantFrom(...examples)] : []),
    );
  } else if (schema.type === 'integer' || schema.type === 'number') shaped = fc.oneof(fc.integer(), fc.double());
  else if (schema.type === 'boolean') shaped = fc.boolean();
  else shaped = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: wrong, weight: 1 });
}

/** Mostly the real resources made in beforeAll, so requests reach the handlers; sometimes anything. */
const EXISTING: Record<string, string> = { account: 'sandbox', bucket: 'fuzz-bucket', website: 'site.sites.example.com', user: 'fuzz-user' };
const segmentFor = (param: string): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constant(EXISTING[param] ?? 'x'), weight: 6 },
    { arbitrary: fc.constantFrom('111111111111', 'nope', 'fuzz-bucket', 'site.sites.example.com', 'fuzz-user'), weight: 1 },
    { arbitrary: fc.string({ minLength: 1, maxLength: 80 }), weight: 1 },
    { arbitrary: fc.stringMatching(/^[a-zA-Z0-9._~-]{1,70}$/), weight: 1 },
  );
const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  { arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8'), weight: 2 },
);

describe('fuzzed input, from the OpenAPI schemas', () => {
  let t: TestApp;
  let operations: Operation[];
  let components: Record<string, Schema>;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: 'fuzz-bucket' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/websites', { body: { BucketInput: { Bucket: 'site.sites.example.com' } } })).status).toBe(202);
    expect((await t.request('POST', 'sandbox/buckets/fuzz-bucket/users', { body: { User: { UserName: 'fuzz-user' } } })).status).toBe(200);
    const spec = (await t.request('GET', 'docs/openapi.json', { token: null })).body;
    components = spec.components.schemas;
    operations = Object.entries<Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>(spec.paths).flatMap(
      ([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => (op.security ?? []).length > 0)
          .map(([method, op]) => ({
            method: method.toUpperCase() as Operation['method'],
            path,
            ...(op.requestBody ? { body: op.requestBody.content['application/json']?.schema ?? {} } : {}),
          })),
    );
  });
  afterAll(() => t.close());

  it('never answers 5xx; every 4xx has the JSON error body; a rejected request changes nothing', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(24);
    let requests = 0;
    let reached = 0;
    for (const op of operations) {
      const params = (op.path.match(/\{\w+\}/g) ?? []).map((p) => p.slice(1, -1));
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...params.map(segmentFor)),
          op.body ? arbitraryFor(op.body, components) : fc.constant(undefined),
          contentType,
          fc.option(fc.string({ maxLength: 40 })),
          async (values, body, contentType, requestId) => {
            let i = 0;
            const url = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++]!));
            const before = t.sandbox.snapshot();
            const res = await t.request(op.method, url, {
              ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
              headers: { 'content-type': contentType, ...(requestId ? { 'x-request-id': requestId } : {}) },
            });
            requests++;
            if (!['AccountNotFound', 'InvalidJson'].includes(res.body?.Code)) reached++;
            expect(res.status, `${op.method} ${url} ${JSON.stringify(body)} -> ${res.text}`).toBeLessThan(500);
            if (res.status >= 400 && op.method !== 'HEAD') {
              expect(res.body, `${op.method} ${url}: ${res.text}`).toMatchObject({
                Code: expect.any(String),
                Message: expect.any(String),
                RequestId: expect.any(String),
              });
              expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), `${op.method} ${url} ${JSON.stringify(body)}`).toBe('');
            }
            t.sandbox.restore(before);
          },
        ),
        { numRuns: RUNS },
      );
    }
    expect(requests).toBe(operations.length * RUNS);
    // Most requests must get past account resolution and JSON parsing, or the handlers go unfuzzed.
    expect(reached / requests).toBeGreaterThan(0.5);
  });
});
