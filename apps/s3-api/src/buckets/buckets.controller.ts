import { Body, Controller, Delete, Get, Head, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, NOT_MANAGED_403 } from '../common/api-errors.decorator.js';
import { BOOKMARK_CONTENT_TYPE, bookmarkDisposition } from '../common/cyberduck-bookmark.js';
import { BucketsService } from './buckets.service.js';
import { BookmarkQueryDto } from '../common/dto/bookmark-query.dto.js';
import { BucketDetailsResponseDto, CreateBucketResponseDto, DeleteBucketResponseDto, UpdateBucketResponseDto } from './dto/bucket.response.dto.js';
import { CreateBucketDto } from './dto/create-bucket.dto.js';
import { UpdateBucketDto } from './dto/update-bucket.dto.js';

/** What any route that calls AWS can meet: throttling, an unavailable service, a timeout, an odd answer. */
const AWS_FAILURES = [429, 502, 503, 504] as const;
const BUCKET_NOT_FOUND = { 404: 'Account not found (AccountNotFound) or bucket not found (BucketNotFound)' };
/** The bucket a route acts on. */
const BucketParam = (): MethodDecorator => ApiParam({ name: 'bucket', description: 'Bucket name (S3 naming rules)', example: 'foobarbucketname' });
const BAD_BUCKET_NAME = { 400: "The bucket name breaks S3's naming rules (ValidationError, every rule listed in Details)" };

@ApiTags('buckets')
@ApiParam({ name: 'account', description: 'A configured account name or its 12-digit id', example: 'sandbox' })
@Controller(':account/buckets')
export class BucketsController {
  constructor(private readonly buckets: BucketsService) {}

