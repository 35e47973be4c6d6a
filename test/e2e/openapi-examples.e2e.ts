import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../apps/s3-api/src/config/config.loader.js';
import { startTestApp, type TestApp, type TestResponse, TOKEN } from '../support/test-app.js';

// Every example of openapi.yaml, sent to the server as a client copying it from the docs would:
// each operation's example request answers the documented success status with an answer of the
// documented shape, whose documented example has that shape too; and each documented error code
// that a request can provoke without a scene of its own is provoked, on every operation that
// documents it, and answers with the status it is documented under. Examples cannot rot.

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  example?: unknown;
  enum?: unknown[];
};
type Parameter = { name: string; in: 'path' | 'query'; example?: unknown; schema: Schema };
type Response = { description: string; content?: Record<string, { schema: Schema; examples?: Record<string, { value: { Code: string } }> }> };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { examples: Record<string, { value: unknown }> } } };
  responses: Record<string, Response>;
};

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

interface Op {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly operation: Operation;
}

const operations: Op[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase() as Op['method'], path, operation })),
);

/** Creates first (containers before what they contain), then reads and changes, deletes last (contents first). */
function phase({ method, path }: Op): number {
  const depth = path.split('/').length;
  if (method === 'POST' && !path.endsWith('/adopt')) return depth;
  if (method === 'DELETE') return 100 - depth;
  return method === 'GET' || method === 'HEAD' || method === 'POST' ? 20 : 30;
}
const inOrder = [...operations].sort((a, b) => phase(a) - phase(b));

const resolve = (schema: Schema): Schema => {
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]!);
  if (schema.allOf?.length === 1) return { ...schema, ...resolve(schema.allOf[0]!), allOf: undefined };
  return schema;
};

/** The answer a reader of the docs sees: assembled from the schema's examples, as Swagger UI does. */
function documented(raw: Schema): unknown {
  const schema = resolve(raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'array') return [documented(schema.items!)];
  if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, documented(property)]));
  if (schema.enum) return schema.enum[0];
  return { integer: 0, number: 0, boolean: true, string: 'string' }[schema.type ?? 'string'];
}

/** The fields an answer shows: an object's keys, an array's first item's; none for a scalar or an empty list. */
function fieldsOf(value: unknown): string[] {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? Object.keys(first).sort() : [];
}

/** Fields of `value` the schema does not name, as paths: the answer holds nothing undocumented. */
function undocumented(value: unknown, raw: Schema, at = ''): string[] {
  const schema = resolve(raw);
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => undocumented(item, schema.items ?? {}, `${at}[${i}]`));
  return Object.entries(value).flatMap(([key, item]) => {
    const property = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    return property ? undocumented(item, property, `${at}.${key}`) : [`${at}.${key}`];
  });
}

/**
 * OpenAPI 3.0's `nullable` as JSON Schema: null or the rest of the schema (a nullable reference is
 * `nullable` beside `allOf: [$ref]`, which JSON Schema alone would not let be null).
 */
function jsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, item]) => [key, key === '$ref' ? String(item).replace('#/components/', 'openapi#/components/') : jsonSchema(item)]),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ components: jsonSchema(spec.components) }, 'openapi');
const validates = (schema: Schema, value: unknown): string[] => {
  const validate = ajv.compile(jsonSchema(schema) as object);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
};

