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
/** Set FUZZ_SEED to replay a failure: the seed is printed with it. */
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** A depth bomb stands in the value as this marker until the body is written out (JSON.stringify would overflow). */
const BOMB = '\u0000depth:';
/** `{"a":{"a":...}}` nested `depth` levels deep, as JSON text. */
const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** The body as JSON text, depth bombs written out. */
const bodyText = (body: unknown): string => JSON.stringify(body).replace(/"\\u0000depth:(\d+)"/g, (_, depth: string) => nestedJson(Number(depth)));

/**
 * What no schema describes and an attacker sends: objects nested far deeper than any body (up to
 * the depth that overflowed the stack), a list inside a list, and lists far longer than any field takes.
 */
const hostile = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: 9, max: 6_000 }).map((depth) => `${BOMB}${depth}`),
    fc.array(fc.array(item, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    fc.tuple(item, fc.integer({ min: 101, max: 3_000 })).map(([one, length]) => Array.from({ length }, () => one)),
  );

const resolve = (schema: Schema, components: Record<string, Schema>): Schema => {
  const own = schema.$ref ? components[schema.$ref.split('/').pop()!]! : schema;
  const composed = own.allOf ?? own.oneOf ?? own.anyOf;
  return composed?.length ? resolve(composed[0]!, components) : own;
};

/** A valid-looking value of a schema: its example, or one built from the examples of its parts. */
function sample(schema: Schema, components: Record<string, Schema>, depth = 0): unknown {
  const own = resolve(schema, components);
  if (own.example !== undefined) return structuredClone(own.example);
  if (own.enum) return own.enum[0];
  if (own.type === 'array') return depth > 5 ? [] : [sample(own.items ?? {}, components, depth + 1)];
  if (own.type === 'object' || own.properties) {
    return Object.fromEntries(Object.entries(own.properties ?? {}).map(([key, property]) => [key, sample(property, components, depth + 1)]));
  }
  return own.type === 'string' ? 'x' : 1;
}

type Path = readonly (string | number)[];

/** Every field of a body, nested ones and the first element of lists included, with what one of its values looks like. */
function fieldsOf(schema: Schema, components: Record<string, Schema>, path: Path = []): { path: Path; item: unknown }[] {
  if (path.length > 6) return [];
  const own = resolve(schema, components);
  if (own.type === 'array') {
    const items = own.items ?? {};
    return [{ path, item: sample(items, components) }, ...fieldsOf(items, components, [...path, 0])];
  }
  const here = path.length > 0 ? [{ path, item: sample(own, components) }] : [];
  return [...here, ...Object.entries(own.properties ?? {}).flatMap(([key, property]) => fieldsOf(property, components, [...path, key]))];
}

/** A valid-looking body with one field replaced by something hostile: the rest of it lets the field reach deep. */
function oneHostileField(schema: Schema, components: Record<string, Schema>): fc.Arbitrary<unknown> {
  const fields = fieldsOf(schema, components);
  if (fields.length === 0) return hostile(fc.constant({}));
  return fc.constantFrom(...fields).chain(({ path, item }) =>
    hostile(fc.constant(item)).map((value) => {
      const body = sample(schema, components) as Record<string | number, unknown>;
      let container = body;
      for (const step of path.slice(0, -1)) container = container[step] as Record<string | number, unknown>;
      container[path.at(-1)!] = value;
      return body;
    }),
  );
}

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
      await fc
        .assert(
          fc.asyncProperty(
            fc.tuple(...params.map(segmentFor)),
            // A route without a body gets one sometimes too: it must refuse it as cleanly.
            op.body
              ? fc.oneof({ arbitrary: arbitraryFor(op.body, components), weight: 3 }, { arbitrary: oneHostileField(op.body, components), weight: 1 })
              : fc.option(hostile(fc.jsonValue({ maxDepth: 1 })), { freq: 4, nil: undefined }),
            contentType,
            fc.option(fc.string({ maxLength: 40 })),
            async (values, body, contentType, requestId) => {
              let i = 0;
              const url = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++]!));
              const before = t.sandbox.snapshot();
              const res = await t.request(op.method, url, {
                ...(body !== undefined ? { body: bodyText(body) } : {}),
                headers: { 'content-type': contentType, ...(requestId ? { 'x-request-id': requestId } : {}) },
              });
              requests++;
              if (!['AccountNotFound', 'InvalidJson'].includes(res.body?.Code)) reached++;
              expect(res.status, `${op.method} ${url} ${String(JSON.stringify(body)).slice(0, 300)} -> ${res.text}`).toBeLessThan(500);
              if (res.status >= 400 && op.method !== 'HEAD') {
                expect(res.body, `${op.method} ${url}: ${res.text}`).toMatchObject({
                  Code: expect.any(String),
                  Message: expect.any(String),
                  RequestId: res.headers['x-request-id'],
                });
                expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), `${op.method} ${url} ${String(JSON.stringify(body)).slice(0, 300)}`).toBe('');
              }
              t.sandbox.restore(before);
            },
          ),
          { numRuns: RUNS, seed: SEED },
        )
        .catch((error: unknown) => {
          throw new Error(`replay with FUZZ_SEED=${SEED}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        });
    }
    expect(requests).toBe(operations.length * RUNS);
    // Most requests must get past account resolution and JSON parsing, or the handlers go unfuzzed.
    expect(reached / requests).toBeGreaterThan(0.5);
  });
});
