// Deputies: the people's-congress deputies of every level serving the stations. Admins only.
import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import { CreateDeputyDto, DeputyQuery, DeputyView, UpdateDeputyDto } from './deputies.dto';
import { DeputiesService } from './deputies.service';

@ApiTags('reference data')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/deputies')
export class DeputiesController {
  constructor(@Inject(DeputiesService) private readonly deputies: DeputiesService) {}

  @Get()
  @ApiOperation({ summary: 'List deputies, by name' })
  @ApiPageResponse(DeputyView)
  @ApiErrors(400)
  list(@Query() query: DeputyQuery): Promise<Page<DeputyView>> {
    return this.deputies.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a deputy (assign them to stations with PUT /api/stations/:id/deputies)' })
  @ApiCreatedResponse({ type: DeputyView })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateDeputyDto): Promise<DeputyView> {
    return this.deputies.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a deputy's details or user link" })
  @ApiOkResponse({ type: DeputyView })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateDeputyDto,
  ): Promise<DeputyView> {
    return this.deputies.update(actor, params.id, body);
  }
}