  @Get()
  @ApiOperation({ operationId: 'listBuckets', summary: 'List the names of all buckets of the account' })
  @ApiOkResponse({
    description: 'The bucket names ([] when there are none)',
    schema: { type: 'array', items: { type: 'string' }, example: ['foobarbucketname', 'reports'] },
  })
  @ApiErrors([400, 404, ...AWS_FAILURES])
  list(@Param('account') account: string): Promise<string[]> {
    return this.buckets.list(account);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'createBucket',
    summary: 'Create a bucket with its admin policy and group',
    description:
      "Creates the bucket (encrypted with SSE-S3, Block Public Access on, access logging to the account's log bucket, tagged, with the lifecycle preset if asked) and its admin policy `<bucket>-BktAdmPlc` and group `<bucket>-BktAdmGrp`. " +
      'Any failure undoes everything already done and answers with the error of the step that failed.',
  })
  @ApiAcceptedResponse({ type: CreateBucketResponseDto, description: 'The bucket, its admin policy and its admin group' })
  @ApiErrors([400, 403, 404, 409, ...AWS_FAILURES], {
    400: 'Invalid name, region, tags or lifecycle preset, or unknown fields (ValidationError, every problem listed in Details)',
    403: 'The token may not use this account (AccountNotAllowed), or AWS denied a step (AwsAccessDenied)',
    409: 'The bucket name is taken, by this or another account (BucketAlreadyExists), or its IAM policy or group already exists',
  })
  create(@Param('account') account: string, @Body() body: CreateBucketDto): Promise<CreateBucketResponseDto> {
    return this.buckets.create(account, body);
  }

  @Head(':bucket')
  @BucketParam()
  @ApiOperation({ operationId: 'headBucket', summary: 'Check that a bucket exists in this account (no body)' })
  @ApiOkResponse({ description: 'The bucket exists in this account' })
  @ApiErrors([400, 403, 404, ...AWS_FAILURES], {
    ...BAD_BUCKET_NAME,
    403: NOT_MANAGED_403,
    ...BUCKET_NOT_FOUND,
  })
  async exists(@Param('account') account: string, @Param('bucket') bucket: string): Promise<void> {
    await this.buckets.exists(account, bucket);
  }

  @Get(':bucket')
  @BucketParam()
  @ApiOperation({ operationId: 'getBucket', summary: 'Show a bucket: tags, logging, emptiness, region, encryption, public access block' })
  @ApiOkResponse({ type: BucketDetailsResponseDto })
  @ApiErrors([400, 403, 404, ...AWS_FAILURES], { ...BAD_BUCKET_NAME, 403: NOT_MANAGED_403, ...BUCKET_NOT_FOUND })
  show(@Param('account') account: string, @Param('bucket') bucket: string): Promise<BucketDetailsResponseDto> {
    return this.buckets.show(account, bucket);
  }

  @Put(':bucket')
  @BucketParam()
  @ApiOperation({
    operationId: 'updateBucket',
    summary: 'Replace the client tags and/or the bucket policy',
    description:
      'Client tags are replaced, not merged; the system tags on the bucket are kept. `BucketPolicy` replaces the bucket policy. ' +
      'If the policy is refused after the tags were written, the previous tags are restored. Answers with what was set.',
  })
  @ApiOkResponse({ type: UpdateBucketResponseDto })
  @ApiErrors([400, 403, 404, 409, ...AWS_FAILURES], {
    400: 'Neither Tags nor BucketPolicy, invalid tags, an invalid policy, or unknown fields (ValidationError, every problem listed in Details)',
    403: NOT_MANAGED_403,
    ...BUCKET_NOT_FOUND,
    409: "The bucket is a website's, changed only through the website routes (BucketIsWebsite)",
  })
  update(@Param('account') account: string, @Param('bucket') bucket: string, @Body() body: UpdateBucketDto): Promise<UpdateBucketResponseDto> {
    return this.buckets.update(account, bucket, body);
  }

  @Delete(':bucket')
  @BucketParam()
  @ApiOperation({
    operationId: 'deleteBucket',
    summary: 'Delete an empty bucket and everything this service made for it',
    description:
      "Refuses a bucket holding any object. Removes the bucket's users (users that also belong to other buckets only lose their memberships), their keys, " +
      "all of the bucket's groups and policies, then the bucket. A delete that failed half-way can be repeated and finishes the job; " +
      'a repeat for a bucket already gone still removes what is left in IAM (404 when nothing is).',
  })
  @ApiOkResponse({ type: DeleteBucketResponseDto })
  @ApiErrors([400, 403, 404, 409, ...AWS_FAILURES], {
    ...BAD_BUCKET_NAME,
    403: NOT_MANAGED_403,
    ...BUCKET_NOT_FOUND,
    409: "The bucket holds objects (BucketNotEmpty), or is a website's bucket, deleted with its website (BucketIsWebsite)",
  })
  remove(@Param('account') account: string, @Param('bucket') bucket: string): Promise<DeleteBucketResponseDto> {
    return this.buckets.remove(account, bucket);
  }

  @Get(':bucket/duck')
  @BucketParam()
  @Header('Content-Type', BOOKMARK_CONTENT_TYPE)
  @ApiOperation({ operationId: 'getBucketBookmark', summary: 'Download a Cyberduck bookmark for the bucket (no secrets inside)' })
  @ApiProduces('application/x-plist')
  @ApiOkResponse({
    description: 'The bookmark, as an XML property list, sent as the attachment `<bucket>.duck`',
    schema: { type: 'string', example: '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">...</plist>' },
  })
  @ApiErrors([400, 403, 404, ...AWS_FAILURES], {
    400: 'Invalid bucket name or path (ValidationError)',
    403: NOT_MANAGED_403,
    ...BUCKET_NOT_FOUND,
  })
  async bookmark(
    @Param('account') account: string,
    @Param('bucket') bucket: string,
    @Query() query: BookmarkQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const body = await this.buckets.bookmark(account, bucket, query.path);
    void reply.header('Content-Disposition', bookmarkDisposition(bucket));
    return body;
  }
}
