import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AwsAccountProvider, ConfigAwsAccountProvider } from './accounts/aws-account.js';
import { awsCallMetricProviders } from './clients/aws-call.metrics.js';
import { AwsClientFactory } from './clients/aws-client.factory.js';
import { AWS_OPTIONS, type AwsModuleOptions } from './clients/aws-options.js';
import { PropagationWaits } from './clients/propagation-waits.js';
import { CloudFrontGateway } from './cloudfront/cloudfront.gateway.js';
import { AccountsHealth } from './health/accounts.health.js';
import { IamGateway } from './iam/iam.gateway.js';
import { Route53Gateway } from './route53/route53.gateway.js';
import { S3Gateway } from './s3/s3.gateway.js';
import { S3ControlGateway } from './s3control/s3control.gateway.js';
import { ServiceIdentity } from './sts/service-identity.js';
import { StsGateway } from './sts/sts.gateway.js';
import { TaggingGateway } from './tagging/tagging.gateway.js';

const gateways = [S3Gateway, S3ControlGateway, IamGateway, CloudFrontGateway, Route53Gateway, StsGateway, TaggingGateway];

/** The AWS access layer: account resolution, cached clients, one gateway per service. */
@Global()
@Module({})
export class AwsModule {
  static register(options: AwsModuleOptions): DynamicModule {
    return {
      module: AwsModule,
      providers: [
        { provide: AWS_OPTIONS, useValue: options },
        { provide: AwsAccountProvider, useValue: new ConfigAwsAccountProvider(options.accounts) },
        ...awsCallMetricProviders,
        AwsClientFactory,
        AccountsHealth,
        ServiceIdentity,
        PropagationWaits,
        ...gateways,
      ],
      exports: [AWS_OPTIONS, AwsAccountProvider, AwsClientFactory, AccountsHealth, ServiceIdentity, PropagationWaits, ...gateways],
    };
  }
}
