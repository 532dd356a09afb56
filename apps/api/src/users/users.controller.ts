// User administration: list, create with roles and scope, replace roles and links, reset a password, disable,
// enable, unlock; each change audited. Admins only.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { CreateUserDto, PasswordResetView, UpdateAccessDto, UserIdParams, UserQuery, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users, by username' })
  @ApiPageResponse(UserView)
  @ApiErrors(400)
  list(@Query() query: UserQuery): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user with roles',
    description:
      'liaison and supervisor grants need a regionId (the root of their scope); department needs the ' +
      "user's departmentId, deputy the user's deputyId.",
  })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, body);
  }

  @Patch(':id/roles')
  @ApiOperation({
    summary: "Replace a user's roles, and bind them to a department or deputy; takes effect on the user's next request",
  })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404, 409)
  replaceRoles(
    @CurrentUser() actor: AuthUser,
    @Param() params: UserIdParams,
    @Body() body: UpdateAccessDto,
  ): Promise<UserView> {
    return this.users.replaceAccess(actor, params.id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Issue a one-time password',
    description:
      "Shown once in the answer. The user's sessions end; signing in with it answers passwordChangeRequired, and " +
      'nothing but choosing a new password works until they do.',
  })
  @ApiOkResponse({ type: PasswordResetView })
  @ApiErrors(400, 404)
  resetPassword(@CurrentUser() actor: AuthUser, @Param() params: UserIdParams): Promise<PasswordResetView> {
    return this.users.resetPassword(actor, params.id);
  }

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Disable an account: it can no longer sign in, and its sessions end at once' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404)
  disable(@CurrentUser() actor: AuthUser, @Param() params: UserIdParams): Promise<UserView> {
    return this.users.disable(actor, params.id);
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enable a disabled account again' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404)
  enable(@CurrentUser() actor: AuthUser, @Param() params: UserIdParams): Promise<UserView> {
    return this.users.enable(actor, params.id);
  }

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a sign-in lock-out and clear the failure count' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404)
  unlock(@CurrentUser() actor: AuthUser, @Param() params: UserIdParams): Promise<UserView> {
    return this.users.unlock(actor, params.id);
  }
}