interface Sent {
  readonly method: Op['method'];
  readonly url: string;
  readonly body?: unknown;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

const param = (op: Op, name: string): string | undefined => {
  const found = op.operation.parameters?.find((p) => p.name === name);
  return found === undefined ? undefined : String(found.example ?? found.schema.example);
};

/** The example request of an operation, with some of its path parameters replaced. */
function exampleRequest(op: Op, replace: Record<string, string> = {}): Sent {
  const path = op.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(replace[name] ?? param(op, name)!));
  const query = (op.operation.parameters ?? [])
    .filter((p) => p.in === 'query' && (p.example ?? p.schema.example) !== undefined)
    .map((p) => `${p.name}=${encodeURIComponent(String(p.example ?? p.schema.example))}`);
  const examples = op.operation.requestBody?.content['application/json'].examples;
  // A body that names its target (a bucket policy's resources) names the replacement instead.
  let body = examples ? JSON.stringify(Object.values(examples)[0]!.value) : undefined;
  for (const [name, value] of Object.entries(replace)) body = body?.replaceAll(param(op, name)!, value);
  return {
    method: op.method,
    url: query.length > 0 ? `${path}?${query.join('&')}` : path,
    ...(body !== undefined ? { body: JSON.parse(body) as unknown } : {}),
  };
}

/** A token the configuration limits to the other sandbox account. */
const LIMITED_TOKEN = 'a-token-for-sandbox2-only';
const PLAIN_BUCKET_UNDER_DOMAIN = 'plain.sites.example.com';
/** Buckets someone made outside the service (the example adopt takes the sandbox's legacy bucket over). */
const FOREIGN_BUCKET = 'made-by-hand-111111111111';
const FOREIGN_BUCKET_UNDER_DOMAIN = 'not-ours.sites.example.com';

