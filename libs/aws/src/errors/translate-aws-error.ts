import { STSServiceException } from '@aws-sdk/client-sts';
import { DomainError, type ErrorEntry, type ErrorKind, errorTable, raise } from '#common';
import type { AwsService } from '../clients/aws-options.js';
import { AwsError, type AwsErrorOrigin } from './aws.error.js';

type AwsErrorKind = Exclude<ErrorKind, 'unauthorized' | 'payload_too_large'>;

/** What a failed AWS call answers, one stable code per kind. */
export const AWS_ERRORS = errorTable({
  ResourceNotFound: { kind: 'not_found', summary: 'AWS does not know a resource the request needs' },
  ResourceConflict: { kind: 'conflict', summary: "The request conflicts with the resource's current state in AWS" },
  InvalidRequest: { kind: 'invalid', summary: 'AWS refused a value of the request' },
  AwsAccessDenied: { kind: 'forbidden', summary: "AWS denied the server's credentials this action" },
  BucketPolicyDenied: {
    kind: 'forbidden',
    summary:
      "The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy",
  },
  PreconditionFailed: { kind: 'precondition_failed', summary: 'The resource changed in AWS meanwhile (concurrent modification); try again' },
  QuotaExceeded: {
    kind: 'conflict',
    summary:
      'An AWS account quota is reached (IAM groups, policies or users, buckets, distributions): retrying cannot help until something is deleted or the quota raised',
  },
  Throttled: { kind: 'throttled', summary: 'AWS throttled the request or a limit was reached; try again after Retry-After seconds' },
  AwsUnavailable: { kind: 'unavailable', summary: 'An AWS service is unavailable or refuses the server; try again after Retry-After seconds' },
  AwsTimeout: { kind: 'timeout', summary: 'An AWS call timed out' },
  AwsError: { kind: 'upstream', summary: 'AWS answered with an error the server does not expect' },
  InternalError: { kind: 'internal', summary: 'An unexpected server error' },
});

/**
 * How the translation classifies an answer: a kind, or one with a code of its own: an account quota
 * (a conflict), a bucket policy's explicit Deny (a refusal).
 */
type Category = AwsErrorKind | 'quota' | 'bucketPolicy';

/** The stable `Code` each category carries in the HTTP body. */
const AWS_ERROR_CODES = {
  ...(Object.fromEntries(
    Object.values(AWS_ERRORS)
      .filter((entry: ErrorEntry) => entry !== AWS_ERRORS.QuotaExceeded && entry !== AWS_ERRORS.BucketPolicyDenied)
      .map((entry: ErrorEntry) => [entry.kind, entry]),
  ) as Readonly<Record<AwsErrorKind, ErrorEntry>>),
  quota: AWS_ERRORS.QuotaExceeded,
  bucketPolicy: AWS_ERRORS.BucketPolicyDenied,
} satisfies Readonly<Record<Category, ErrorEntry>>;

/** A rate limit clears within seconds. */
const RATE_RETRY_SECONDS = 5;
/** A limit that clears when a long job ends (invalidations in progress): retrying at once is pointless. */
const JOB_RETRY_SECONDS = 60;

const RATE_LIMITED = [
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'BandwidthLimitExceeded',
  // Route 53 is still applying an earlier change to the zone; the same request succeeds shortly.
  'PriorRequestNotComplete',
];

/** Limits that lift by themselves once running jobs finish: throttled, with a long Retry-After. */
const JOBS_IN_PROGRESS = ['TooManyInvalidationsInProgress', 'ReportGenerationLimitExceeded'];

/**
 * Account quotas: they lift only when something is deleted or the quota is raised, so retrying cannot
 * help (409 QuotaExceeded, no Retry-After). S3 answers TooManyBuckets, CloudFront TooMany<Thing>,
 * IAM LimitExceeded ("Cannot exceed quota for GroupsPerAccount: 300").
 */
const QUOTA_EXCEEDED = ['TooManyBuckets', 'TooManyDistributions', 'TooManyHostedZones', 'LimitsExceeded', 'LimitExceeded', 'EntityLimitExceeded'];

