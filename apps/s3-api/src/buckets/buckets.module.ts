import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { BucketsController } from './buckets.controller.js';
import { BucketsService } from './buckets.service.js';

/** The bucket routes (S3 gateway and accounts come from the global AwsModule). */
@Module({
  imports: [AccessModule, OwnershipModule],
  controllers: [BucketsController],
  providers: [BucketsService],
})
export class BucketsModule {}
