import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall, awsCodeOf } from '../clients/aws-call.js';
import { type PublicAccessBlock, publicAccessBlockOf } from '../s3/s3.types.js';

/** S3 Control: the account's own S3 settings, one AWS call per method. */
@Injectable()
export class S3ControlGateway {
  constructor(private readonly clients: AwsClientFactory) {}

  /** The account's S3 Block Public Access, which applies to all its buckets; null when it has none. */
  async accountPublicAccessBlock(account: AwsAccount): Promise<PublicAccessBlock | null> {
    try {
      const out = await awsCall('s3control', 'GetPublicAccessBlock', () =>
        this.clients.client('s3control', account).send(new GetPublicAccessBlockCommand({ AccountId: account.id })),
      );
      return publicAccessBlockOf(out.PublicAccessBlockConfiguration);
    } catch (error) {
      if (awsCodeOf(error) === 'NoSuchPublicAccessBlockConfiguration') return null;
      throw error;
    }
  }
}
