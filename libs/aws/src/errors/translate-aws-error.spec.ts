import * as cloudfront from '@aws-sdk/client-cloudfront';
import * as iam from '@aws-sdk/client-iam';
import * as tagging from '@aws-sdk/client-resource-groups-tagging-api';
import * as route53 from '@aws-sdk/client-route-53';
import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import * as sts from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorKind } from '#common';
import type { AwsService } from '../clients/aws-options.js';
import { AwsError } from './aws.error.js';
import { translateAwsError } from './translate-aws-error.js';

const CLIENTS: Record<AwsService, { module: Record<string, unknown>; base: typeof s3.S3ServiceException }> = {
  s3: { module: s3, base: s3.S3ServiceException },
  s3control: { module: s3control, base: s3control.S3ControlServiceException },
  iam: { module: iam, base: iam.IAMServiceException },
  cloudfront: { module: cloudfront, base: cloudfront.CloudFrontServiceException },
  route53: { module: route53, base: route53.Route53ServiceException },
  sts: { module: sts, base: sts.STSServiceException },
  tagging: { module: tagging, base: tagging.ResourceGroupsTaggingAPIServiceException },
};

type ServiceExceptionClass = new (options: { message: string; $metadata: { httpStatusCode?: number } }) => Error;

/** The SDK's own exception class for `code` (`NoSuchBucket`, `NoSuchEntityException`), if it has one. */
function sdkExceptionClass(service: AwsService, code: string): ServiceExceptionClass | undefined {
  const { module, base } = CLIENTS[service];
  // Query-protocol clients (IAM, STS) name their classes <Code>Exception; the others after the code.
  const candidates = service === 'iam' || service === 'sts' ? [code, `${code}Exception`] : [code];
  const found = candidates
    .map((name) => module[name])
    .find((ctor) => typeof ctor === 'function' && Object.prototype.isPrototypeOf.call(base.prototype, ctor.prototype));
  return found as ServiceExceptionClass | undefined;
}

/** An exception as the SDK would throw it: its own class where it has one, else its base class named after the code. */
function sdkException(service: AwsService, code: string, httpStatusCode: number, message = `${code} happened`): Error {
  const $metadata = { httpStatusCode, requestId: 'REQ-1', attempts: 1, totalRetryDelay: 0 };
  const ctor = sdkExceptionClass(service, code);
  if (ctor !== undefined) return new ctor({ message, $metadata });
  return new CLIENTS[service].base({ name: code, message, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata });
}

/** How a row expects an answer classified: a kind, or an account quota (409 QuotaExceeded). */
type Category = ErrorKind | 'quota';

const KIND_OF: Record<Category, ErrorKind> = {
  not_found: 'not_found',
  conflict: 'conflict',
  invalid: 'invalid',
  forbidden: 'forbidden',
  precondition_failed: 'precondition_failed',
  throttled: 'throttled',
  unavailable: 'unavailable',
  timeout: 'timeout',
  upstream: 'upstream',
  internal: 'internal',
  unauthorized: 'unauthorized',
  payload_too_large: 'payload_too_large',
  quota: 'conflict',
};

const CODES: Record<Category, string> = {
  quota: 'QuotaExceeded',
  not_found: 'ResourceNotFound',
  conflict: 'ResourceConflict',
  invalid: 'InvalidRequest',
  forbidden: 'AwsAccessDenied',
  precondition_failed: 'PreconditionFailed',
  throttled: 'Throttled',
  unavailable: 'AwsUnavailable',
  timeout: 'AwsTimeout',
  upstream: 'AwsError',
  internal: 'InternalError',
  unauthorized: 'never produced',
  payload_too_large: 'never produced',
};

/** [AWS code, kind, HTTP status AWS answers it with]: the status must not override the code. */
type Row = readonly [string, Category, number];

