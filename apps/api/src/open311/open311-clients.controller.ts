// Admins give other systems (12345 platforms, map-based reporting tools) their Open311 API keys, and revoke them.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from '../admin/admin.dto';
import { CreateOpen311ClientDto, NewOpen311ClientView, Open311ClientView } from './open311.dto';
import { Open311Service } from './open311.service';

@ApiTags('open311')
@ApiSignedIn()
@Roles('admin')
@Controller('api/admin/open311-clients')
export class Open311ClientsController {
  constructor(@Inject(Open311Service) private readonly open311: Open311Service) {}

  @Get()
  @ApiOperation({ summary: 'The Open311 clients, newest first (keys are never shown again)' })
  @ApiOkResponse({ type: Open311ClientView, isArray: true })
  list(): Promise<Open311ClientView[]> {
    return this.open311.clients();
  }

  @Post()
  @ApiOperation({ summary: 'Register an Open311 client: its API key is in this answer only' })
  @ApiCreatedResponse({ type: NewOpen311ClientView })
  @ApiErrors(400)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateOpen311ClientDto): Promise<NewOpen311ClientView> {
    return this.open311.createClient(actor, body.name);
  }

  @Post(':id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Revoke a client's key: its posts are refused from now on (its requests stay)" })
  @ApiOkResponse({ type: Open311ClientView })
  @ApiErrors(400, 404)
  revoke(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<Open311ClientView> {
    return this.open311.revokeClient(actor, params.id);
  }
}