// The SERVER's credentials or clock were refused: nothing the client can change, and every call
// fails until an operator acts, so these are an outage (503), not the client's 403.
const CREDENTIALS_REFUSED = [
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'UnrecognizedClientException',
  'MissingAuthenticationToken',
  'AuthFailure',
  'AuthorizationHeaderMalformed',
  'InvalidSecurity',
  'RequestExpired',
  'RequestTimeTooSkewed',
  'NotSignedUp',
  'OptInRequired',
];

const KIND_BY_CODE = new Map<string, Category>([
  ...kinds('not_found', [
    'NotFound',
    'NoSuchBucket',
    'NoSuchKey',
    'NoSuchUpload',
    'NoSuchVersion',
    'NoSuchTagSet',
    'NoSuchBucketPolicy',
    'NoSuchCORSConfiguration',
    'NoSuchLifecycleConfiguration',
    'NoSuchWebsiteConfiguration',
    'NoSuchPublicAccessBlockConfiguration',
    'ServerSideEncryptionConfigurationNotFoundError',
    'OwnershipControlsNotFoundError',
    'ObjectLockConfigurationNotFoundError',
    'ReplicationConfigurationNotFoundError',
    'NoSuchEntity',
    'NoSuchDistribution',
    'NoSuchInvalidation',
    'NoSuchOrigin',
    'NoSuchResource',
    'NoSuchCloudFrontOriginAccessIdentity',
    'NoSuchOriginAccessControl',
    'NoSuchStreamingDistribution',
    'EntityNotFound',
    'TrustedSignerDoesNotExist',
    'NoSuchHostedZone',
    'NoSuchChange',
    'NoSuchHealthCheck',
    'NoSuchDelegationSet',
    'NoSuchGeoLocation',
    'NoSuchQueryLoggingConfig',
    'NoSuchCloudWatchLogsLogGroup',
    'NoSuchTrafficPolicy',
    'NoSuchTrafficPolicyInstance',
    'HostedZoneNotFound',
    'VPCAssociationNotFound',
    'VPCAssociationAuthorizationNotFound',
  ]),
  ...kinds('conflict', [
    'BucketAlreadyExists',
    'BucketAlreadyOwnedByYou',
    'BucketNotEmpty',
    'InvalidBucketState',
    'OperationAborted',
    'RestoreAlreadyInProgress',
    'InvalidObjectState',
    'ObjectAlreadyInActiveTierError',
    'ObjectNotInActiveTierError',
    'EntityAlreadyExists',
    'DeleteConflict',
    'ConcurrentModification',
    'EntityTemporarilyUnmodifiable',
    'DuplicateCertificate',
    'DuplicateSSHPublicKey',
    'NameConflict',
    'CNAMEAlreadyExists',
    'DistributionAlreadyExists',
    'DistributionNotDisabled',
    'StreamingDistributionNotDisabled',
    'ResourceNotDisabled',
    'ResourceInUse',
    'IllegalDelete',
    'CannotDeleteEntityWhileInUse',
    'CannotUpdateEntityWhileInUse',
    'CloudFrontOriginAccessIdentityInUse',
    'OriginAccessControlAlreadyExists',
    'OriginAccessControlInUse',
    'FunctionAlreadyExists',
    'FunctionInUse',
    'HostedZoneAlreadyExists',
    'HostedZoneNotEmpty',
    'ConflictingDomainExists',
    'ConflictingTypes',
    'DelegationSetAlreadyCreated',
    'DelegationSetAlreadyReusable',
    'DelegationSetInUse',
    'HealthCheckInUse',
    'QueryLoggingConfigAlreadyExists',
  ]),
  ...kinds('invalid', [
    'InvalidBucketName',
    'InvalidTag',
    'InvalidArgument',
    'InvalidRequest',
    'InvalidLocationConstraint',
    'IllegalLocationConstraintException',
    'InvalidTargetBucketForLogging',
    // AWS's own spelling.
    'CrossLocationLoggingProhibitted',
    'InvalidStorageClass',
    'InvalidRange',
    'InvalidDigest',
    'BadDigest',
    'IncompleteBody',
    'EntityTooLarge',
    'EntityTooSmall',
    'KeyTooLongError',
    'MetadataTooLarge',
    'MaxMessageLengthExceeded',
    'MalformedXML',
    'MalformedACLError',
    'MalformedPolicy',
    'MissingContentLength',
    'MissingRequestBodyError',
    'MethodNotAllowed',
    'IllegalVersioningConfigurationException',
    'MalformedPolicyDocument',
    'InvalidInput',
    'ValidationError',
    'PolicyNotAttachable',
    'UnmodifiableEntity',
    'InvalidUserType',
    'PasswordPolicyViolation',
    'InvalidViewerCertificate',
    'InvalidIfMatchVersion',
    'IllegalUpdate',
    'InconsistentQuantities',
    'InvalidTagging',
    'InvalidOrigin',
    'InvalidDefaultRootObject',
    'InvalidMinimumProtocolVersion',
    'BatchTooLarge',
    'MissingBody',
    'InvalidChangeBatch',
    'InvalidDomainName',
    'InvalidPaginationToken',
    'InvalidParameter',
    'InvalidParameterValue',
  ]),
  ...kinds('forbidden', [
    'AccessDenied',
    'AccessDeniedException',
    'Forbidden',
    'AllAccessDisabled',
    'AccountProblem',
    'NotAuthorizedException',
    'InvalidPayer',
  ]),
  ...kinds('precondition_failed', ['PreconditionFailed']),
  ...kinds('throttled', [...RATE_LIMITED, ...JOBS_IN_PROGRESS]),
  ...kinds('quota', QUOTA_EXCEEDED),
  ...kinds('unavailable', [
    ...CREDENTIALS_REFUSED,
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'InternalError',
    'InternalFailure',
    'InternalServerError',
    'ServiceFailure',
    'PolicyEvaluation',
    'IDPCommunicationError',
  ]),
  ...kinds('timeout', ['RequestTimeout', 'RequestTimeoutException']),
  // Answers that mean we called AWS wrongly (wrong region, unsupported header): ours to fix.
  ...kinds('upstream', ['NotImplemented', 'PermanentRedirect', 'TemporaryRedirect', 'Redirect']),
]);