const TABLE: Record<AwsService, Row[]> = {
  s3: [
    ['NoSuchBucket', 'not_found', 404],
    ['NotFound', 'not_found', 404],
    ['NoSuchKey', 'not_found', 404],
    ['NoSuchUpload', 'not_found', 404],
    ['NoSuchVersion', 'not_found', 404],
    ['NoSuchTagSet', 'not_found', 404],
    ['NoSuchBucketPolicy', 'not_found', 404],
    ['NoSuchCORSConfiguration', 'not_found', 404],
    ['NoSuchLifecycleConfiguration', 'not_found', 404],
    ['NoSuchWebsiteConfiguration', 'not_found', 404],
    ['NoSuchPublicAccessBlockConfiguration', 'not_found', 404],
    ['ServerSideEncryptionConfigurationNotFoundError', 'not_found', 404],
    ['OwnershipControlsNotFoundError', 'not_found', 404],
    ['BucketAlreadyExists', 'conflict', 409],
    ['BucketAlreadyOwnedByYou', 'conflict', 409],
    ['BucketNotEmpty', 'conflict', 409],
    ['InvalidBucketState', 'conflict', 409],
    ['OperationAborted', 'conflict', 409],
    ['RestoreAlreadyInProgress', 'conflict', 409],
    ['InvalidObjectState', 'conflict', 403],
    ['ObjectAlreadyInActiveTierError', 'conflict', 403],
    ['ObjectNotInActiveTierError', 'conflict', 403],
    ['InvalidBucketName', 'invalid', 400],
    ['InvalidTag', 'invalid', 400],
    ['MalformedPolicy', 'invalid', 400],
    ['InvalidPolicyDocument', 'invalid', 400],
    ['InvalidArgument', 'invalid', 400],
    ['InvalidRequest', 'invalid', 400],
    ['InvalidLocationConstraint', 'invalid', 400],
    ['IllegalLocationConstraintException', 'invalid', 400],
    ['InvalidTargetBucketForLogging', 'invalid', 400],
    ['CrossLocationLoggingProhibitted', 'invalid', 403],
    ['InvalidStorageClass', 'invalid', 400],
    ['InvalidRange', 'invalid', 416],
    ['InvalidDigest', 'invalid', 400],
    ['BadDigest', 'invalid', 400],
    ['IncompleteBody', 'invalid', 400],
    ['EntityTooLarge', 'invalid', 400],
    ['EntityTooSmall', 'invalid', 400],
    ['KeyTooLongError', 'invalid', 400],
    ['MetadataTooLarge', 'invalid', 400],
    ['MaxMessageLengthExceeded', 'invalid', 400],
    ['MalformedXML', 'invalid', 400],
    ['MalformedACLError', 'invalid', 400],
    ['MissingContentLength', 'invalid', 411],
    ['MissingRequestBodyError', 'invalid', 400],
    ['MethodNotAllowed', 'invalid', 405],
    ['IllegalVersioningConfigurationException', 'invalid', 400],
    ['InvalidURI', 'invalid', 400],
    ['InvalidPart', 'invalid', 400],
    ['InvalidParameter', 'invalid', 400],
    ['AccessDenied', 'forbidden', 403],
    ['Forbidden', 'forbidden', 403],
    ['AllAccessDisabled', 'forbidden', 403],
    ['AccountProblem', 'forbidden', 403],
    ['InvalidPayer', 'forbidden', 403],
    ['InvalidAccessKeyId', 'unavailable', 403],
    ['SignatureDoesNotMatch', 'unavailable', 403],
    ['ExpiredToken', 'unavailable', 400],
    ['InvalidToken', 'unavailable', 400],
    ['TokenRefreshRequired', 'unavailable', 400],
    ['AuthorizationHeaderMalformed', 'unavailable', 400],
    ['RequestTimeTooSkewed', 'unavailable', 403],
    ['InvalidSecurity', 'unavailable', 403],
    ['NotSignedUp', 'unavailable', 403],
    ['PreconditionFailed', 'precondition_failed', 412],
    ['SlowDown', 'throttled', 503],
    ['TooManyBuckets', 'quota', 400],
    ['ServiceUnavailable', 'unavailable', 503],
    ['InternalError', 'unavailable', 500],
    ['RequestTimeout', 'timeout', 400],
    ['NotImplemented', 'upstream', 501],
    ['PermanentRedirect', 'upstream', 301],
    ['TemporaryRedirect', 'upstream', 307],
    ['Redirect', 'upstream', 307],
    ['AmbiguousGrantByEmailAddress', 'upstream', 400],
    ['CredentialsNotSupported', 'upstream', 400],
    ['InlineDataTooLarge', 'upstream', 400],
    ['MissingSecurityHeader', 'upstream', 400],
    ['UnexpectedContent', 'upstream', 400],
    ['UserKeyMustBeSpecified', 'upstream', 400],
  ],
  iam: [
    ['NoSuchEntity', 'not_found', 404],
    ['EntityAlreadyExists', 'conflict', 409],
    ['DeleteConflict', 'conflict', 409],
    ['ConcurrentModification', 'conflict', 409],
    ['EntityTemporarilyUnmodifiable', 'conflict', 409],
    ['DuplicateCertificate', 'conflict', 409],
    ['DuplicateSSHPublicKey', 'conflict', 400],
    ['NameConflict', 'conflict', 409],
    ['MalformedPolicyDocument', 'invalid', 400],
    ['InvalidInput', 'invalid', 400],
    ['ValidationError', 'invalid', 400],
    ['PolicyNotAttachable', 'invalid', 400],
    ['UnmodifiableEntity', 'invalid', 400],
    ['InvalidUserType', 'invalid', 400],
    ['PasswordPolicyViolation', 'invalid', 400],
    ['InvalidAuthenticationCode', 'invalid', 403],
    ['InvalidCertificate', 'invalid', 400],
    ['InvalidPublicKey', 'invalid', 400],
    ['MalformedCertificate', 'invalid', 400],
    ['AccessDenied', 'forbidden', 403],
    ['Forbidden', 'forbidden', 403],
    ['InvalidClientTokenId', 'unavailable', 403],
    ['SignatureDoesNotMatch', 'unavailable', 403],
    ['ExpiredToken', 'unavailable', 403],
    ['IncompleteSignature', 'unavailable', 400],
    ['MissingAuthenticationToken', 'unavailable', 403],
    ['Throttling', 'throttled', 400],
    ['LimitExceeded', 'quota', 409],
    ['ReportGenerationLimitExceeded', 'throttled', 409],
    ['ServiceFailure', 'unavailable', 500],
    ['PolicyEvaluation', 'unavailable', 500],
    ['InternalFailure', 'unavailable', 500],
    ['ServiceUnavailable', 'unavailable', 503],
    ['RequestTimeoutException', 'timeout', 408],
    ['KeyPairMismatch', 'upstream', 400],
    ['UnrecognizedPublicKeyEncoding', 'upstream', 400],
  ],
  cloudfront: [
    ['NoSuchDistribution', 'not_found', 404],
    ['NoSuchInvalidation', 'not_found', 404],
    ['NoSuchOrigin', 'not_found', 404],
    ['NoSuchResource', 'not_found', 404],
    ['NoSuchCloudFrontOriginAccessIdentity', 'not_found', 404],
    ['NoSuchOriginAccessControl', 'not_found', 404],
    ['NoSuchCachePolicy', 'not_found', 404],
    ['NoSuchStreamingDistribution', 'not_found', 404],
    ['EntityNotFound', 'not_found', 404],
    ['TrustedSignerDoesNotExist', 'not_found', 400],
    ['CNAMEAlreadyExists', 'conflict', 409],
    ['DistributionAlreadyExists', 'conflict', 409],
    ['DistributionNotDisabled', 'conflict', 409],
    ['StreamingDistributionNotDisabled', 'conflict', 409],
    ['ResourceNotDisabled', 'conflict', 409],
    ['ResourceInUse', 'conflict', 409],
    ['IllegalDelete', 'conflict', 400],
    ['CannotDeleteEntityWhileInUse', 'conflict', 409],
    ['CloudFrontOriginAccessIdentityInUse', 'conflict', 409],
    ['OriginAccessControlAlreadyExists', 'conflict', 409],
    ['FieldLevelEncryptionConfigInUse', 'conflict', 409],
    ['EntityAlreadyExists', 'conflict', 409],
    ['InvalidViewerCertificate', 'invalid', 400],
    ['InvalidIfMatchVersion', 'invalid', 400],
    ['IllegalUpdate', 'invalid', 400],
    ['InvalidArgument', 'invalid', 400],
    ['InconsistentQuantities', 'invalid', 400],
    ['InvalidTagging', 'invalid', 400],
    ['InvalidOrigin', 'invalid', 400],
    ['InvalidDefaultRootObject', 'invalid', 400],
    ['InvalidMinimumProtocolVersion', 'invalid', 400],
    ['InvalidRelativePath', 'invalid', 400],
    ['InvalidErrorCode', 'invalid', 400],
    ['InvalidTTLOrder', 'invalid', 400],
    ['InvalidWebACLId', 'invalid', 400],
    ['BatchTooLarge', 'invalid', 413],
    ['MissingBody', 'invalid', 400],
    ['AccessDenied', 'forbidden', 403],
    ['PreconditionFailed', 'precondition_failed', 412],
    ['TooManyInvalidationsInProgress', 'throttled', 400],
    ['TooManyDistributions', 'quota', 400],
    ['TooManyDistributionCNAMEs', 'quota', 400],
    ['TooManyCertificates', 'quota', 400],
    ['TooManyOrigins', 'quota', 400],
    ['TooManyCacheBehaviors', 'quota', 400],
    ['EntityLimitExceeded', 'quota', 400],
    ['Throttling', 'throttled', 400],
    ['ServiceUnavailable', 'unavailable', 503],
    ['InternalError', 'unavailable', 500],
    ['CannotChangeImmutablePublicKeyFields', 'upstream', 400],
    ['QueryArgProfileEmpty', 'upstream', 400],
  ],
  route53: [
    ['NoSuchHostedZone', 'not_found', 404],
    ['NoSuchChange', 'not_found', 404],
    ['HostedZoneNotFound', 'not_found', 400],
    ['NoSuchHealthCheck', 'not_found', 404],
    ['NoSuchDelegationSet', 'not_found', 400],
    ['NoSuchGeoLocation', 'not_found', 404],
    ['NoSuchQueryLoggingConfig', 'not_found', 404],
    ['NoSuchTrafficPolicy', 'not_found', 404],
    ['NoSuchCloudWatchLogsLogGroup', 'not_found', 404],
    ['VPCAssociationNotFound', 'not_found', 404],
    ['VPCAssociationAuthorizationNotFound', 'not_found', 404],
    ['HostedZoneAlreadyExists', 'conflict', 409],
    ['HostedZoneNotEmpty', 'conflict', 400],
    ['ConcurrentModification', 'conflict', 400],
    ['ConflictingDomainExists', 'conflict', 400],
    ['ConflictingTypes', 'conflict', 400],
    ['DelegationSetAlreadyCreated', 'conflict', 400],
    ['DelegationSetAlreadyReusable', 'conflict', 400],
    ['DelegationSetInUse', 'conflict', 400],
    ['HealthCheckAlreadyExists', 'conflict', 409],
    ['HealthCheckInUse', 'conflict', 400],
    ['TrafficPolicyAlreadyExists', 'conflict', 409],
    ['TrafficPolicyInUse', 'conflict', 400],
    ['QueryLoggingConfigAlreadyExists', 'conflict', 409],
    ['InvalidChangeBatch', 'invalid', 400],
    ['InvalidInput', 'invalid', 400],
    ['InvalidArgument', 'invalid', 400],
    ['InvalidDomainName', 'invalid', 400],
    ['InvalidPaginationToken', 'invalid', 400],
    ['InvalidTrafficPolicyDocument', 'invalid', 400],
    ['InvalidVPCId', 'invalid', 400],
    ['NotAuthorizedException', 'forbidden', 401],
    ['AccessDenied', 'forbidden', 403],
    ['PriorRequestNotComplete', 'throttled', 400],
    ['ThrottlingException', 'throttled', 400],
    ['Throttling', 'throttled', 400],
    ['LimitsExceeded', 'quota', 400],
    ['TooManyHostedZones', 'quota', 400],
    ['TooManyHealthChecks', 'quota', 400],
    ['TooManyTrafficPolicies', 'quota', 400],
    ['TooManyVPCAssociationAuthorizations', 'quota', 400],
    ['ServiceUnavailable', 'unavailable', 503],
    ['InternalFailure', 'unavailable', 500],
    ['DelegationSetNotAvailable', 'upstream', 400],
    ['HostedZoneNotPrivate', 'upstream', 400],
    ['LastVPCAssociation', 'upstream', 400],
  ],
  // STS sees only the server's own configuration: every refusal is an outage, not the client's fault.
  s3control: [
    ['NoSuchPublicAccessBlockConfiguration', 'not_found', 404],
    ['AccessDenied', 'forbidden', 403],
    ['InvalidRequest', 'invalid', 400],
    ['MalformedXML', 'invalid', 400],
  ],
  sts: [
    ['AccessDenied', 'unavailable', 403],
    ['ExpiredTokenException', 'unavailable', 400],
    ['RegionDisabledException', 'unavailable', 403],
    ['MalformedPolicyDocument', 'unavailable', 400],
    ['PackedPolicyTooLarge', 'unavailable', 400],
    ['ValidationError', 'unavailable', 400],
    ['IDPCommunicationError', 'unavailable', 400],
    ['InvalidClientTokenId', 'unavailable', 403],
    ['InternalFailure', 'unavailable', 500],
    ['Throttling', 'throttled', 400],
    ['SomethingNew', 'unavailable', 400],
  ],
  // https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html#API_GetResources_Errors
  tagging: [
    ['InvalidParameterException', 'invalid', 400],
    ['ThrottledException', 'throttled', 400],
    ['InternalServiceException', 'unavailable', 500],
    ['PaginationTokenExpiredException', 'upstream', 400],
  ],
};

