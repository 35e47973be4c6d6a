import { ApiProperty } from '@nestjs/swagger';

/** Server access logging of a bucket, in the seed's shape. */
export class LoggingDto {
  /** @example "s3-api-access-logs-111111111111" */
  TargetBucket!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    nullable: true,
    example: null,
    description: 'Always null: logs are delivered without extra grants.',
  })
  TargetGrants!: null;
  /** @example "s3/foobarbucketname/" */
  TargetPrefix!: string;
}