function kinds(kind: Category, codes: readonly string[]): [string, Category][] {
  return codes.map((code) => [code, kind]);
}

// AWS names whole families alike; matching the family keeps codes the SDK adds later (CloudFront
// alone has ~60 TooMany* quotas) out of the 502 bucket. Checked after the exact table.
const FAMILIES: readonly [RegExp, Category][] = [
  [/^NoSuch/, 'not_found'],
  [/^TooMany/, 'quota'],
  [/(AlreadyExists|InUse)$/, 'conflict'],
  [/^(Invalid|Malformed)/, 'invalid'],
];

// The SDK names query-protocol exceptions after their class (NoSuchEntityException) and keeps the
// wire code (NoSuchEntity) in `Code`; an exception built without `Code` still needs its wire code.
const WIRE_CODE_OF_CLASS: Readonly<Record<string, string>> = {
  // IAM
  ConcurrentModificationException: 'ConcurrentModification',
  CredentialReportExpiredException: 'ReportExpired',
  CredentialReportNotPresentException: 'ReportNotPresent',
  CredentialReportNotReadyException: 'ReportInProgress',
  DeleteConflictException: 'DeleteConflict',
  DuplicateCertificateException: 'DuplicateCertificate',
  DuplicateSSHPublicKeyException: 'DuplicateSSHPublicKey',
  EntityAlreadyExistsException: 'EntityAlreadyExists',
  EntityTemporarilyUnmodifiableException: 'EntityTemporarilyUnmodifiable',
  FeatureDisabledException: 'FeatureDisabled',
  FeatureEnabledException: 'FeatureEnabled',
  InvalidAuthenticationCodeException: 'InvalidAuthenticationCode',
  InvalidCertificateException: 'InvalidCertificate',
  InvalidInputException: 'InvalidInput',
  InvalidPublicKeyException: 'InvalidPublicKey',
  InvalidUserTypeException: 'InvalidUserType',
  KeyPairMismatchException: 'KeyPairMismatch',
  LimitExceededException: 'LimitExceeded',
  MalformedCertificateException: 'MalformedCertificate',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  NameConflictException: 'NameConflict',
  NoSuchEntityException: 'NoSuchEntity',
  OpenIdIdpCommunicationErrorException: 'OpenIdIdpCommunicationError',
  PasswordPolicyViolationException: 'PasswordPolicyViolation',
  PolicyEvaluationException: 'PolicyEvaluation',
  PolicyNotAttachableException: 'PolicyNotAttachable',
  ReportGenerationLimitExceededException: 'ReportGenerationLimitExceeded',
  RoleModifiedException: 'RoleModified',
  RoleTemplateDisabledException: 'RoleTemplateDisabled',
  ServiceFailureException: 'ServiceFailure',
  ServiceNotSupportedException: 'NotSupportedService',
  UnmodifiableEntityException: 'UnmodifiableEntity',
  UnrecognizedPublicKeyEncodingException: 'UnrecognizedPublicKeyEncoding',
  // STS (MalformedPolicyDocumentException is shared with IAM above)
  IDPCommunicationErrorException: 'IDPCommunicationError',
  IDPRejectedClaimException: 'IDPRejectedClaim',
  InsufficientSessionLifetimeException: 'InsufficientSessionLifetime',
  InvalidContextAssertionException: 'InvalidContextAssertion',
  InvalidIdentityTokenException: 'InvalidIdentityToken',
  InvalidSubjectCredentialsException: 'InvalidSubjectCredentials',
  PackedPolicyTooLargeException: 'PackedPolicyTooLarge',
};

