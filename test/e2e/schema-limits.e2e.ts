import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

// What the published spec promises about request limits, checked against the server: every
// maxItems, maxLength, enum and pattern of openapi.yaml is enforced, and exactly there (the value
// at the limit passes, one past it is refused, naming the field). And every property the spec
// advertises is one the server knows.

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  example?: unknown;
  enum?: unknown[];
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
};
type Operation = {
  requestBody?: { content: Record<string, { schema: Schema }> };
  parameters?: { name: string; in: string; schema: Schema; example?: unknown }[];
};

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]!);
  if (schema.allOf?.length === 1) return { ...schema, ...resolve(schema.allOf[0]!), allOf: undefined };
  return schema;
}

/** A valid value of a schema: its example, its first enum value, or its required properties (the first property when none is). */
function sample(raw: Schema): unknown {
  const schema = resolve(raw);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'array') return [sample(schema.items!)];
  if (schema.properties) {
    const names = schema.required?.length ? schema.required : Object.keys(schema.properties).slice(0, 1);
    return Object.fromEntries(names.map((name) => [name, sample(schema.properties![name]!)]));
  }
  return schema.type === 'integer' || schema.type === 'number' ? 1 : schema.type === 'boolean' ? true : 'x';
}

/** The i-th of several distinct valid values (tag keys must not repeat, groups are a set). */
function variant(raw: Schema, i: number): unknown {
  const schema = resolve(raw);
  if (schema.enum) return schema.enum[i % schema.enum.length];
  const value = sample(schema);
  if (typeof value === 'string') return `${value.slice(0, 1)}${i}${value.slice(1)}`;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const key = Object.keys(value).find((k) => typeof (value as Record<string, unknown>)[k] === 'string' && !resolve(schema.properties![k]!).enum);
    if (key) (value as Record<string, unknown>)[key] = variant(schema.properties![key]!, i);
  }
  return value;
}

/** A valid string of exactly `length` characters, grown inside the example so that its first and last characters stay. */
const stretch = (value: string, length: number): string => `${value.slice(0, 1)}${'a'.repeat(length - value.length)}${value.slice(1)}`;

interface Field {
  /** As the server names it in Details: `Tags`, `Tags[0].Key`, `BucketInput.Bucket`. */
  readonly path: string;
  readonly schema: Schema;
  /** Builds a request whose field at `path` holds `value`, everything else valid. */
  readonly request: (value: unknown) => { url: string; body?: unknown };
}

type Step = { name: string; schema: Schema } | { index: true; schema: Schema };

/** Every field of a request body, depth first, each with the schemas along its way. */
function bodyFields(root: Schema, url: string): Field[] {
  const fields: Field[] = [];
  const visit = (schema: Schema, steps: Step[], seen: Set<Schema>): void => {
    const resolved = resolve(schema);
    if (steps.length > 0) fields.push({ path: pathOf(steps), schema: resolved, request: (value) => ({ url, body: place(root, steps, value) }) });
    if (seen.has(resolved)) return;
    const inner = new Set(seen).add(resolved);
    if (resolved.type === 'array' && resolved.items) {
      // An example of the array shows what one element looks like.
      const example = Array.isArray(resolved.example) ? resolved.example[0] : undefined;
      const items = example === undefined || resolve(resolved.items).example !== undefined ? resolved.items : { ...resolve(resolved.items), example };
      visit(items, [...steps, { index: true, schema: items }], inner);
    }
    for (const [name, property] of Object.entries(resolved.properties ?? {})) visit(property, [...steps, { name, schema: property }], inner);
  };
  visit(root, [], new Set());
  return fields;
}

const pathOf = (steps: Step[]): string =>
  steps
    .map((s) => ('index' in s ? '[0]' : `.${s.name}`))
    .join('')
    .replace(/^\./, '');

/** A valid body with `value` placed at the end of `steps` (containers on the way sampled). */
function place(root: Schema, steps: Step[], value: unknown): unknown {
  const body = sample(root) as Record<string, unknown>;
  let container: Record<string | number, unknown> = body;
  steps.forEach((step, i) => {
    const key = 'index' in step ? 0 : step.name;
    if (i === steps.length - 1) {
      // An element under test stands alone, so that the array's other rules (unique items) stay met.
      if (Array.isArray(container)) container.length = 0;
      container[key] = value;
    } else {
      if (container[key] === undefined || container[key] === null) container[key] = sample(step.schema);
      container = container[key] as Record<string | number, unknown>;
    }
  });
  return body;
}

/** Example values of the path parameters, with the route template filled in. */
function url(template: string, operation: Operation): string {
  const fallback: Record<string, string> = { account: 'sandbox', bucket: 'foobarbucketname', website: 'mysite.sites.example.com', user: 'somebucketuser' };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const declared = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(String(declared?.example ?? fallback[name]));
  });
}

interface Route {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  readonly label: string;
  readonly fields: Field[];
}

const routes: Route[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item).flatMap(([method, operation]): Route[] => {
    const base = url(template, operation).replace(/^\/v1\/s3\//, '');
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const queries = (operation.parameters ?? []).filter((p) => p.in === 'query');
    const fields = [
      ...(bodySchema ? bodyFields(bodySchema, base) : []),
      ...queries.map((q) => ({
        path: q.name,
        schema: resolve(q.schema),
        request: (value: unknown) => ({ url: `${base}?${new URLSearchParams({ [q.name]: String(value) })}` }),
      })),
    ];
    return fields.length ? [{ method: method.toUpperCase() as Route['method'], label: `${method.toUpperCase()} ${template}`, fields }] : [];
  }),
);

