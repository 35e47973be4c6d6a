import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto.js';

export const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad request: invalid input, with every offending field listed (Code ValidationError, InvalidJson, ...)',
  401: 'Missing or invalid X-Auth-Token (Code Unauthorized)',
  403: 'The token may not use this account (AccountNotAllowed), or AWS denied access (AwsAccessDenied)',
  404: 'Account not found (AccountNotFound) or resource not found',
  409: 'Conflict with the current state',
  412: 'AWS precondition failed (concurrent modification)',
  413: 'Request body too large',
  415: 'The body is not sent as Content-Type: application/json (Code UnsupportedMediaType)',
  429: 'AWS throttling or a limit was exceeded (Code Throttled); see Retry-After',
  500: 'Unexpected server error (Code InternalError)',
  502: 'AWS answered with an unexpected error (Code AwsError)',
  503: 'An AWS service is unavailable (Code AwsUnavailable); see Retry-After',
  504: 'An AWS call timed out (Code AwsTimeout) or the request exceeded its budget (RequestTimeout)',
};

/** The 403 of every route that acts on an existing bucket or website. */
export const NOT_MANAGED_403 =
  'The bucket was not made by this service or its org, or is an access-log bucket (BucketNotManaged); or the token may not use this account (AccountNotAllowed); or AWS denied access, e.g. to a bucket of another account (AwsAccessDenied)';

/** Documents error statuses with the shared error schema; `descriptions` override the defaults. */
export function ApiErrors(statuses: readonly number[], descriptions: Readonly<Record<number, string>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: descriptions[status] ?? ERROR_DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto })),
  );
}
