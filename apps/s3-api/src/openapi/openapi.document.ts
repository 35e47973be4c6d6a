import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ReferenceObject, ResponseObject, ResponsesObject, SchemaObject } from '@nestjs/swagger';
import { AWS_ERRORS } from '#aws';
import { COMMON_ERRORS, type ErrorEntry } from '#common';
import { ERRORS_EXTENSION } from '../common/api-errors.decorator.js';
import { ErrorBodyDto } from '../common/error-body.dto.js';
import { HTTP_ERRORS, PROTOCOL_ERRORS, type ProtocolEntry } from '../common/http.errors.js';
import { KIND_STATUS } from '../common/http-status.js';
import { PUBLIC_EXTENSION } from '../common/public.decorator.js';
import { BUILD_INFO } from '../generated/build-info.js';

export const TOKEN_SCHEME = 'X-Auth-Token';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const DESCRIPTION = `Self-service provisioning of AWS storage, safely: S3 buckets with sane defaults (encryption,
Block Public Access, access logging), IAM users and access keys scoped to one bucket, and static
websites (S3 + CloudFront + ACM certificate + Route 53), across many AWS accounts.

* Authenticate every call with the \`X-Auth-Token\` header (use **Authorize**). Only the system routes are public.
* \`{account}\` is a configured account name or its 12-digit id.
* Every error has the JSON body \`{"Code", "Message", "RequestId"}\`; \`Code\` is stable (see the ErrorBody schema).
  A known path with another method answers 405 with \`Allow\`; a request that arrives too slowly, 408.
* Multi-step operations never leave anything half-made: a failure undoes every step already done.`;

export interface OpenApiOptions {
  /** What a server in sandbox mode serves, shown in the description so that a visitor can try it at once. */
  readonly sandbox?: {
    /** The well-known default token, when it is the one accepted (a token someone chose is never shown). */
    readonly token?: string;
    readonly accounts: readonly string[];
    readonly domains: readonly string[];
  };
}

/**
 * Builds the OpenAPI document from the controllers' metadata, then applies the rules that hold for
 * every operation: public routes need no token, every protected one documents 401 (and 403/404 when
 * it takes an account), and every error status uses the shared error schema.
 */
export function buildOpenApiDocument(app: INestApplication, options: OpenApiOptions = {}): OpenAPIObject {
  const { sandbox } = options;
  const description = sandbox
    ? `${DESCRIPTION}\n\n**Sandbox mode**: no real AWS is touched. ${sandbox.token ? `Authorize with the token \`${sandbox.token}\`; a` : 'A'}ccounts ${sandbox.accounts.map((name) => `\`${name}\``).join(', ')}, website domain ${sandbox.domains.map((name) => `\`${name}\``).join(', ') || '(none)'}.`
    : DESCRIPTION;
  const config = new DocumentBuilder()
    .setTitle('s3-api')
    .setDescription(description)
    .setVersion(BUILD_INFO.version)
    .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This server')
    .addApiKey({ type: 'apiKey', in: 'header', name: TOKEN_SCHEME, description: 'Pre-shared token' }, TOKEN_SCHEME)
    .addTag('system', 'Ping, version, metrics and health probes (public)')
    .addTag('buckets', 'S3 buckets with their admin policy and group')
    .addTag('bucket-users', 'IAM users scoped to one bucket, and their access keys')
    .addTag('websites', 'Static websites: S3 + CloudFront + Route 53')
    .addTag('website-users', 'IAM users scoped to one website, optionally to a path of it')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBodyDto],
    operationIdFactory: (_controller, method) => method,
  });
  return finalizeDocument(withSchemaNames(document));
}

/**
 * The name of a class's schema in the published document: its class name without the `Dto`
 * suffix, which says how the server is built, not what a client sends (and every generated SDK
 * would carry it).
 */
export const schemaName = (className: string): string => className.replace(/Dto$/, '');

const SCHEMA_REF = '#/components/schemas/';

/** Renames every component schema to its published name, references included. */
function withSchemaNames(document: OpenAPIObject): OpenAPIObject {
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMA_REF) ? SCHEMA_REF + schemaName(item.slice(SCHEMA_REF.length)) : rename(item),
      ]),
    );
  };
  const schemas = Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [schemaName(name), rename(schema)]));
  return { ...(rename(document) as OpenAPIObject), components: { ...document.components, schemas } } as OpenAPIObject;
}

/**
 * What any protected operation can meet besides its own errors: the token and an internal error;
 * on an account, the account, AWS refusing, not finding, throttling, failing or timing out, and
 * the request budget; with a body, a body too large, not JSON or not valid.
 */
function implicitErrors(isPublic: boolean, path: string, hasBody: boolean): (ErrorEntry | ProtocolEntry)[] {
  if (isPublic) return [];
  const account = path.includes('{account}')
    ? [
        COMMON_ERRORS.AccountNotFound,
        HTTP_ERRORS.AccountNotAllowed,
        AWS_ERRORS.AwsAccessDenied,
        AWS_ERRORS.BucketPolicyDenied,
        AWS_ERRORS.ResourceNotFound,
        AWS_ERRORS.InvalidRequest,
        AWS_ERRORS.Throttled,
        AWS_ERRORS.AwsError,
        AWS_ERRORS.AwsUnavailable,
        AWS_ERRORS.AwsTimeout,
        HTTP_ERRORS.RequestTimeout,
      ]
    : [];
  const body = hasBody ? [HTTP_ERRORS.PayloadTooLarge, PROTOCOL_ERRORS.UnsupportedMediaType, HTTP_ERRORS.InvalidJson, COMMON_ERRORS.ValidationError] : [];
  return [HTTP_ERRORS.Unauthorized, ...account, ...body, AWS_ERRORS.InternalError];
}

const EXAMPLE_REQUEST_ID = '7f1c0e52-1e5f-4c4e-a2a5-4bb8f0f6b0a1';

/** What a validation error's Details look like: every offending field, each with its problem. */
const EXAMPLE_DETAILS = [
  { Field: 'BucketInput.Bucket', Problem: 'bucket names are 3 to 63 characters long' },
  { Field: 'Tags[0].Key', Problem: 'must not start with aws:' },
];

/**
 * One error response: every code it stands for, each with its summary and an example body. A HEAD
 * answer has no body, so it documents none.
 */
function errorResponse(entries: readonly (ErrorEntry | ProtocolEntry)[], schema: ReferenceObject, withBody: boolean): ResponseObject {
  const description = entries.map((entry) => `\`${entry.code}\`: ${entry.summary}`).join('\n\n');
  if (!withBody) return { description };
  const example = (entry: ErrorEntry | ProtocolEntry) => ({
    Code: entry.code,
    Message: entry.summary,
    RequestId: EXAMPLE_REQUEST_ID,
    ...(entry.code === COMMON_ERRORS.ValidationError.code ? { Details: EXAMPLE_DETAILS } : {}),
  });
  return {
    description,
    content: {
      'application/json': {
        schema,
        examples: Object.fromEntries(entries.map((entry) => [entry.code, { summary: entry.summary, value: example(entry) }])),
      },
    },
  };
}

