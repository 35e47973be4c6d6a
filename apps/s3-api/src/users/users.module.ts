import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { BucketUsersController } from './bucket-users.controller.js';
import { UsersService } from './users.service.js';
import { WebsiteUsersController } from './website-users.controller.js';

/** Users of buckets and of websites: one service, one controller per route family. */
@Module({
  imports: [AccessModule, OwnershipModule],
  controllers: [BucketUsersController, WebsiteUsersController],
  providers: [UsersService],
})
export class UsersModule {}
