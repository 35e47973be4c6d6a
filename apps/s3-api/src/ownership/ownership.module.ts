import { Module } from '@nestjs/common';
import { OwnershipService } from './ownership.service.js';

/** Which buckets and websites the routes may touch (gateways and accounts come from the global AwsModule). */
@Module({
  providers: [OwnershipService],
  exports: [OwnershipService],
})
export class OwnershipModule {}
