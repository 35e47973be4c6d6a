import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';
export type S3ApiClient = Client<paths>;
export type ErrorBody = components['schemas']['ErrorBody'];

export interface S3ApiClientOptions {
  /** Server origin, e.g. http://localhost:8080 (paths already start with /v1/s3). */
  readonly baseUrl: string;
  readonly token: string;
  /** A fetch implementation (tests pass one backed by the server in-process). */
  readonly fetch?: ClientOptions['fetch'];
}

/** A typed client for the s3-api, generated from openapi.yaml (`npm run openapi`). */
export function createS3ApiClient(options: S3ApiClientOptions): S3ApiClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { 'X-Auth-Token': options.token },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
