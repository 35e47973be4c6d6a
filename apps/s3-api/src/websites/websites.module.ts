import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { DistributionJanitor, janitorMetricProviders, WEBSITES_OPTIONS, type WebsitesModuleOptions } from './distribution.janitor.js';
import { WebsiteOrigins } from './website-origins.js';
import { WebsitesController } from './websites.controller.js';
import { WebsitesService } from './websites.service.js';

/** Static websites (bucket + CloudFront + Route 53) and the janitor that deletes their disabled distributions. */
@Module({})
export class WebsitesModule {
  static register(options: WebsitesModuleOptions): DynamicModule {
    return {
      module: WebsitesModule,
      imports: [AccessModule, OwnershipModule],
      controllers: [WebsitesController],
      providers: [{ provide: WEBSITES_OPTIONS, useValue: options }, WebsitesService, WebsiteOrigins, DistributionJanitor, ...janitorMetricProviders],
      exports: [DistributionJanitor],
    };
  }
}
