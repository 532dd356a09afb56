// User administration: list, create with roles and scope, replace roles, unlock. Admins only.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { CreateUserDto, UpdateRolesDto, UserIdParams, UserQuery, UserView } from './users.dto';
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
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Patch(':id/roles')
  @ApiOperation({ summary: "Replace a user's roles; takes effect on the user's next request" })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404)
  replaceRoles(
    @CurrentUser() actor: AuthUser,
    @Param() params: UserIdParams,
    @Body() body: UpdateRolesDto,
  ): Promise<UserView> {
    return this.users.replaceRoles(actor, params.id, body.roles);
  }

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a sign-in lock-out and clear the failure count' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404)
  unlock(@Param() params: UserIdParams): Promise<UserView> {
    return this.users.unlock(params.id);
  }
}
