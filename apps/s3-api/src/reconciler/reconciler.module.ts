import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { WebsitesModule } from '../websites/websites.module.js';
import { RECONCILER_OPTIONS, Reconciler, reconcilerMetricProviders, type ReconcilerOptions } from './reconciler.js';

/** What crashes and lost answers leave, found and removed in the background. */
@Module({})
export class ReconcilerModule {
  static register(options: ReconcilerOptions): DynamicModule {
    return {
      module: ReconcilerModule,
      imports: [AccessModule, WebsitesModule],
      providers: [{ provide: RECONCILER_OPTIONS, useValue: options }, Reconciler, ...reconcilerMetricProviders],
      exports: [Reconciler],
    };
  }
}
