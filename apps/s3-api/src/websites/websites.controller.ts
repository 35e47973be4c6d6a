import { Body, Controller, Delete, Get, Head, Header, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, NOT_MANAGED_403 } from '../common/api-errors.decorator.js';
import { BOOKMARK_CONTENT_TYPE, bookmarkDisposition } from '../common/cyberduck-bookmark.js';
import { BookmarkQueryDto } from '../common/dto/bookmark-query.dto.js';
import { CreateWebsiteDto } from './dto/create-website.dto.js';
import { InvalidateWebsiteCacheDto } from './dto/invalidate-website-cache.dto.js';
import { UpdateWebsiteDto } from './dto/update-website.dto.js';
import { CreateWebsiteResponseDto, DeleteWebsiteResponseDto, InvalidateWebsiteCacheResponseDto, WebsiteResponseDto } from './dto/website.response.dto.js';
import { WebsiteTagsResponseDto } from './dto/website-tags.response.dto.js';
import { WebsitesService } from './websites.service.js';

const NAME_400 = 'Invalid input, or the website name is not one label under a domain configured for the account (DomainNotConfigured, ValidationError)';
const NOT_FOUND = 'Account not found (AccountNotFound) or website not found (WebsiteNotFound)';

@ApiTags('websites')
@ApiParam({ name: 'account', description: 'Account name or 12-digit id', example: 'sandbox' })
@Controller(':account/websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'createWebsite',
    summary: 'Create a static website: bucket, CloudFront distribution, DNS alias records, admin and web-admin groups',
  })
  @ApiAcceptedResponse({ type: CreateWebsiteResponseDto, description: 'Created; the distribution and the DNS change deploy in the background' })
  @ApiErrors([400, 401, 403, 404, 409, 429, 500, 503], {
    400: NAME_400,
    404: 'Account not found (AccountNotFound)',
    409: 'The bucket or the domain name is taken (WebsiteAlreadyExists), or an IAM name exists',
  })
  create(@Param('account') account: string, @Body() body: CreateWebsiteDto): Promise<CreateWebsiteResponseDto> {
    return this.websites.create(account, body);
  }

  @Head(':website')
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({ operationId: 'headWebsite', summary: 'Check that a website exists (no body)' })
  @ApiOkResponse({ description: 'The website exists' })
  @ApiErrors([400, 401, 403, 404, 500], { 400: NAME_400, 403: NOT_MANAGED_403, 404: NOT_FOUND })
  async head(@Param('account') account: string, @Param('website') website: string): Promise<void> {
    await this.websites.exists(account, website);
  }

  @Get(':website')
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({ operationId: 'getWebsite', summary: 'Tags, logging, emptiness, DNS record and distribution of a website' })
  @ApiOkResponse({ type: WebsiteResponseDto })
  @ApiErrors([400, 401, 403, 404, 500], { 400: NAME_400, 403: NOT_MANAGED_403, 404: NOT_FOUND })
  show(@Param('account') account: string, @Param('website') website: string): Promise<WebsiteResponseDto> {
    return this.websites.show(account, website);
  }

  @Put(':website')
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({ operationId: 'updateWebsite', summary: "Replace the client tags of the website's bucket and distribution" })
  @ApiOkResponse({ type: WebsiteTagsResponseDto })
  @ApiErrors([400, 401, 403, 404, 429, 500], { 400: NAME_400, 403: NOT_MANAGED_403, 404: NOT_FOUND })
  update(@Param('account') account: string, @Param('website') website: string, @Body() body: UpdateWebsiteDto): Promise<WebsiteTagsResponseDto> {
    return this.websites.update(account, website, body.Tags);
  }

  @Patch(':website')
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({ operationId: 'invalidateWebsiteCache', summary: "Invalidate paths in the website's CloudFront cache" })
  @ApiOkResponse({ type: InvalidateWebsiteCacheResponseDto })
  @ApiErrors([400, 401, 403, 404, 429, 500], {
    400: 'CacheInvalidation missing or empty, more than 100 paths, or a path not starting with / (ValidationError); or an invalid website name',
    403: NOT_MANAGED_403,
    404: NOT_FOUND,
    429: 'Too many invalidations in progress on this distribution, or AWS throttling (Throttled); see Retry-After',
  })
  invalidate(
    @Param('account') account: string,
    @Param('website') website: string,
    @Body() body: InvalidateWebsiteCacheDto,
  ): Promise<InvalidateWebsiteCacheResponseDto> {
    return this.websites.invalidate(account, website, body.CacheInvalidation);
  }

  @Delete(':website')
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({
    operationId: 'deleteWebsite',
    summary: 'Delete a website: its users, groups, policies, DNS records, placeholders and bucket; the distribution is disabled (deleted later)',
  })
  @ApiOkResponse({ type: DeleteWebsiteResponseDto })
  @ApiErrors([400, 401, 403, 404, 409, 412, 429, 500], {
    400: NAME_400,
    403: NOT_MANAGED_403,
    404: NOT_FOUND,
    409: 'The website holds objects besides the placeholders this service wrote (WebsiteNotEmpty)',
  })
  remove(@Param('account') account: string, @Param('website') website: string): Promise<DeleteWebsiteResponseDto> {
    return this.websites.remove(account, website);
  }

  @Get(':website/duck')
  @Header('Content-Type', BOOKMARK_CONTENT_TYPE)
  @ApiParam({ name: 'website', example: 'mysite.sites.example.com' })
  @ApiOperation({ operationId: 'getWebsiteBookmark', summary: "Cyberduck bookmark (XML plist) for the website's bucket" })
  @ApiProduces('application/x-plist')
  @ApiOkResponse({ description: 'The bookmark, as an attachment `<website>.duck`', schema: { type: 'string' } })
  @ApiErrors([400, 401, 403, 404, 500], { 400: NAME_400, 403: NOT_MANAGED_403, 404: NOT_FOUND })
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