const ROWS = Object.entries(TABLE).flatMap(([service, rows]) => rows.map(([code, kind, status]) => ({ service: service as AwsService, code, kind, status })));

describe('translateAwsError', () => {
  describe.each(Object.keys(TABLE) as AwsService[])('%s', (service) => {
    it.each(TABLE[service])('%s -> %s', (code, kind, status) => {
      const cause = sdkException(service, code, status);
      const error = translateAwsError(cause, { service, operation: 'DoThing' });
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ kind: KIND_OF[kind], code: CODES[kind], awsCode: code, service, operation: 'DoThing', httpStatus: status, cause });
    });
  });

  it('builds most rows from the exception classes of the SDK', () => {
    const real = ROWS.filter(({ service, code }) => sdkExceptionClass(service, code) !== undefined).map((row) => row.code);
    expect(real).toEqual(expect.arrayContaining(['NoSuchBucket', 'NotFound', 'NoSuchEntity', 'EntityAlreadyExists', 'NoSuchDistribution', 'NoSuchHostedZone']));
    expect(real.length).toBeGreaterThan(100);
  });

  describe("fixes upstream's mapping", () => {
    const translate = (service: AwsService, code: string, status: number): DomainError =>
      translateAwsError(sdkException(service, code, status), { service, operation: 'Op' });

    it('AccessDenied is forbidden, not 400', () => {
      expect(translate('iam', 'AccessDenied', 403)).toMatchObject({ kind: 'forbidden', code: 'AwsAccessDenied' });
      expect(translate('s3', 'AccessDenied', 403)).toMatchObject({ kind: 'forbidden', code: 'AwsAccessDenied' });
    });

    it('Throttling is throttled with a retry delay, not 400', () => {
      expect(translate('iam', 'Throttling', 400)).toMatchObject({ kind: 'throttled', code: 'Throttled', retryAfterSeconds: 5 });
      expect(translate('s3', 'SlowDown', 503)).toMatchObject({ kind: 'throttled', retryAfterSeconds: 5 });
      expect(translate('route53', 'PriorRequestNotComplete', 400)).toMatchObject({ kind: 'throttled', retryAfterSeconds: 5 });
    });

    it('an account quota is a 409 QuotaExceeded without Retry-After: retrying cannot help', () => {
      for (const [service, code, status] of [
        ['s3', 'TooManyBuckets', 400],
        ['iam', 'LimitExceeded', 409],
        ['cloudfront', 'TooManyDistributions', 400],
      ] as const) {
        expect(translate(service, code, status)).toMatchObject({ kind: 'conflict', code: 'QuotaExceeded', retryAfterSeconds: undefined });
      }
    });

    it('invalidations in progress are throttled with a longer delay: they clear when CloudFront finishes them', () => {
      expect(translate('cloudfront', 'TooManyInvalidationsInProgress', 400)).toMatchObject({ kind: 'throttled', retryAfterSeconds: 60 });
    });

    it('ServiceUnavailable and InternalError are unavailable, not 429 or 500', () => {
      expect(translate('s3', 'ServiceUnavailable', 503)).toMatchObject({ kind: 'unavailable', code: 'AwsUnavailable' });
      expect(translate('s3', 'InternalError', 500)).toMatchObject({ kind: 'unavailable', code: 'AwsUnavailable' });
    });

    it('an unknown code is a bad gateway (AwsError), not 400', () => {
      for (const service of ['s3', 'iam', 'cloudfront', 'route53'] as const) {
        expect(translate(service, 'BrandNewProblem', 400)).toMatchObject({ kind: 'upstream', code: 'AwsError', awsCode: 'BrandNewProblem' });
      }
    });

    it('DistributionNotDisabled and HostedZoneNotEmpty are conflicts, not 400', () => {
      expect(translate('cloudfront', 'DistributionNotDisabled', 409).kind).toBe('conflict');
      expect(translate('route53', 'HostedZoneNotEmpty', 400).kind).toBe('conflict');
    });
  });

  describe('codes that depend on the call', () => {
    it('IAM LimitExceeded on CreateAccessKey means the user already has two keys', () => {
      const error = translateAwsError(sdkException('iam', 'LimitExceeded', 409), { service: 'iam', operation: 'CreateAccessKey' });
      expect(error).toMatchObject({ kind: 'conflict', code: 'ResourceConflict', awsCode: 'LimitExceeded', retryAfterSeconds: undefined });
    });

    it("S3 AccessDenied from a bucket policy's explicit Deny has a code of its own; other refusals stay AwsAccessDenied", () => {
      const by = (why: string) =>
        `User: arn:aws:sts::111111111111:assumed-role/s3-api/x is not authorized to perform: s3:GetBucketTagging on resource: "arn:aws:s3:::b" ${why}`;
      const s3Call = { service: 's3', operation: 'GetBucketTagging' } as const;
      expect(translateAwsError(sdkException('s3', 'AccessDenied', 403, by('with an explicit deny in a resource-based policy')), s3Call)).toMatchObject({
        kind: 'forbidden',
        code: 'BucketPolicyDenied',
        awsCode: 'AccessDenied',
      });
      expect(translateAwsError(sdkException('s3', 'AccessDenied', 403, by('with an explicit deny in an identity-based policy')), s3Call).code).toBe(
        'AwsAccessDenied',
      );
      expect(
        translateAwsError(sdkException('s3', 'AccessDenied', 403, by('because no identity-based policy allows the s3:GetBucketTagging action')), s3Call).code,
      ).toBe('AwsAccessDenied');
      const iamCall = { service: 'iam', operation: 'GetGroup' } as const;
      expect(translateAwsError(sdkException('iam', 'AccessDenied', 403, 'with an explicit deny in a resource-based policy'), iamCall).code).toBe(
        'AwsAccessDenied',
      );
    });

    it('IAM LimitExceeded elsewhere is an account quota', () => {
      expect(translateAwsError(sdkException('iam', 'LimitExceeded', 409), { service: 'iam', operation: 'CreateUser' })).toMatchObject({
        kind: 'conflict',
        code: 'QuotaExceeded',
      });
    });

    it('a failed AssumeRole under another service is reported as the STS outage it is', () => {
      const cause = sdkException('sts', 'AccessDenied', 403, 'User: arn:aws:iam::999999999999:user/base is not authorized to perform: sts:AssumeRole');
      const error = translateAwsError(cause, { service: 's3', operation: 'HeadBucket' });
      expect(error).toMatchObject({ kind: 'unavailable', code: 'AwsUnavailable', awsCode: 'AccessDenied', service: 'sts', operation: 'AssumeRole' });
      expect(error.message).toBe('S3 HeadBucket: STS AssumeRole failed: AccessDenied: User: <arn> is not authorized to perform: sts:AssumeRole');
    });
  });

  describe('the AWS code', () => {
    it('is the wire code a deserialized exception carries, not its class name', () => {
      const wire = Object.assign(new iam.NoSuchEntityException({ message: 'The user with name bob cannot be found.', $metadata: { httpStatusCode: 404 } }), {
        Code: 'NoSuchEntity',
      });
      expect(wire.name).toBe('NoSuchEntityException');
      expect(translateAwsError(wire, { service: 'iam', operation: 'GetUser' })).toMatchObject({ kind: 'not_found', awsCode: 'NoSuchEntity' });
    });

    it('is derived from the class when the exception was built without one', () => {
      const cases: [Error, string][] = [
        [new iam.ServiceFailureException({ message: 'x', $metadata: {} }), 'ServiceFailure'],
        [new iam.LimitExceededException({ message: 'x', $metadata: {} }), 'LimitExceeded'],
        [new iam.EntityAlreadyExistsException({ message: 'x', $metadata: {} }), 'EntityAlreadyExists'],
        [new sts.PackedPolicyTooLargeException({ message: 'x', $metadata: {} }), 'PackedPolicyTooLarge'],
        [new route53.NotAuthorizedException({ message: 'x', $metadata: {} }), 'NotAuthorizedException'],
      ];
      for (const [cause, awsCode] of cases) expect(translateAwsError(cause, { service: 'iam', operation: 'Op' })).toMatchObject({ awsCode });
    });
  });

  describe('an answer without a code', () => {
    const codeless = (name: string, httpStatusCode: number): Error =>
      new s3.S3ServiceException({ name, message: 'UnknownError', $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });

    it.each([
      ['Unknown', 403, 'forbidden'],
      ['403', 403, 'forbidden'],
      ['UnknownError', 404, 'not_found'],
      ['Unknown', 409, 'conflict'],
      ['Unknown', 412, 'precondition_failed'],
      ['Unknown', 429, 'throttled'],
      ['Unknown', 503, 'unavailable'],
      ['Unknown', 400, 'upstream'],
    ] as const)('%s with status %i is %s', (name, status, kind) => {
      const error = translateAwsError(codeless(name, status), { service: 's3', operation: 'HeadBucket' });
      expect(error).toMatchObject({ kind, code: CODES[kind] });
      expect(error.message).toBe(`S3 HeadBucket failed: ${name}`);
    });

    it('an unknown server fault is unavailable, an unknown retryable throttle is throttled', () => {
      const fault = new iam.IAMServiceException({ name: 'Mystery', message: 'x', $fault: 'server', $metadata: { httpStatusCode: 502 } });
      expect(translateAwsError(fault, { service: 'iam', operation: 'Op' }).kind).toBe('unavailable');
      const throttle = Object.assign(new iam.IAMServiceException({ name: 'Mystery', message: 'x', $fault: 'client', $metadata: { httpStatusCode: 400 } }), {
        $retryable: { throttling: true },
      });
      expect(translateAwsError(throttle, { service: 'iam', operation: 'Op' })).toMatchObject({ kind: 'throttled', retryAfterSeconds: 5 });
    });
  });

  describe('failures before AWS answered', () => {
    const context = { service: 'cloudfront', operation: 'CreateInvalidation' } as const;

    it.each([
      [
        'the attempt-timeout middleware',
        Object.assign(new Error('CreateInvalidation attempt timed out after 100 ms'), { name: 'TimeoutError', $metadata: {} }),
      ],
      ['the HTTP handler', Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError', code: 'ETIMEDOUT' })],
      ['an abort', Object.assign(new Error('Request aborted'), { name: 'AbortError' })],
    ])('a timeout from %s is timeout', (_, cause) => {
      const error = translateAwsError(cause, context);
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ kind: 'timeout', code: 'AwsTimeout', awsCode: cause.name, cause });
      expect(error.message).toBe(`CloudFront CreateInvalidation timed out (${cause.name})`);
    });

    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'])('a network error %s is unavailable', (code) => {
      const inCode = translateAwsError(Object.assign(new Error(`connect ${code}`), { code }), context);
      expect(inCode).toMatchObject({ kind: 'unavailable', code: 'AwsUnavailable', awsCode: code });
      expect(inCode.message).toBe(`CloudFront CreateInvalidation failed: AWS could not be reached (${code})`);
      expect(translateAwsError(Object.assign(new Error('x'), { name: code }), context).kind).toBe('unavailable');
      expect(translateAwsError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) }), context).kind).toBe('unavailable');
    });

    it('missing server credentials are unavailable', () => {
      const cause = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      expect(translateAwsError(cause, context)).toMatchObject({
        kind: 'unavailable',
        code: 'AwsUnavailable',
        awsCode: 'CredentialsProviderError',
        message: 'CloudFront CreateInvalidation failed: the server has no AWS credentials for this account',
      });
    });

    it('looks for a network code three causes deep, no deeper, and survives a cause that is itself', () => {
      const nested = (depth: number): Error =>
        depth === 0 ? Object.assign(new Error('x'), { code: 'ECONNRESET' }) : new Error(`wrapper ${depth}`, { cause: nested(depth - 1) });
      expect(translateAwsError(nested(2), context).kind).toBe('unavailable');
      expect(translateAwsError(nested(3), context).kind).toBe('internal');
      const looped = new Error('loops');
      Object.assign(looped, { cause: looped });
      expect(translateAwsError(looped, context).kind).toBe('internal');
    });

    it('anything else is our own bug: internal, without its message', () => {
      for (const cause of [
        new TypeError("Cannot read properties of undefined (reading 'Id')"),
        new Error('No value provided for input HTTP label: Bucket.'),
        'a string',
        undefined,
        null,
        // Shaped like an AWS answer in part only: no metadata, or no fault.
        { name: 'NoSuchBucket', $fault: 'client' },
        Object.assign(new Error('x'), { name: 'Weird', $metadata: {} }),
        { $fault: 'client', $metadata: {} },
      ]) {
        const error = translateAwsError(cause, context);
        expect(error).not.toBeInstanceOf(AwsError);
        expect(error).toMatchObject({ kind: 'internal', code: 'InternalError', message: 'CloudFront CreateInvalidation failed unexpectedly' });
        expect(error.cause).toBe(cause);
      }
    });
  });

  it('passes a DomainError through unchanged', () => {
    const domain = new DomainError('not_found', 'BucketNotFound', 'bucket foo does not exist');
    expect(translateAwsError(domain, { service: 's3', operation: 'HeadBucket' })).toBe(domain);
  });

  describe('answers no table names', () => {
    const context = { service: 's3', operation: 'PutObject' } as const;
    const answer = (code: string, status: number | undefined, fault: 'client' | 'server', extra: object = {}) =>
      translateAwsError(
        Object.assign(
          new s3.S3ServiceException({ name: code, message: 'm', $fault: fault, $metadata: status === undefined ? {} : { httpStatusCode: status } }),
          extra,
        ),
        context,
      );

    it('is unavailable when AWS says the fault is its own, or answers 500 or more', () => {
      expect(answer('SomethingOdd', undefined, 'server').kind).toBe('unavailable');
      expect(answer('SomethingOdd', 500, 'client').kind).toBe('unavailable');
      expect(answer('SomethingOdd', 502, 'client').kind).toBe('unavailable');
      expect(answer('SomethingOdd', 499, 'client').kind).toBe('upstream');
    });

    it('takes its kind from the status only when the answer had no code', () => {
      expect(answer('SomethingOdd', 404, 'client').kind).toBe('upstream');
      expect(answer('Unknown', 404, 'client').kind).toBe('not_found');
    });

    it('keeps each rule to its own case', () => {
      // Only a refusal is a bucket policy's; only LimitExceeded on a key is the user's two keys; STS keeps a timeout a timeout.
      const slow = sdkException('s3', 'SlowDown', 503, 'explicit deny in a resource-based policy');
      expect(translateAwsError(slow, { service: 's3', operation: 'PutObject' }).kind).toBe('throttled');
      expect(translateAwsError(sdkException('iam', 'AccessDenied', 403), { service: 'iam', operation: 'CreateAccessKey' }).kind).toBe('forbidden');
      const timeout = sdkException('sts', 'RequestTimeoutException', 408);
      expect(translateAwsError(timeout, { service: 'sts', operation: 'AssumeRole' }).kind).toBe('timeout');
    });

    it('reads the wire code from Code, and from the class name when Code is empty', () => {
      expect(answer('S3ServiceException', 404, 'client', { Code: 'NoSuchBucket' })).toMatchObject({ kind: 'not_found', awsCode: 'NoSuchBucket' });
      expect(answer('NoSuchKey', 404, 'client', { Code: '' })).toMatchObject({ kind: 'not_found', awsCode: 'NoSuchKey' });
    });
  });

  describe('the message', () => {
    it('names the service, the operation and the code, then what AWS said', () => {
      const cause = sdkException('iam', 'EntityAlreadyExists', 409, 'Group with name foo-BktAdmGrp already exists.');
      expect(translateAwsError(cause, { service: 'iam', operation: 'CreateGroup' }).message).toBe(
        'IAM CreateGroup failed: EntityAlreadyExists: Group with name foo-BktAdmGrp already exists.',
      );
      expect(
        translateAwsError(sdkException('route53', 'NoSuchHostedZone', 404, ''), { service: 'route53', operation: 'ChangeResourceRecordSets' }).message,
      ).toBe('Route 53 ChangeResourceRecordSets failed: NoSuchHostedZone');
    });

    it('keeps request ids, account ids, foreign ARNs and opaque tokens out', () => {
      const aws =
        'User: arn:aws:sts::123456789012:assumed-role/s3-api/session is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::foo" ' +
        'because no identity-based policy allows it (Request ID: 4442587FB7D0A2F9, Host ID: ' +
        'b9Qf0oBZ3YTm3fKN0p0kQ1yq1mN6x4kzq8mJ9Yl8tq0X4m5c2d6zFvJpT1wqV6vZ1eN5tJ2uQ3wO4=) ' +
        'RequestId: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b account 210987654321 ' +
        'Encoded authorization failure message: ' +
        'x'.repeat(200);
      const message = translateAwsError(sdkException('s3', 'AccessDenied', 403, aws), { service: 's3', operation: 'PutBucketPolicy' }).message;
      expect(message).toBe(
        'S3 PutBucketPolicy failed: AccessDenied: User: <arn> is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::foo" because no identity-based policy allows it account <account>',
      );
      for (const leak of ['123456789012', '210987654321', '4442587FB7D0A2F9', 'b9Qf0oBZ3', '0f1e2d3c', 'xxxxxxxx', 'at ']) expect(message).not.toContain(leak);
    });

    it('stays short', () => {
      const message = translateAwsError(sdkException('s3', 'InvalidArgument', 400, 'word '.repeat(500)), {
        service: 's3',
        operation: 'PutBucketTagging',
      }).message;
      expect(message.length).toBeLessThan(400);
      expect(message).toBe(`S3 PutBucketTagging failed: InvalidArgument: ${'word '.repeat(60).slice(0, 299)}…`);
      const exactly300 = `${'abcd '.repeat(59)}abcde`;
      expect(detailOf(exactly300)).toBe(exactly300);
    });

    const detailOf = (text: string, code = 'InvalidArgument'): string => {
      const message = translateAwsError(sdkException('s3', code, 400, text), { service: 's3', operation: 'PutObject' }).message;
      return message.slice(`S3 PutObject failed: ${code}`.length).replace(/^: /, '');
    };

    it.each([
      ['a request id in parentheses, even right after a word', 'Access Denied(Request ID: 4442587FB7D0A2F9)', 'Access Denied'],
      ['a request id among other parentheses', 'Access Denied (Service: S3, Status Code: 403, RequestID: 4442587FB7D0A2F9)', 'Access Denied'],
      ['a request id after a colon without a space', 'Bad tag. RequestId:4442587FB7D0A2F9', 'Bad tag.'],
      ['an encoded authorization message without a space', 'Denied. Encoded authorization failure message:Q2xpZW50', 'Denied.'],
      ['an encoded authorization message', 'Denied. Encoded authorization failure message: Q2xpZW50IGRlbmllZA', 'Denied.'],
      ['an ARN of another partition', 'Role arn:aws-cn:iam::123456789012:role/s3-api cannot', 'Role <arn> cannot'],
      ['an ARN with a region', 'Function arn:aws:lambda:us-east-1:123456789012:function:f failed', 'Function <arn> failed'],
      ['a bare id', 'Operation 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b failed', 'Operation <id> failed'],
      ['an opaque token', `Token ${'Ab0+/'.repeat(14)} expired`, 'Token expired'],
      ['a space before punctuation', 'Tags are bad , and ; the key : too long .', 'Tags are bad, and; the key: too long.'],
    ])('removes %s', (_, text, detail) => {
      expect(detailOf(text)).toBe(detail);
    });

    it('adds nothing when AWS said nothing but its code', () => {
      for (const text of ['', 'InvalidArgument', 'UnknownError', '  ']) expect(detailOf(text), text).toBe('');
    });

    it('takes an answer without a message as one that said nothing', () => {
      const cause = { name: 'NoSuchBucket', $fault: 'client', $metadata: { httpStatusCode: 404 } };
      expect(translateAwsError(cause, { service: 's3', operation: 'HeadBucket' })).toMatchObject({
        kind: 'not_found',
        message: 'S3 HeadBucket failed: NoSuchBucket',
      });
    });
  });
});