/** A HEAD answer is its status and its headers: no body, whatever the status. */
function documentHeadSuccess(responses: ResponsesObject): void {
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 300 || !response || '$ref' in response) continue;
    responses[status] = {
      description: response.description,
      headers: { 'X-Request-Id': { description: 'The request id (every answer carries it)', schema: { type: 'string' } } },
    };
  }
}

function finalizeDocument(document: OpenAPIObject): OpenAPIObject {
  const errorRef = { $ref: `${SCHEMA_REF}${schemaName(ErrorBodyDto.name)}` };
  const documented = new Set<string>([...Object.keys(HTTP_ERRORS), ...Object.keys(PROTOCOL_ERRORS)]);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      const isPublic = extensions[PUBLIC_EXTENSION] === true;
      const declared = (extensions[ERRORS_EXTENSION] ?? []) as ErrorEntry[];
      delete extensions[PUBLIC_EXTENSION];
      delete extensions[ERRORS_EXTENSION];
      operation.security = isPublic ? [] : [{ [TOKEN_SCHEME]: [] }];
      operation.responses ??= {};
      if (method === 'head') documentHeadSuccess(operation.responses);
      // Errors are JSON whatever the operation produces when it succeeds (a bookmark is a plist).
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
        if (Number(status) < 400 || !content || content['application/json']) continue;
        const schema = Object.values(content)[0]?.schema ?? errorRef;
        (response as { content?: unknown }).content = { 'application/json': { schema } };
      }
      const byStatus = new Map<number, (ErrorEntry | ProtocolEntry)[]>();
      for (const entry of [...declared, ...implicitErrors(isPublic, path, operation.requestBody !== undefined)]) {
        const status = 'status' in entry ? entry.status : KIND_STATUS[entry.kind];
        const entries = byStatus.get(status) ?? [];
        if (!entries.some((known) => known.code === entry.code)) byStatus.set(status, [...entries, entry]);
        documented.add(entry.code);
      }
      for (const [status, entries] of [...byStatus].sort(([a], [b]) => a - b)) {
        operation.responses[String(status)] = errorResponse(entries, errorRef, method !== 'head');
      }
    }
  }
  // A list, not an enum: a client must expect codes added later.
  const errorBody = document.components?.schemas?.[schemaName(ErrorBodyDto.name)] as SchemaObject | undefined;
  const code = errorBody?.properties?.['Code'] as SchemaObject | undefined;
  if (code) code.description = `${code.description} The codes: ${[...documented].sort().join(', ')}.`;
  return document;
}
