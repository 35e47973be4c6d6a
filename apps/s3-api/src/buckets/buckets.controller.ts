import { Body, Controller, Delete, Get, Head, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AWS_ERRORS } from '#aws';
import { COMMON_ERRORS } from '#common';
import { ACCESS_ERRORS } from '../access/access.errors.js';
import { AccountParam, ApiExampleBody, BucketParam, EXAMPLE_NAMES } from '../common/api-docs.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BOOKMARK_CONTENT_TYPE, bookmarkDisposition } from '../common/cyberduck-bookmark.js';
import { BookmarkQueryDto } from '../common/dto/bookmark-query.dto.js';
import { PageQueryDto } from '../common/dto/page-query.dto.js';
import { NEXT_TOKEN_DOC, paginate } from '../common/pagination.js';
import { BUCKET_TARGET_ERRORS, OWNERSHIP_ERRORS } from '../ownership/ownership.errors.js';
import { BUCKET_ERRORS } from './buckets.errors.js';
import { BucketsPresenter } from './buckets.presenter.js';
import { BucketsService } from './buckets.service.js';
import {
  AdoptBucketResponseDto,
  BucketDetailsResponseDto,
  CreateBucketResponseDto,
  DeleteBucketResponseDto,
  UpdateBucketResponseDto,
} from './dto/bucket.response.dto.js';
import { CreateBucketDto } from './dto/create-bucket.dto.js';
import { UpdateBucketDto } from './dto/update-bucket.dto.js';
import { TrackMutatingHandlers } from '../common/drain.js';

@ApiTags('buckets')
@TrackMutatingHandlers()
@AccountParam()
@Controller(':account/buckets')
export class BucketsController {
  constructor(private readonly buckets: BucketsService) {}

