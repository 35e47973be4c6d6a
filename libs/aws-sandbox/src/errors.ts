import * as cloudfront from '@aws-sdk/client-cloudfront';
import * as iam from '@aws-sdk/client-iam';
import * as tagging from '@aws-sdk/client-resource-groups-tagging-api';
import * as route53 from '@aws-sdk/client-route-53';
import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import * as sts from '@aws-sdk/client-sts';
import type { SandboxService } from './state.js';

type ServiceExceptionCtor = new (options: { name: string; $fault: 'client' | 'server'; $metadata: object; message?: string }) => Error;
type ModeledCtor = new (options: { message: string; $metadata: object }) => Error;

const BASE: Record<SandboxService, ServiceExceptionCtor> = {
  s3: s3.S3ServiceException,
  s3control: s3control.S3ControlServiceException,
  iam: iam.IAMServiceException,
  cloudfront: cloudfront.CloudFrontServiceException,
  route53: route53.Route53ServiceException,
  sts: sts.STSServiceException,
  tagging: tagging.ResourceGroupsTaggingAPIServiceException,
};

const MODULES: Record<SandboxService, Record<string, unknown>> = { s3, s3control, iam, cloudfront, route53, sts, tagging };

/** What the caller of a real SDK client sees: the error class the SDK would deserialize into. */
export interface AwsErrorSpec {
  readonly name: string;
  readonly message?: string;
  readonly httpStatusCode?: number;
  readonly fault?: 'client' | 'server';
}

let requestCounter = 0;

/** The `$metadata` of a response: retries later overwrite `attempts` and `totalRetryDelay`. */
export function responseMetadata(httpStatusCode: number): { httpStatusCode: number; requestId: string; attempts: number; totalRetryDelay: number } {
  requestCounter += 1;
  return { httpStatusCode, requestId: `sandbox-${requestCounter.toString(36)}`, attempts: 1, totalRetryDelay: 0 };
}

/**
 * The SDK's own exception: the modeled class when the client package has one for this code (IAM
 * codes map to `<Code>Exception`), else the service's base class carrying the code as its name,
 * exactly as the SDK's deserializer does for unmodeled codes.
 */
export function awsError(service: SandboxService, spec: AwsErrorSpec): Error {
  const status = spec.httpStatusCode ?? (spec.fault === 'server' ? 500 : 400);
  const fault = spec.fault ?? (status >= 500 ? 'server' : 'client');
  const message = spec.message ?? spec.name;
  const modeled = modeledClass(service, spec.name);
  const error = modeled
    ? new modeled({ message, $metadata: responseMetadata(status) })
    : new BASE[service]({ name: spec.name, $fault: fault, $metadata: responseMetadata(status), message });
  // CloudFront's error shapes carry the text in a `Message` member as well.
  if (service === 'cloudfront') Object.assign(error, { Message: message });
  return error;
}

function modeledClass(service: SandboxService, name: string): ModeledCtor | undefined {
  const exports = MODULES[service];
  for (const candidate of [name, `${name}Exception`]) {
    const value = exports[candidate];
    if (typeof value === 'function' && value.prototype instanceof BASE[service]) return value as ModeledCtor;
  }
  return undefined;
}

export const s3Error = (name: string, httpStatusCode: number, message?: string): Error =>
  awsError('s3', { name, httpStatusCode, ...(message ? { message } : {}) });
export const s3ControlError = (name: string, httpStatusCode: number, message: string): Error => awsError('s3control', { name, httpStatusCode, message });
export const iamError = (name: string, httpStatusCode: number, message: string): Error => awsError('iam', { name, httpStatusCode, message });
export const cloudFrontError = (name: string, httpStatusCode: number, message: string): Error => awsError('cloudfront', { name, httpStatusCode, message });
export const route53Error = (name: string, httpStatusCode: number, message: string): Error => awsError('route53', { name, httpStatusCode, message });
export const stsError = (name: string, httpStatusCode: number, message: string): Error => awsError('sts', { name, httpStatusCode, message });

/**
 * The query APIs (IAM, STS) check a whole number against its model's range before anything else,
 * with this message.
 */
export function inRange(service: 'iam' | 'sts', value: number, field: string, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw awsError(service, {
    name: 'ValidationError',
    httpStatusCode: 400,
    message: `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
  });
}

/** Thrown for an operation the sandbox does not emulate: never succeed silently. */
export class NotImplementedError extends Error {
  override readonly name = 'NotImplemented';
  readonly $fault = 'server';
  readonly $metadata = { httpStatusCode: 501 };

  constructor(service: string, command: string) {
    super(`The AWS sandbox does not implement ${service} ${command}`);
  }
}

/** Ready-made faults with the codes and statuses each service really answers with. */
export const SandboxErrors = {
  throttling(service: SandboxService): AwsErrorSpec {
    switch (service) {
      case 's3':
        return { name: 'SlowDown', httpStatusCode: 503, fault: 'server', message: 'Please reduce your request rate.' };
      case 'route53':
        return { name: 'ThrottlingException', httpStatusCode: 400, fault: 'client', message: 'Rate exceeded' };
      case 'tagging':
        return { name: 'ThrottledException', httpStatusCode: 400, fault: 'client', message: 'Rate exceeded' };
      default:
        return { name: 'Throttling', httpStatusCode: 400, fault: 'client', message: 'Rate exceeded' };
    }
  },
  unavailable(): AwsErrorSpec {
    return { name: 'ServiceUnavailable', httpStatusCode: 503, fault: 'server', message: 'Service is unable to handle request.' };
  },
  internal(): AwsErrorSpec {
    return { name: 'InternalError', httpStatusCode: 500, fault: 'server', message: 'We encountered an internal error. Please try again.' };
  },
  accessDenied(): AwsErrorSpec {
    return { name: 'AccessDenied', httpStatusCode: 403, fault: 'client', message: 'Access Denied' };
  },
} as const;
