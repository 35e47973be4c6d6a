import { Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** IAM groups, policies and users the service makes for buckets and websites (gateways come from the global AwsModule). */
@Module({
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
