import type { ResourceGroupsTaggingAPI } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsError, NotImplementedError } from './errors.js';
import { decodeToken, encodeToken, type HandlersOf, op } from './handler.js';

// The Resource Groups Tagging API, as far as the sandbox keeps tagged resources: S3 buckets.
// GetResources: https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
// Limits from botocore's model (resourcegroupstaggingapi service-2.json) and the API reference.
const MAX_TAG_FILTERS = 50;
const MAX_VALUES_PER_FILTER = 20;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
const MAX_TOKEN = 2048;
/** "A PaginationToken is valid for a maximum of 15 minutes." */
const TOKEN_LIFETIME_MS = 15 * 60_000;

const invalid = (message: string): Error => awsError('tagging', { name: 'InvalidParameterException', httpStatusCode: 400, message });

export const taggingHandlers: HandlersOf<ResourceGroupsTaggingAPI> = {
  /**
   * The account's resources in the signing region that carry every filter's key (with one of its
   * values, when it lists any), in a stable order, a page at a time. Without tag filters AWS also
   * lists resources that were tagged once; the sandbox keeps no such history, so it refuses that
   * request, as it refuses resource types it does not keep, instead of answering less than AWS.
   */
  GetResources: op((context, input) => {
    if (input.ResourceARNList?.length && (input.TagFilters?.length || input.ResourceTypeFilters?.length)) {
      throw invalid('ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters');
    }
    const perPage = input.ResourcesPerPage ?? 50;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw invalid('ResourcesPerPage must be between 1 and 100');
    if (input.TagsPerPage !== undefined && (input.TagsPerPage < 100 || input.TagsPerPage > 500)) throw invalid('TagsPerPage must be between 100 and 500');
    const filters = input.TagFilters ?? [];
    if (filters.length > MAX_TAG_FILTERS) throw invalid(`TagFilters may hold at most ${MAX_TAG_FILTERS} keys`);
    for (const filter of filters) {
      if (!filter.Key || filter.Key.length > MAX_TAG_KEY) throw invalid(`each TagFilter needs a Key of 1 to ${MAX_TAG_KEY} characters`);
      if ((filter.Values?.length ?? 0) > MAX_VALUES_PER_FILTER) throw invalid(`a TagFilter may hold at most ${MAX_VALUES_PER_FILTER} values`);
      if (filter.Values?.some((value) => value.length > MAX_TAG_VALUE)) throw invalid(`tag values are at most ${MAX_TAG_VALUE} characters`);
    }
    for (const type of input.ResourceTypeFilters ?? []) {
      if (!/^[a-z0-9-]+(:[A-Za-z0-9-]+)?$/.test(type)) throw invalid(`${type} is not a resource type (service[:resourceType])`);
    }
    if (filters.length === 0 || input.ResourceARNList?.length || input.ResourceTypeFilters?.join() !== 's3') {
      throw new NotImplementedError('tagging', 'GetResources without TagFilters, or for resources other than ResourceTypeFilters ["s3"]');
    }

    let after = '';
    if (input.PaginationToken) {
      let issuedAt: unknown;
      try {
        if (input.PaginationToken.length > MAX_TOKEN) throw new Error('too long');
        [issuedAt, after] = JSON.parse(decodeToken(input.PaginationToken)) as [unknown, string];
      } catch {
        throw invalid('The PaginationToken is not valid');
      }
      if (typeof issuedAt !== 'number' || typeof after !== 'string') throw invalid('The PaginationToken is not valid');
      if (context.runtime.clock.now() - issuedAt > TOKEN_LIFETIME_MS) {
        throw awsError('tagging', { name: 'PaginationTokenExpiredException', httpStatusCode: 400, message: 'The PaginationToken has expired' });
      }
    }
    const matches = (tags: readonly { Key?: string | undefined; Value?: string | undefined }[]): boolean =>
      filters.every((filter) => tags.some((tag) => tag.Key === filter.Key && (!filter.Values?.length || filter.Values.includes(tag.Value ?? ''))));
    const page: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = [];
    const buckets = context.account.buckets;
    let last: string | undefined;
    let more = false;
    for (const [name, bucket] of buckets.from(after === '' ? 0 : buckets.indexOf(after))) {
      if (name <= after || bucket.region !== context.region || !bucket.tags || !matches(bucket.tags)) continue;
      if (page.length === perPage) {
        more = true;
        break;
      }
      page.push({ ResourceARN: `arn:aws:s3:::${name}`, Tags: bucket.tags.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) });
      last = name;
    }
    // The last page carries an empty token, not none.
    return {
      ResourceTagMappingList: page,
      PaginationToken: more && last !== undefined ? encodeToken(JSON.stringify([context.runtime.clock.now(), last])) : '',
    };
  }),
};
