import { Module } from '@nestjs/common';
import { AccessService } from './access.service.js';
import { AdoptionService } from './adoption.service.js';
import { NameClaims } from './name-claims.js';

/** IAM groups, policies and users the service makes for buckets and websites (gateways come from the global AwsModule). */
@Module({
  providers: [AccessService, AdoptionService, NameClaims],
  exports: [AccessService, AdoptionService, NameClaims],
})
export class AccessModule {}
