import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { AwsClientFactory } from '../clients/aws-client.factory.js';
import { awsCall } from '../clients/aws-call.js';

/** A tag a resource must carry: with this value, or with any value when `value` is undefined. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

/** GetResources' largest page (ResourcesPerPage: 1 to 100). */
const RESOURCES_PER_PAGE = 100;
const BUCKET_ARN = /^arn:aws[\w-]*:s3:::([^/]+)$/;

/**
 * The Resource Groups Tagging API: finds resources by their tags, so a listing costs calls in
 * proportion to what it finds, not to everything the account holds.
 */
@Injectable()
export class TaggingGateway {
  constructor(private readonly clients: AwsClientFactory) {}

  /**
   * The names of the account's buckets in `region` that carry every tag of `filters`. The index
   * behind it is eventually consistent: a bucket tagged a moment ago may be missing, one deleted a
   * moment ago still there.
   */
  async bucketsTagged(account: AwsAccount, region: string, filters: readonly TagFilter[]): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const out = await awsCall('tagging', 'GetResources', () =>
        this.clients.client('tagging', account, region).send(
          new GetResourcesCommand({
            ResourceTypeFilters: ['s3'],
            TagFilters: filters.map((filter) => ({ Key: filter.key, ...(filter.value === undefined ? {} : { Values: [filter.value] }) })),
            ResourcesPerPage: RESOURCES_PER_PAGE,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      for (const resource of out.ResourceTagMappingList ?? []) {
        const name = BUCKET_ARN.exec(resource.ResourceARN ?? '')?.[1];
        if (name) names.push(name);
      }
      // An empty string, not an absent member, ends the pages.
      token = out.PaginationToken || undefined;
    } while (token);
    return names;
  }
}
