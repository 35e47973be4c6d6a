import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { WebsitesController } from './websites.controller.js';
import { WebsitesService } from './websites.service.js';

/** Static websites: bucket + CloudFront + Route 53. */
@Module({
  imports: [AccessModule, OwnershipModule],
  controllers: [WebsitesController],
  providers: [WebsitesService],
})
export class WebsitesModule {}