const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** Names the SDK gives an error whose response carried no code (e.g. a HEAD answered 403). */
const NO_CODE = /^(|Unknown|UnknownError|\d{3})$/;

const SERVICE_LABEL: Readonly<Record<AwsService, string>> = {
  s3: 'S3',
  s3control: 'S3 Control',
  iam: 'IAM',
  cloudfront: 'CloudFront',
  route53: 'Route 53',
  sts: 'STS',
  tagging: 'Resource Groups Tagging API',
};

interface SdkServiceError {
  readonly name: string;
  readonly message?: unknown;
  readonly Code?: unknown;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

export interface AwsCallContext {
  readonly service: AwsService;
  readonly operation: string;
}

/**
 * The one place an SDK failure becomes our error. A DomainError passes through unchanged; an AWS
 * answer, timeout or network failure becomes an AwsError; anything else is our own bug (internal).
 */
export function translateAwsError(error: unknown, context: AwsCallContext): DomainError {
  if (error instanceof DomainError) return error;
  const label = `${SERVICE_LABEL[context.service]} ${context.operation}`;
  if (!isRecord(error)) return internal(label, error);

  const name = typeof error['name'] === 'string' ? error['name'] : '';
  if (TIMEOUT_NAMES.has(name)) return aws('timeout', `${label} timed out (${name})`, { ...context, awsCode: name, cause: error });
  if (isServiceError(error)) return fromService(error, context);

  const network = networkCode(error);
  if (network !== undefined)
    return aws('unavailable', `${label} failed: AWS could not be reached (${network})`, { ...context, awsCode: network, cause: error });
  if (name === 'CredentialsProviderError') {
    return aws('unavailable', `${label} failed: the server has no AWS credentials for this account`, { ...context, awsCode: name, cause: error });
  }
  return internal(label, error);
}

function fromService(error: SdkServiceError, context: AwsCallContext): AwsError {
  const status = error.$metadata.httpStatusCode;
  const awsCode = wireCode(error);
  // The account's role is assumed lazily, inside the first call that needs it; its failure is about
  // the server's configuration, whatever the client asked for.
  const viaSts = error instanceof STSServiceException && context.service !== 'sts';
  const origin = viaSts ? { service: 'sts' as const, operation: 'AssumeRole' } : context;

  let category = classify(awsCode, status, error, origin.operation);
  // S3 says which kind of policy refused a request of the bucket owner's account
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples).
  if (origin.service === 's3' && category === 'forbidden' && String(error.message).includes('explicit deny in a resource-based policy'))
    category = 'bucketPolicy';
  // STS only ever sees the server's own configuration (role ARN, external id), so a refusal means
  // the account is unreachable until an operator acts, not that the request was wrong.
  if (origin.service === 'sts' && category !== 'throttled' && category !== 'timeout') category = 'unavailable';

