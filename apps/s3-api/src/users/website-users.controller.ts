import { COMMON_ERRORS } from '#common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AWS_ERRORS } from '#aws';
import { ACCESS_ERRORS } from '../access/access.errors.js';
import { AccountParam, ApiExampleBody, SECRET_SHOWN_ONCE, EXAMPLE_NAMES, UserParam, WebsiteParam } from '../common/api-docs.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { IamUserDto } from '../common/dto/iam.response.dto.js';
import { PageQueryDto } from '../common/dto/page-query.dto.js';
import { NEXT_TOKEN_DOC, paginate } from '../common/pagination.js';
import { WEBSITE_TARGET_ERRORS } from '../websites/websites.errors.js';
import { CreateWebsiteUserDto } from './dto/create-user.dto.js';
import { CreateUserResponseDto, DeleteUserResponseDto, ResetKeysResponseDto, UserDetailsResponseDto } from './dto/user.response.dto.js';
import { USER_ERRORS } from './users.errors.js';
import { UsersPresenter } from './users.presenter.js';
import { UsersService, type UsersTarget } from './users.service.js';
import { TrackMutatingHandlers } from '../common/drain.js';

const website = (name: string): UsersTarget => ({ kind: 'website', name });

@ApiTags('website-users')
@TrackMutatingHandlers()
@AccountParam()
@WebsiteParam()
@Controller(':account/websites/:website/users')
export class WebsiteUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'createWebsiteUser',
    summary: 'Create a user of the website (optionally limited to a prefix), with its groups and an access key',
    description: SECRET_SHOWN_ONCE,
  })
  @ApiExampleBody(CreateWebsiteUserDto, 'A user who may read and write /docs/ of the site only', {
    User: { UserName: EXAMPLE_NAMES.websiteUser, Path: '/docs/' },
    Groups: ['BktRWGrp'],
  })
  @ApiOkResponse({ type: CreateUserResponseDto, description: 'User created; the response carries the only copy of the secret key' })
  @ApiErrors(
    ...WEBSITE_TARGET_ERRORS,
    USER_ERRORS.UserAlreadyExists,
    ACCESS_ERRORS.AccessNameTaken,
    AWS_ERRORS.QuotaExceeded,
    ACCESS_ERRORS.WebAdminGroupMissing,
    COMMON_ERRORS.ConcurrentChange,
  )
  async create(@Param('account') account: string, @Param('website') name: string, @Body() body: CreateWebsiteUserDto): Promise<CreateUserResponseDto> {
    return UsersPresenter.created(
      await this.users.create(account, website(name), {
        userName: body.User.UserName,
        ...(body.User.Path ? { path: body.User.Path } : {}),
        ...(body.Groups ? { groups: body.Groups } : {}),
      }),
    );
  }

  @Get()
  @ApiOperation({ operationId: 'listWebsiteUsers', summary: "List the website's users (members of its groups), or a page of them" })
  @ApiOkResponse({ type: [IamUserDto], headers: NEXT_TOKEN_DOC })
  @ApiErrors(...WEBSITE_TARGET_ERRORS)
  async list(
    @Param('account') account: string,
    @Param('website') name: string,
    @Query() page: PageQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IamUserDto[]> {
    return paginate(UsersPresenter.list(await this.users.list(account, website(name))), page, reply, (user) => user.UserName);
  }

  @Get(':user')
  @UserParam('website', EXAMPLE_NAMES.websiteUser)
  @ApiOperation({ operationId: 'getWebsiteUser', summary: "Show a user of the website: keys (no secrets), the website's groups and their policies" })
  @ApiOkResponse({ type: UserDetailsResponseDto })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, USER_ERRORS.UserNotFound)
  async show(@Param('account') account: string, @Param('website') name: string, @Param('user') user: string): Promise<UserDetailsResponseDto> {
    return UsersPresenter.details(await this.users.show(account, website(name), user));
  }

  @Put(':user')
  @UserParam('website', EXAMPLE_NAMES.websiteUser)
  @ApiOperation({
    operationId: 'resetWebsiteUserKeys',
    summary: "Replace the user's access key: a new one is made, then the old ones are deleted",
    description: SECRET_SHOWN_ONCE,
  })
  @ApiOkResponse({ type: ResetKeysResponseDto, description: 'The new key (with the only copy of its secret) and the deleted key ids' })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, USER_ERRORS.UserNotFound, USER_ERRORS.AccessKeyLimitExceeded, COMMON_ERRORS.ConcurrentChange)
  async resetKeys(@Param('account') account: string, @Param('website') name: string, @Param('user') user: string): Promise<ResetKeysResponseDto> {
    return UsersPresenter.reset(await this.users.resetKeys(account, website(name), user));
  }

  @Delete(':user')
  @UserParam('website', EXAMPLE_NAMES.websiteUser)
  @ApiOperation({ operationId: 'deleteWebsiteUser', summary: 'Delete a user of the website with its keys and memberships' })
  @ApiOkResponse({ type: DeleteUserResponseDto })
  @ApiErrors(...WEBSITE_TARGET_ERRORS, USER_ERRORS.UserNotFound, AWS_ERRORS.ResourceConflict, COMMON_ERRORS.ConcurrentChange)
  async remove(@Param('account') account: string, @Param('website') name: string, @Param('user') user: string): Promise<DeleteUserResponseDto> {
    return UsersPresenter.deleted(user, await this.users.remove(account, website(name), user));
  }
}