/** The problems the server reported about one field (or its elements). */
function problemsAbout(response: TestResponse, path: string): string[] {
  if (response.status !== 400) return [];
  const whole = path.replace(/\[0\]$/, '');
  const details: { Field: string; Problem: string }[] = response.body?.Details ?? [];
  return details
    .filter((d) => d.Field === path || d.Field === whole || d.Field.startsWith(`${whole}.`) || d.Field.startsWith(`${whole}[`))
    .map((d) => `${d.Field}: ${d.Problem}`);
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function send(route: Route, field: Field, value: unknown): Promise<TestResponse> {
  const { url: target, body } = field.request(value);
  return t.request(route.method, target, body === undefined ? {} : { body });
}

async function accepted(route: Route, field: Field, value: unknown): Promise<void> {
  const response = await send(route, field, value);
  expect(
    problemsAbout(response, field.path),
    `${route.label} ${field.path} = ${JSON.stringify(value).slice(0, 80)} refused: ${JSON.stringify(response.body)}`,
  ).toEqual([]);
}

async function refused(route: Route, field: Field, value: unknown): Promise<void> {
  const response = await send(route, field, value);
  expect(problemsAbout(response, field.path), `${route.label} ${field.path} = ${JSON.stringify(value).slice(0, 80)} accepted`).not.toEqual([]);
}

const limited = (kind: 'maxItems' | 'maxLength' | 'enum' | 'pattern') =>
  routes.flatMap((route) =>
    route.fields.filter((field) => field.schema[kind] !== undefined).map((field) => [`${route.label} ${field.path}`, route, field] as const),
  );

describe('the limits openapi.yaml publishes, against the server', () => {
  it('finds the limits it is meant to check (a spec that lost them would pass unnoticed)', () => {
    expect(limited('maxItems').map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'POST /v1/s3/{account}/buckets Tags',
        'POST /v1/s3/{account}/websites Tags',
        'PUT /v1/s3/{account}/websites/{website} Tags',
        'PATCH /v1/s3/{account}/websites/{website} CacheInvalidation',
      ]),
    );
    expect(limited('maxLength').length).toBeGreaterThan(10);
    expect(limited('enum').length).toBeGreaterThan(3);
    expect(limited('pattern').length).toBeGreaterThan(5);
  });

  it.each(limited('maxItems'))('%s: maxItems', async (_name, route, field) => {
    const max = field.schema.maxItems!;
    const example = Array.isArray(field.schema.example) ? field.schema.example[0] : undefined;
    const element = example === undefined ? field.schema.items! : { ...resolve(field.schema.items!), example };
    const items = (n: number) => Array.from({ length: n }, (_, i) => variant(element, i));
    await accepted(route, field, items(max));
    await refused(route, field, items(max + 1));
  });

  it.each(limited('maxLength'))('%s: maxLength', async (_name, route, field) => {
    const max = field.schema.maxLength!;
    const example = String(sample(field.schema));
    await accepted(route, field, stretch(example, max));
    await refused(route, field, stretch(example, max + 1));
  });

  it.each(limited('enum'))('%s: enum', async (_name, route, field) => {
    for (const value of field.schema.enum!) await accepted(route, field, value);
    await refused(route, field, 'not-one-of-them');
  });

  // Strings near the example: some match the pattern, some do not; the server must agree on each.
  const TOKENS = [
    'a',
    'Z',
    '7',
    '.',
    '-',
    '/',
    '_',
    ' ',
    '..',
    '@',
    '*',
    '%',
    '\u0001',
    '\u2028',
    'é',
    'xn--',
    '-s3alias',
    '192.168.1.1',
    '/../',
    '404',
    '301',
  ];
  it.each(limited('pattern'))('%s: pattern', async (_name, route, field) => {
    const pattern = new RegExp(field.schema.pattern!);
    const example = String(sample(field.schema));
    const edit = fc.tuple(fc.constantFrom('insert', 'replace', 'delete', 'whole'), fc.nat(), fc.constantFrom(...TOKENS));
    const mutant = fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) =>
      edits.reduce((text, [how, at, token]) => {
        const i = text.length ? at % text.length : 0;
        if (how === 'whole') return token;
        if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + token + text.slice(how === 'replace' ? i + 1 : i);
      }, example),
    );
    const samples = [example, ...fc.sample(mutant, { numRuns: 40, seed: 42 })].filter((value) => value.length <= (field.schema.maxLength ?? Infinity));
    const verdicts = { matched: 0, unmatched: 0 };
    for (const value of samples) {
      if (pattern.test(value)) {
        verdicts.matched += 1;
        await accepted(route, field, value);
      } else {
        verdicts.unmatched += 1;
        await refused(route, field, value);
      }
    }
    expect(verdicts.matched).toBeGreaterThan(0);
    expect(verdicts.unmatched).toBeGreaterThan(0);
  });

  it.each(routes.flatMap((route) => route.fields.map((field) => [`${route.label} ${field.path}`, route, field] as const)))(
    '%s: a property the spec advertises is one the server knows',
    async (_name, route, field) => {
      const response = await send(route, field, sample(field.schema));
      const unknown = (response.body?.Details ?? []).filter((d: { Problem: string }) => d.Problem === 'unknown field');
      expect(unknown).toEqual([]);
    },
  );
});
