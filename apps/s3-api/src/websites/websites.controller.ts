import { Body, Controller, Delete, Get, Head, Header, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AWS_ERRORS } from '#aws';
import { COMMON_ERRORS } from '#common';
import { ACCESS_ERRORS } from '../access/access.errors.js';
import { AccountParam, ApiExampleBody, EXAMPLE_NAMES, WebsiteParam } from '../common/api-docs.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BOOKMARK_CONTENT_TYPE, bookmarkDisposition } from '../common/cyberduck-bookmark.js';
import { BookmarkQueryDto } from '../common/dto/bookmark-query.dto.js';
import { PageQueryDto } from '../common/dto/page-query.dto.js';
import { NEXT_TOKEN_DOC, paginate } from '../common/pagination.js';
import { CreateWebsiteDto } from './dto/create-website.dto.js';
import { InvalidateWebsiteCacheDto } from './dto/invalidate-website-cache.dto.js';
import { UpdateWebsiteDto } from './dto/update-website.dto.js';
import { WebsiteTagsResponseDto } from './dto/website-tags.response.dto.js';
import {
  CreateWebsiteResponseDto,
  DeleteWebsiteResponseDto,
  InvalidateWebsiteCacheResponseDto,
  MigrateWebsiteResponseDto,
  WebsiteResponseDto,
} from './dto/website.response.dto.js';
import { WEBSITE_ERRORS, WEBSITE_TARGET_ERRORS } from './websites.errors.js';
import { WebsitesPresenter } from './website.presenter.js';
import { WebsitesService } from './websites.service.js';
import { TrackMutatingHandlers } from '../common/drain.js';