  @Get()
  @ApiOperation({ operationId: 'listBuckets', summary: 'List the names of all buckets of the account, or a page of them' })
  @ApiOkResponse({
    description: 'The bucket names ([] when there are none)',
    schema: { type: 'array', items: { type: 'string' }, example: ['foobarbucketname', 'reports'] },
    headers: NEXT_TOKEN_DOC,
  })
  @ApiErrors(COMMON_ERRORS.ValidationError)
  async list(@Param('account') account: string, @Query() page: PageQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string[]> {
    return paginate(await this.buckets.list(account), page, reply, (name) => name);
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
  @ApiExampleBody(CreateBucketDto, 'A bucket with a tag and a lifecycle preset, in the default region', {
    BucketInput: { Bucket: EXAMPLE_NAMES.bucket },
    Tags: [{ Key: 'Application', Value: 'HowToGet' }],
    Lifecycle: 'deep-archive',
  })
  @ApiAcceptedResponse({ type: CreateBucketResponseDto, description: 'The bucket, its admin policy and its admin group' })
  @ApiErrors(
    COMMON_ERRORS.ValidationError,
    BUCKET_ERRORS.BucketAlreadyExists,
    ACCESS_ERRORS.AccessNameTaken,
    AWS_ERRORS.ResourceConflict,
    AWS_ERRORS.QuotaExceeded,
  )
  async create(@Param('account') account: string, @Body() body: CreateBucketDto): Promise<CreateBucketResponseDto> {
    return BucketsPresenter.created(await this.buckets.create(account, body));
  }

  @Head(':bucket')
  @BucketParam()
  @ApiOperation({ operationId: 'headBucket', summary: 'Check that a bucket exists in this account (no body)' })
  @ApiOkResponse({ description: 'The bucket exists in this account' })
  @ApiErrors(...BUCKET_TARGET_ERRORS)
  async exists(@Param('account') account: string, @Param('bucket') bucket: string): Promise<void> {
    await this.buckets.exists(account, bucket);
  }

  @Get(':bucket')
  @BucketParam()
  @ApiOperation({ operationId: 'getBucket', summary: 'Show a bucket: tags, logging, emptiness, region, encryption, public access block' })
  @ApiOkResponse({ type: BucketDetailsResponseDto })
  @ApiErrors(...BUCKET_TARGET_ERRORS)
  async show(@Param('account') account: string, @Param('bucket') bucket: string): Promise<BucketDetailsResponseDto> {
    return BucketsPresenter.details(await this.buckets.show(account, bucket));
  }

  @Put(':bucket')
  @BucketParam()
  @ApiOperation({
    operationId: 'updateBucket',
    summary: 'Replace the client tags and/or the bucket policy',
    description:
      'Client tags are replaced, not merged; the system tags on the bucket are kept. `BucketPolicy` replaces the bucket policy: it may name only this bucket ' +
      'and its objects, may not allow everyone (`"*"`), may not use NotPrincipal, NotAction or NotResource, and may not deny this service what it needs on the ' +
      'bucket (a Deny of plain HTTP is fine). S3 receives the parsed document, re-serialised. ' +
      "A website's bucket changes only through the website routes. If the policy is refused after the tags were written, the previous tags are restored. " +
      'Answers with what was set.',
  })
  @ApiExampleBody(UpdateBucketDto, 'New client tags and a policy that refuses plain HTTP', {
    Tags: [
      { Key: 'Application', Value: 'HowToGet' },
      { Key: 'Team', Value: 'storage' },
    ],
    BucketPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${EXAMPLE_NAMES.bucket}`, `arn:aws:s3:::${EXAMPLE_NAMES.bucket}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    }),
  })
  @ApiOkResponse({ type: UpdateBucketResponseDto })
  @ApiErrors(...BUCKET_TARGET_ERRORS, BUCKET_ERRORS.BucketIsWebsite)
  async update(@Param('account') account: string, @Param('bucket') bucket: string, @Body() body: UpdateBucketDto): Promise<UpdateBucketResponseDto> {
    return BucketsPresenter.updated(await this.buckets.update(account, bucket, body));
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
  @ApiErrors(...BUCKET_TARGET_ERRORS, BUCKET_ERRORS.BucketNotEmpty, BUCKET_ERRORS.BucketIsWebsite, COMMON_ERRORS.ConcurrentChange)
  async remove(@Param('account') account: string, @Param('bucket') bucket: string): Promise<DeleteBucketResponseDto> {
    return BucketsPresenter.deleted(await this.buckets.remove(account, bucket));
  }

  @Post(':bucket/adopt')
  @HttpCode(200)
  @BucketParam(EXAMPLE_NAMES.legacyBucket)
  @ApiOperation({
    operationId: 'adoptBucket',
    summary: 'Bring a bucket made by older tooling under the service, with its IAM groups, policies and users',
    description:
      'Takes no body. Moves the groups `<bucket>-BktAdmGrp`, `-BktRWGrp` and `-BktROGrp` found at the IAM path `/` under `/s3-api/<bucket>/`, ' +
      'recreates their policies there with the same document (the group keeps its rights throughout), moves the users that belong to those groups only, ' +
      "then tags the bucket as the service's. A policy also attached elsewhere, a user in other groups too, and every other IAM entity stay as they are. " +
      "Refused: a bucket already the service's, an access-log bucket, one carrying another deployment's `s3-api:` tags, a website's bucket. " +
      'Changes nothing else of the bucket. Repeating an adopt that failed half-way finishes it.',
  })
  @ApiOkResponse({ type: AdoptBucketResponseDto, description: 'What was taken over' })
  @ApiErrors(
    COMMON_ERRORS.ValidationError,
    OWNERSHIP_ERRORS.BucketNotAdoptable,
    OWNERSHIP_ERRORS.BucketNotFound,
    OWNERSHIP_ERRORS.BucketAlreadyManaged,
    BUCKET_ERRORS.BucketIsWebsite,
    ACCESS_ERRORS.AccessNameTaken,
  )
  async adopt(@Param('account') account: string, @Param('bucket') bucket: string): Promise<AdoptBucketResponseDto> {
    return BucketsPresenter.adopted(await this.buckets.adopt(account, bucket));
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
  @ApiErrors(...BUCKET_TARGET_ERRORS)
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
