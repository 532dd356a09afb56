// Stations: township deputies' homes and village work stations, with their deputies, head and liaison officer.
// Admins only. The reception rule (reception days) is not managed here.
import { Body, Controller, Get, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import {
  CreateStationDto,
  StationDeputiesDto,
  StationDetailView,
  StationQuery,
  StationView,
  UpdateStationDto,
} from './stations.dto';
import { StationsService } from './stations.service';

@ApiTags('reference data')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/stations')
export class StationsController {
  constructor(@Inject(StationsService) private readonly stations: StationsService) {}

  @Get()
  @ApiOperation({ summary: 'List stations' })
  @ApiPageResponse(StationView)
  @ApiErrors(400)
  list(@Query() query: StationQuery): Promise<Page<StationView>> {
    return this.stations.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A station with its deputies' })
  @ApiOkResponse({ type: StationDetailView })
  @ApiErrors(400, 404)
  get(@Param() params: IdParams): Promise<StationDetailView> {
    return this.stations.get(params.id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a station: a township one in a township region, a village one in a village' })
  @ApiCreatedResponse({ type: StationDetailView })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateStationDto): Promise<StationDetailView> {
    return this.stations.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a station: code, name, level and region, head, liaison officer' })
  @ApiOkResponse({ type: StationDetailView })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateStationDto,
  ): Promise<StationDetailView> {
    return this.stations.update(actor, params.id, body);
  }

  @Put(':id/deputies')
  @ApiOperation({ summary: "Replace the station's deputies (the head must stay among them)" })
  @ApiOkResponse({ type: StationDetailView })
  @ApiErrors(400, 404, 409)
  replaceDeputies(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: StationDeputiesDto,
  ): Promise<StationDetailView> {
    return this.stations.replaceDeputies(actor, params.id, body.deputyIds);
  }
}
