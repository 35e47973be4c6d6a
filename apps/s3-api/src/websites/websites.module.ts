import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { WebsiteOrigins } from './website-origins.js';
import { WebsitesController } from './websites.controller.js';
import { WebsitesService } from './websites.service.js';

/** Static websites: bucket + CloudFront + Route 53; their origins are the reconciler's to clean up too. */
@Module({
  imports: [AccessModule, OwnershipModule],
  controllers: [WebsitesController],
  providers: [WebsitesService, WebsiteOrigins],
  exports: [WebsiteOrigins],
})
export class WebsitesModule {}