  const detail = sanitize(typeof error.message === 'string' ? error.message : '', awsCode);
  const call = `${SERVICE_LABEL[context.service]} ${context.operation}${viaSts ? ': STS AssumeRole' : ''}`;
  return aws(category, `${call} failed: ${awsCode}${detail ? `: ${detail}` : ''}`, {
    ...origin,
    awsCode,
    httpStatus: status,
    cause: error,
    retryAfterSeconds: category === 'throttled' ? retryAfter(awsCode) : undefined,
  });
}

function classify(awsCode: string, status: number | undefined, error: SdkServiceError, operation: string): Category {
  // IAM allows two access keys per user: one more is the user's state, not an account quota.
  if (awsCode === 'LimitExceeded' && operation === 'CreateAccessKey') return 'conflict';
  const known = KIND_BY_CODE.get(awsCode) ?? FAMILIES.find(([pattern]) => pattern.test(awsCode))?.[1];
  if (known !== undefined) return known;
  if (error.$retryable?.throttling || status === 429) return 'throttled';
  if (error.$fault === 'server' || (status !== undefined && status >= 500)) return 'unavailable';
  if (NO_CODE.test(awsCode)) return kindOfStatus(status);
  // An answer we do not know is AWS's word against ours: a bad gateway, not the client's 400.
  return 'upstream';
}

function kindOfStatus(status: number | undefined): AwsErrorKind {
  switch (status) {
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    default:
      return 'upstream';
  }
}

function retryAfter(awsCode: string): number {
  return JOBS_IN_PROGRESS.includes(awsCode) ? JOB_RETRY_SECONDS : RATE_RETRY_SECONDS;
}

function wireCode(error: SdkServiceError): string {
  if (typeof error.Code === 'string' && error.Code !== '') return error.Code;
  return WIRE_CODE_OF_CLASS[error.name] ?? error.name;
}

/**
 * AWS messages may carry request and host ids, account ids and the server's own role ARN: useful
 * in our logs (the cause keeps them), none of the client's business.
 */
function sanitize(message: string, awsCode: string): string {
  const cleaned = message
    .replace(/\s*\([^()]*Request ?ID[^()]*\)/gi, '')
    .replace(/\b(Extended )?(Request|Host) ?ID:?\s*[\w+/=-]+/gi, '')
    .replace(/Encoded authorization failure message:\s*\S+/gi, '')
    .replace(/\barn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:[^\s,;"')]+/g, '<arn>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b\d{12}\b/g, '<account>')
    // Longer than any bucket name: host ids and other opaque tokens.
    .replace(/[A-Za-z0-9+/=]{64,}/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:])/g, '$1')
    .trim();
  if (cleaned === '' || cleaned === awsCode || cleaned === 'UnknownError') return '';
  return cleaned.length > 300 ? `${cleaned.slice(0, 299)}…` : cleaned;
}

function aws(category: Category, message: string, origin: AwsErrorOrigin): AwsError {
  const entry = AWS_ERROR_CODES[category];
  return new AwsError(entry.kind, entry.code, message, origin);
}

function internal(label: string, cause: unknown): DomainError {
  return raise(AWS_ERRORS.InternalError, `${label} failed unexpectedly`, { cause });
}

function networkCode(error: Record<string, unknown>): string | undefined {
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 3; current = current['cause'], depth++) {
    for (const candidate of [current['code'], current['name']]) {
      if (typeof candidate === 'string' && NETWORK_CODES.has(candidate)) return candidate;
    }
  }
  return undefined;
}

function isServiceError(error: Record<string, unknown>): error is Record<string, unknown> & SdkServiceError {
  return (error['$fault'] === 'client' || error['$fault'] === 'server') && isRecord(error['$metadata']) && typeof error['name'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
