import { COMMON_ERRORS } from '#common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AWS_ERRORS } from '#aws';
import { ACCESS_ERRORS } from '../access/access.errors.js';
import { AccountParam, ApiExampleBody, SECRET_SHOWN_ONCE, BucketParam, EXAMPLE_NAMES, UserParam } from '../common/api-docs.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { IamUserDto } from '../common/dto/iam.response.dto.js';
import { PageQueryDto } from '../common/dto/page-query.dto.js';
import { NEXT_TOKEN_DOC, paginate } from '../common/pagination.js';
import { BUCKET_TARGET_ERRORS } from '../ownership/ownership.errors.js';
import { CreateBucketUserDto } from './dto/create-user.dto.js';
import { CreateUserResponseDto, DeleteUserResponseDto, ResetKeysResponseDto, UserDetailsResponseDto } from './dto/user.response.dto.js';
import { USER_ERRORS } from './users.errors.js';
import { UsersPresenter } from './users.presenter.js';
import { UsersService, type UsersTarget } from './users.service.js';
import { TrackMutatingHandlers } from '../common/drain.js';

const bucket = (name: string): UsersTarget => ({ kind: 'bucket', name });

@ApiTags('bucket-users')
@TrackMutatingHandlers()
@AccountParam()
@BucketParam()
@Controller(':account/buckets/:bucket/users')
export class BucketUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'createBucketUser',
    summary: 'Create a user of the bucket, with its groups and an access key',
    description: SECRET_SHOWN_ONCE,
  })
  @ApiExampleBody(CreateBucketUserDto, 'A user with read-write access to the bucket', { User: { UserName: EXAMPLE_NAMES.bucketUser }, Groups: ['BktRWGrp'] })
  @ApiOkResponse({ type: CreateUserResponseDto, description: 'User created; the response carries the only copy of the secret key' })
  @ApiErrors(...BUCKET_TARGET_ERRORS, USER_ERRORS.UserAlreadyExists, ACCESS_ERRORS.AccessNameTaken, AWS_ERRORS.QuotaExceeded, COMMON_ERRORS.ConcurrentChange)
  async create(@Param('account') account: string, @Param('bucket') name: string, @Body() body: CreateBucketUserDto): Promise<CreateUserResponseDto> {
    return UsersPresenter.created(
      await this.users.create(account, bucket(name), { userName: body.User.UserName, ...(body.Groups ? { groups: body.Groups } : {}) }),
    );
  }

  @Get()
  @ApiOperation({ operationId: 'listBucketUsers', summary: "List the bucket's users (members of its groups), or a page of them" })
  @ApiOkResponse({ type: [IamUserDto], headers: NEXT_TOKEN_DOC })
  @ApiErrors(...BUCKET_TARGET_ERRORS)
  async list(
    @Param('account') account: string,
    @Param('bucket') name: string,
    @Query() page: PageQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IamUserDto[]> {
    return paginate(UsersPresenter.list(await this.users.list(account, bucket(name))), page, reply, (user) => user.UserName);
  }

  @Get(':user')
  @UserParam('bucket', EXAMPLE_NAMES.bucketUser)
  @ApiOperation({ operationId: 'getBucketUser', summary: "Show a user of the bucket: keys (no secrets), the bucket's groups and their policies" })
  @ApiOkResponse({ type: UserDetailsResponseDto })
  @ApiErrors(...BUCKET_TARGET_ERRORS, USER_ERRORS.UserNotFound)
  async show(@Param('account') account: string, @Param('bucket') name: string, @Param('user') user: string): Promise<UserDetailsResponseDto> {
    return UsersPresenter.details(await this.users.show(account, bucket(name), user));
  }

  @Put(':user')
  @UserParam('bucket', EXAMPLE_NAMES.bucketUser)
  @ApiOperation({
    operationId: 'resetBucketUserKeys',
    summary: "Replace the user's access key: a new one is made, then the old ones are deleted",
    description: SECRET_SHOWN_ONCE,
  })
  @ApiOkResponse({ type: ResetKeysResponseDto, description: 'The new key (with the only copy of its secret) and the deleted key ids' })
  @ApiErrors(...BUCKET_TARGET_ERRORS, USER_ERRORS.UserNotFound, USER_ERRORS.AccessKeyLimitExceeded, COMMON_ERRORS.ConcurrentChange)
  async resetKeys(@Param('account') account: string, @Param('bucket') name: string, @Param('user') user: string): Promise<ResetKeysResponseDto> {
    return UsersPresenter.reset(await this.users.resetKeys(account, bucket(name), user));
  }

  @Delete(':user')
  @UserParam('bucket', EXAMPLE_NAMES.bucketUser)
  @ApiOperation({ operationId: 'deleteBucketUser', summary: 'Delete a user of the bucket with its keys and memberships' })
  @ApiOkResponse({ type: DeleteUserResponseDto })
  @ApiErrors(...BUCKET_TARGET_ERRORS, USER_ERRORS.UserNotFound, AWS_ERRORS.ResourceConflict, COMMON_ERRORS.ConcurrentChange)
  async remove(@Param('account') account: string, @Param('bucket') name: string, @Param('user') user: string): Promise<DeleteUserResponseDto> {
    return UsersPresenter.deleted(user, await this.users.remove(account, bucket(name), user));
  }
}
