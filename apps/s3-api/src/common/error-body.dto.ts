import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  /**
   * The offending field, as a path into the request (e.g. `BucketInput.Bucket`, `Tags[0].Key`).
   * @example "BucketInput.Bucket"
   */
  Field!: string;
  /**
   * What is wrong with it.
   * @example "bucket names are 3 to 63 characters long"
   */
  Problem!: string;
}

/** The body of every error response. */
export class ErrorBodyDto {
  /**
   * Stable, machine-readable error code.
   * @example "ValidationError"
   */
  @ApiProperty({
    example: 'ValidationError',
    description: 'Stable error code: clients switch on it. Each operation documents the codes it answers with, per status.',
  })
  Code!: string;
  /**
   * Human-readable explanation.
   * @example "BucketInput.Bucket: bucket names are 3 to 63 characters long"
   */
  Message!: string;
  /**
   * The request id, also in the X-Request-Id header.
   * @example "7f1c0e52-1e5f-4c4e-a2a5-4bb8f0f6b0a1"
   */
  RequestId!: string;
  /** For validation errors: every offending field. */
  Details?: ErrorDetailDto[];
}
