import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall } from '../clients/aws-call.js';

@Injectable()
export class StsGateway {
  constructor(private readonly clients: AwsClientFactory) {}

  /** Resolves the account's credentials (assuming its role if it has one) and asks who they are. */
  async callerAccount(account: AwsAccount): Promise<string> {
    const out = await awsCall('sts', 'GetCallerIdentity', () => this.clients.client('sts', account).send(new GetCallerIdentityCommand({})));
    return out.Account ?? '';
  }

  /** The ARN the account's credentials act as (an assumed-role session, a user or the root). */
  async callerArn(account: AwsAccount): Promise<string> {
    const out = await awsCall('sts', 'GetCallerIdentity', () => this.clients.client('sts', account).send(new GetCallerIdentityCommand({})));
    return out.Arn ?? '';
  }
}