/** How to provoke a code from an operation's example request; undefined where the operation has no way to. */
const PROVOKE: Record<string, (op: Op) => Sent | undefined> = {
  Unauthorized: (op) => ({ ...exampleRequest(op), token: null }),
  AccountNotFound: (op) => (param(op, 'account') ? exampleRequest(op, { account: 'no-such-account' }) : undefined),
  AccountNotAllowed: (op) => (param(op, 'account') ? { ...exampleRequest(op), token: LIMITED_TOKEN } : undefined),
  ValidationError: (op) => {
    const sent = exampleRequest(op);
    if (sent.body !== undefined) return { ...sent, body: { ...(sent.body as object), NoSuchField: 1 } };
    if (param(op, 'bucket')) return exampleRequest(op, { bucket: 'Not_A_Bucket_Name' });
    if (param(op, 'website')) return exampleRequest(op, { website: 'not_a_label.sites.example.com' });
    if (op.operation.parameters?.some((p) => p.name === 'limit')) return { ...sent, url: `${sent.url}?limit=0` };
    return undefined;
  },
  InvalidJson: (op) =>
    op.operation.requestBody ? { ...exampleRequest(op), body: '{"BucketInput":', headers: { 'content-type': 'application/json' } } : undefined,
  UnsupportedMediaType: (op) => (op.operation.requestBody ? { ...exampleRequest(op), body: 'x', headers: { 'content-type': 'text/plain' } } : undefined),
  PayloadTooLarge: (op) =>
    op.operation.requestBody
      ? { ...exampleRequest(op), body: JSON.stringify({ Tags: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } }
      : undefined,
  BucketNotFound: (op) => (param(op, 'bucket') ? exampleRequest(op, { bucket: 'no-such-bucket-anywhere' }) : undefined),
  BucketNotManaged: (op) =>
    param(op, 'bucket') && !op.path.endsWith('/adopt')
      ? exampleRequest(op, { bucket: FOREIGN_BUCKET })
      : param(op, 'website')
        ? exampleRequest(op, { website: FOREIGN_BUCKET_UNDER_DOMAIN })
        : undefined,
  WebsiteNotFound: (op) => (param(op, 'website') ? exampleRequest(op, { website: PLAIN_BUCKET_UNDER_DOMAIN }) : undefined),
  DomainNotConfigured: (op) => {
    if (param(op, 'website')) return exampleRequest(op, { website: 'mysite.not-configured.example' });
    const sent = exampleRequest(op);
    return op.operation.operationId === 'createWebsite' ? { ...sent, body: { BucketInput: { Bucket: 'mysite.not-configured.example' } } } : undefined;
  },
  UserNotFound: (op) => (param(op, 'user') ? exampleRequest(op, { user: 'nobody-of-this-bucket' }) : undefined),
  BucketAlreadyExists: (op) => (op.operation.operationId === 'createBucket' ? exampleRequest(op) : undefined),
  WebsiteAlreadyExists: (op) => (op.operation.operationId === 'createWebsite' ? exampleRequest(op) : undefined),
  UserAlreadyExists: (op) => (/^create\w+User$/.test(op.operation.operationId) ? exampleRequest(op) : undefined),
  RoutingRuleNotSupported: (op) => {
    if (op.operation.operationId !== 'createWebsite') return undefined;
    const sent = exampleRequest(op);
    const body = sent.body as { WebsiteConfiguration: object };
    const rule = { Condition: { HttpErrorCodeReturnedEquals: '401' }, Redirect: { ReplaceKeyWith: 'login.html' } };
    return { ...sent, body: { ...body, WebsiteConfiguration: { ...body.WebsiteConfiguration, RoutingRules: [rule] } } };
  },
  BucketAlreadyManaged: (op) => (op.path.endsWith('/adopt') ? exampleRequest(op, { bucket: 'foobarbucketname' }) : undefined),
  BucketNotAdoptable: (op) => (op.path.endsWith('/adopt') ? exampleRequest(op, { bucket: 's3-api-access-logs-111111111111' }) : undefined),
  BucketIsWebsite: (op) =>
    param(op, 'bucket') && !op.path.includes('/users') && !op.path.endsWith('/adopt') ? exampleRequest(op, { bucket: 'mysite.sites.example.com' }) : undefined,
};

/** AWS's own answers, injected into every call of the request. */
const AWS_FAULTS: Record<string, { name: string; httpStatusCode: number }> = {
  Throttled: { name: 'Throttling', httpStatusCode: 400 },
  AwsUnavailable: { name: 'ServiceUnavailable', httpStatusCode: 503 },
  AwsAccessDenied: { name: 'AccessDenied', httpStatusCode: 403 },
  AwsError: { name: 'SomethingAwsNeverSaidBefore', httpStatusCode: 400 },
};

/**
 * Codes that need a scene of their own (an account at its quota, a user with two keys, a CNAME at
 * the name, a lagging event loop, a website made by older tooling, two replicas racing, a distribution
 * retagged outside the service...), alone
 * or on one operation: their own tests provoke them.
 */
const OWN_SCENE = new Set([
  'InternalError',
  'AwsTimeout',
  'RequestTimeout',
  'ResourceNotFound',
  'InvalidRequest',
  'ResourceConflict',
  'PreconditionFailed',
  'QuotaExceeded',
  'AccessNameTaken',
  'AccessKeyLimitExceeded',
  'WebAdminGroupMissing',
  'DnsNameHasCname',
  'BucketNameReleasing',
  'BucketNotEmpty',
  'WebsiteNotEmpty',
  'NotReady',
  'BucketPolicyDenied',
  'ConcurrentChange',
  'migrateWebsite RoutingRuleNotSupported',
  'MigrationNotVerified',
  'adoptBucket BucketIsWebsite',
  'DistributionNotManaged',
]);

describe('every example of openapi.yaml, sent to the server', () => {
  let t: TestApp;
  const send = (sent: Sent): Promise<TestResponse> =>
    t.request(sent.method, sent.url, {
      ...(sent.body !== undefined ? { body: sent.body } : {}),
      ...(sent.token !== undefined ? { token: sent.token } : {}),
      ...(sent.headers ? { headers: sent.headers } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        S3API_TOKENS: JSON.stringify([
          { name: 'sandbox', sha256: sha256Hex(TOKEN) },
          { name: 'limited', sha256: sha256Hex(LIMITED_TOKEN), accounts: ['sandbox2'] },
        ]),
      },
    });
    t.sandbox.createBucket('111111111111', FOREIGN_BUCKET);
    t.sandbox.createBucket('111111111111', FOREIGN_BUCKET_UNDER_DOMAIN);
    expect((await t.request('POST', 'sandbox/buckets', { body: { BucketInput: { Bucket: PLAIN_BUCKET_UNDER_DOMAIN } } })).status).toBe(202);
  });
  afterAll(() => t?.close());

  const success = (op: Op): [string, Response] => Object.entries(op.operation.responses).find(([status]) => status.startsWith('2'))!;

  it('documents one success answer per operation, and every example answer has the shape of its schema', () => {
    for (const op of operations) {
      const [, response] = success(op);
      const json = response.content?.['application/json'];
      if (json) expect(validates(json.schema, documented(json.schema)), op.operation.operationId).toEqual([]);
      for (const [status, error] of Object.entries(op.operation.responses).filter(([s]) => Number(s) >= 400)) {
        for (const example of Object.values(error.content?.['application/json']?.examples ?? {})) {
          expect(validates(error.content!['application/json']!.schema, example.value), `${op.operation.operationId} ${status}`).toEqual([]);
        }
      }
    }
  });

  it('answers each example request, in order, with the documented status and an answer of the documented shape', async () => {
    for (const op of inOrder) {
      const id = op.operation.operationId;
      const [status, response] = success(op);
      // A create is provoked once what it makes exists: that is when it answers that it exists already.
      const isCreate = op.method === 'POST' && !op.path.endsWith('/adopt');
      if (!isCreate) await provokeAll(op);
      // Readiness judges the event loop since the previous probe, and this test's own work (compiling
      // schemas) blocks it: a probe right before starts the measure afresh, as a kubelet's regular probes do.
      if (id === 'getReadiness') await send(exampleRequest(op));
      const answer = await send(exampleRequest(op));
      expect(answer.status, `${id}: ${answer.text}`).toBe(Number(status));
      const json = response.content?.['application/json'];
      if (json) {
        expect(validates(json.schema, answer.body), id).toEqual([]);
        expect(undocumented(answer.body, json.schema), id).toEqual([]);
        // The documented example shows what the server sends: the same fields.
        expect(fieldsOf(documented(json.schema)), id).toEqual(fieldsOf(answer.body));
      } else if (op.method === 'HEAD') {
        expect(answer.text, id).toBe('');
      }
      if (isCreate) await provokeAll(op);
    }
    expect(provoked.size).toBeGreaterThan(200);
  });

  const provoked = new Set<string>();

  /** Every documented error code of the operation that a request can provoke, provoked; nothing changes. */
  async function provokeAll(op: Op): Promise<void> {
    for (const [status, response] of Object.entries(op.operation.responses).filter(([s]) => Number(s) >= 400)) {
      const codes = response.content
        ? Object.keys(response.content['application/json']!.examples ?? {})
        : response.description.match(/`(\w+)`/g)!.map((c) => c.slice(1, -1));
      for (const code of codes) {
        const label = `${op.operation.operationId} ${code}`;
        const before = t.sandbox.snapshot();
        let answer: TestResponse | undefined;
        if (AWS_FAULTS[code] && param(op, 'account')) {
          const fault = t.sandbox.faults.add({ error: AWS_FAULTS[code] });
          answer = await send(exampleRequest(op)).finally(() => t.sandbox.faults.remove(fault));
        } else {
          const sent = PROVOKE[code]?.(op);
          if (sent) answer = await send(sent);
        }
        if (!answer) {
          expect(OWN_SCENE.has(code) || OWN_SCENE.has(label), `${label}: documented, but nothing here provokes it`).toBe(true);
          continue;
        }
        provoked.add(label);
        expect(answer.status, `${label}: ${answer.text}`).toBe(Number(status));
        if (op.method !== 'HEAD') expect(answer.body?.Code, label).toBe(code);
        expect(t.sandbox.diff(before, t.sandbox.snapshot()).toString(), label).toBe('');
      }
    }
  }
});
