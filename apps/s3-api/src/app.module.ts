import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AwsModule, type AwsModuleOptions } from '#aws';
import type { AwsSandbox } from '#aws-sandbox';
import { ErrorFilter } from './common/error.filter.js';
import { DrainModule } from './common/drain.js';
import { SagaModule } from './common/saga-runner.js';
import { RequestValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { httpMetricProviders } from './system/http-metrics.js';
import { MetricsController } from './system/metrics.controller.js';
import { MetricsRegistryModule, newMetricsRegistry } from './common/metrics-registry.js';
import { serviceMetricProviders } from './system/service-metrics.js';
import { SystemModule } from './system/system.module.js';
import { UsersModule } from './users/users.module.js';
import { WebsitesModule } from './websites/websites.module.js';
import { ReconcilerModule } from './reconciler/reconciler.module.js';
import { BucketsModule } from './buckets/buckets.module.js';

export interface AppModuleOptions {
  readonly config: AppConfig;
  /** The in-process AWS emulator, in sandbox mode. */
  readonly sandbox?: AwsSandbox;
  /** Start background tasks such as the reconciler (off for one-shot tools). */
  readonly backgroundTasks?: boolean;
  readonly awsOverrides?: Pick<AwsModuleOptions['aws'], 'retryDelayMs'> & Pick<AwsModuleOptions, 'now' | 'sandboxCaller'>;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const registry = newMetricsRegistry();
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        MetricsRegistryModule.forRegistry(registry),
        AwsModule.register({
          accounts: config.accounts,
          metrics: registry,
          aws: { ...config.aws, ...(options.awsOverrides?.retryDelayMs ? { retryDelayMs: options.awsOverrides.retryDelayMs } : {}) },
          ...(options.sandbox ? { sandbox: options.sandbox } : {}),
          // In sandbox mode AWS's time is the sandbox's clock (dates of what it makes, deployments), which a test may move.
          ...(options.awsOverrides?.now ? { now: options.awsOverrides.now } : options.sandbox ? { now: () => options.sandbox!.clock.now() } : {}),
          ...(options.awsOverrides?.sandboxCaller ? { sandboxCaller: options.awsOverrides.sandboxCaller } : {}),
        }),
        SagaModule,
        DrainModule,
        SystemModule,
        BucketsModule,
        UsersModule,
        WebsitesModule,
        ReconcilerModule.register({ backgroundTasks: options.backgroundTasks ?? true }),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
        ...httpMetricProviders,
        ...serviceMetricProviders,
      ],
    };
  }
}
