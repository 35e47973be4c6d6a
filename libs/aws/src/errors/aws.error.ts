import { DomainError, type ErrorKind } from '#common';
import type { AwsService } from '../clients/aws-options.js';

export interface AwsErrorOrigin {
  /** The AWS error code (`NoSuchEntity`, `AccessDenied`, ...), or the network error code (`ECONNRESET`, `TimeoutError`). */
  readonly awsCode: string;
  /** The service that answered: `sts` when assuming the account's role failed under another service's call. */
  readonly service: AwsService;
  readonly operation: string;
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** A failed AWS call. Services switch on `kind` and `awsCode` to raise their own codes (e.g. BucketNotFound). */
export class AwsError extends DomainError {
  readonly awsCode: string;
  readonly service: AwsService;
  readonly operation: string;
  readonly httpStatus: number | undefined;

  constructor(kind: ErrorKind, code: string, message: string, origin: AwsErrorOrigin) {
    super(kind, code, message, { retryAfterSeconds: origin.retryAfterSeconds, cause: origin.cause });
    this.name = 'AwsError';
    this.awsCode = origin.awsCode;
    this.service = origin.service;
    this.operation = origin.operation;
    this.httpStatus = origin.httpStatus;
  }
}
