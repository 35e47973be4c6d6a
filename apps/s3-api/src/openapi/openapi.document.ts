import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS } from '../common/api-errors.decorator.js';
import { ErrorBodyDto } from '../common/error-body.dto.js';
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
  /** Shown in the description when the server runs in sandbox mode with the well-known default token. */
  readonly sandboxToken?: string;
}

/**
 * Builds the OpenAPI document from the controllers' metadata, then applies the rules that hold for
 * every operation: public routes need no token, every protected one documents 401 (and 403/404 when
 * it takes an account), and every error status uses the shared error schema.
 */
export function buildOpenApiDocument(app: INestApplication, options: OpenApiOptions = {}): OpenAPIObject {
  const description = options.sandboxToken
    ? `${DESCRIPTION}\n\n**Sandbox mode**: no real AWS is touched. Authorize with the token \`${options.sandboxToken}\`; accounts \`sandbox\` and \`sandbox2\`, website domain \`sites.example.com\`.`
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

function finalizeDocument(document: OpenAPIObject): OpenAPIObject {
  const errorRef = { $ref: `${SCHEMA_REF}${schemaName(ErrorBodyDto.name)}` };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      const isPublic = extensions[PUBLIC_EXTENSION] === true;
      delete extensions[PUBLIC_EXTENSION];
      operation.security = isPublic ? [] : [{ [TOKEN_SCHEME]: [] }];
      // What any protected operation can meet: auth, the account, AWS throttling, outages, unknown AWS
      // errors and timeouts (its call or the request budget); and a body too large or not JSON where it takes one.
      const required = isPublic
        ? []
        : [401, ...(path.includes('{account}') ? [403, 404, 429, 502, 503, 504] : []), ...(operation.requestBody ? [413, 415] : []), 500];
      operation.responses ??= {};
      // Errors are JSON whatever the operation produces when it succeeds (a bookmark is a plist).
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
        if (Number(status) < 400 || !content || content['application/json']) continue;
        const schema = Object.values(content)[0]?.schema ?? errorRef;
        (response as { content?: unknown }).content = { 'application/json': { schema } };
      }
      for (const status of required) {
        operation.responses[String(status)] ??= {
          description: ERROR_DESCRIPTIONS[status] ?? 'Error',
          content: { 'application/json': { schema: errorRef } },
        };
      }
    }
  }
  return document;
}