@ApiTags('websites')
@TrackMutatingHandlers()
@AccountParam()
@Controller(':account/websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWebsites',
    summary: 'List the names of all websites of the account, or a page of them',
    description:
      "Found by the service's tags (the Resource Groups Tagging API), so the cost grows with the websites, not with the account's buckets. " +
      'That index lags a little behind: a website made or deleted a moment ago may be missing or still listed.',
  })
  @ApiOkResponse({
    description: 'The website names ([] when there are none)',
    schema: { type: 'array', items: { type: 'string' }, example: [EXAMPLE_NAMES.website] },
    headers: NEXT_TOKEN_DOC,
  })
  @ApiErrors(COMMON_ERRORS.ValidationError)
  async list(@Param('account') account: string, @Query() page: PageQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string[]> {
    return paginate(await this.websites.list(account), page, reply, (name) => name);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'createWebsite',
    summary: 'Create a static website: bucket, CloudFront distribution, DNS alias records, admin and web-admin groups',
  })
  @ApiExampleBody(CreateWebsiteDto, 'A website under the sandbox domain, with an error page and a redirect', {
    BucketInput: { Bucket: EXAMPLE_NAMES.website },
    Tags: [{ Key: 'Application', Value: 'docs' }],
    WebsiteConfiguration: {
      IndexDocument: { Suffix: 'index.html' },
      ErrorDocument: { Key: 'error.html' },
      RoutingRules: [{ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } }],
    },
  })
  @ApiAcceptedResponse({ type: CreateWebsiteResponseDto, description: 'Created; the distribution and the DNS change deploy in the background' })
  @ApiErrors(
    COMMON_ERRORS.ValidationError,
    WEBSITE_ERRORS.DomainNotConfigured,
    WEBSITE_ERRORS.WebsiteAlreadyExists,
    WEBSITE_ERRORS.DnsNameHasCname,
    WEBSITE_ERRORS.BucketNameReleasing,
    WEBSITE_ERRORS.RoutingRuleNotSupported,
    ACCESS_ERRORS.AccessNameTaken,
    AWS_ERRORS.ResourceConflict,
    AWS_ERRORS.QuotaExceeded,
  )
  async create(@Param('account') account: string, @Body() body: CreateWebsiteDto): Promise<CreateWebsiteResponseDto> {
    return WebsitesPresenter.created(await this.websites.create(account, body));
  }

  @Head(':website')
  @WebsiteParam()
  @ApiOperation({ operationId: 'headWebsite', summary: 'Check that a website exists (no body)' })
  @ApiOkResponse({ description: 'The website exists' })
  @ApiErrors(...WEBSITE_TARGET_ERRORS)
  async head(@Param('account') account: string, @Param('website') website: string): Promise<void> {
    await this.websites.exists(account, website);
  }

  @Get(':website')
  @WebsiteParam()
  @ApiOperation({ operationId: 'getWebsite', summary: 'Tags, logging, emptiness, DNS record and distribution of a website' })
  @ApiOkResponse({ type: WebsiteResponseDto })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, WEBSITE_ERRORS.DistributionNotManaged)
  async show(@Param('account') account: string, @Param('website') website: string): Promise<WebsiteResponseDto> {
    return WebsitesPresenter.details(await this.websites.show(account, website));
  }

  @Put(':website')
  @WebsiteParam()
  @ApiOperation({ operationId: 'updateWebsite', summary: "Replace the client tags of the website's bucket and distribution" })
  @ApiExampleBody(UpdateWebsiteDto, 'New client tags', { Tags: [{ Key: 'Application', Value: 'docs' }] })
  @ApiOkResponse({ type: WebsiteTagsResponseDto })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, WEBSITE_ERRORS.DistributionNotManaged, COMMON_ERRORS.ConcurrentChange)
  async update(@Param('account') account: string, @Param('website') website: string, @Body() body: UpdateWebsiteDto): Promise<WebsiteTagsResponseDto> {
    return WebsitesPresenter.tags(await this.websites.update(account, website, body.Tags));
  }

  @Patch(':website')
  @WebsiteParam()
  @ApiOperation({ operationId: 'invalidateWebsiteCache', summary: "Invalidate paths in the website's CloudFront cache" })
  @ApiExampleBody(InvalidateWebsiteCacheDto, 'A page and a folder', { CacheInvalidation: ['/index.html', '/assets/*'] })
  @ApiOkResponse({ type: InvalidateWebsiteCacheResponseDto })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, WEBSITE_ERRORS.DistributionNotManaged)
  async invalidate(
    @Param('account') account: string,
    @Param('website') website: string,
    @Body() body: InvalidateWebsiteCacheDto,
  ): Promise<InvalidateWebsiteCacheResponseDto> {
    return WebsitesPresenter.invalidation(await this.websites.invalidate(account, website, body.CacheInvalidation));
  }

  @Post(':website/migrate')
  @HttpCode(200)
  @WebsiteParam()
  @ApiOperation({
    operationId: 'migrateWebsite',
    summary: 'Move a website made before origin access controls to a private bucket: CloudFront reads it through an origin access control',
    description:
      'Creates the viewer-request function, points the distribution at the bucket’s REST endpoint signed by the account’s origin access control, ' +
      'replaces the public-read bucket policy by one for that distribution alone and turns Block Public Access back on, then reads it all back; ' +
      'any failure puts every step back. A website that reads through an origin access control already is answered as it is (`Migrated: false`). ' +
      'Edges that still run the old configuration answer 403 until CloudFront has deployed the change (minutes).',
  })
  @ApiOkResponse({ type: MigrateWebsiteResponseDto })
  @ApiErrors(
    ...WEBSITE_TARGET_ERRORS,
    WEBSITE_ERRORS.DistributionNotManaged,
    WEBSITE_ERRORS.RoutingRuleNotSupported,
    WEBSITE_ERRORS.MigrationNotVerified,
    AWS_ERRORS.PreconditionFailed,
  )
  async migrate(@Param('account') account: string, @Param('website') website: string): Promise<MigrateWebsiteResponseDto> {
    return WebsitesPresenter.migrated(await this.websites.migrate(account, website));
  }

  @Delete(':website')
  @WebsiteParam()
  @ApiOperation({
    operationId: 'deleteWebsite',
    summary: 'Delete a website: its users, groups, policies, DNS records, placeholders and bucket; the distribution is disabled (deleted later)',
  })
  @ApiOkResponse({ type: DeleteWebsiteResponseDto })
  @ApiErrors(
    ...WEBSITE_TARGET_ERRORS,
    WEBSITE_ERRORS.DistributionNotManaged,
    WEBSITE_ERRORS.WebsiteNotEmpty,
    AWS_ERRORS.PreconditionFailed,
    COMMON_ERRORS.ConcurrentChange,
  )
  async remove(@Param('account') account: string, @Param('website') website: string): Promise<DeleteWebsiteResponseDto> {
    return WebsitesPresenter.deleted(await this.websites.remove(account, website));
  }

  @Get(':website/duck')
  @Header('Content-Type', BOOKMARK_CONTENT_TYPE)
  @WebsiteParam()
  @ApiOperation({ operationId: 'getWebsiteBookmark', summary: "Cyberduck bookmark (XML plist) for the website's bucket" })
  @ApiProduces('application/x-plist')
  @ApiOkResponse({ description: 'The bookmark, as an attachment `<website>.duck`', schema: { type: 'string' } })
  @ApiErrors(...WEBSITE_TARGET_ERRORS)
  async bookmark(
    @Param('account') account: string,
    @Param('website') website: string,
    @Query() query: BookmarkQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const bookmark = await this.websites.bookmark(account, website, query.path);
    void reply.header('Content-Disposition', bookmarkDisposition(website));
    return bookmark;
  }
}
