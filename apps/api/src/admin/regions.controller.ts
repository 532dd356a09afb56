// Regions: the city → county → township → village tree. Any signed-in user may read it (place names are public
// and every screen's pickers need them); only admins change it.
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import { CreateRegionDto, RegionQuery, RegionView, UpdateRegionDto } from './regions.dto';
import { RegionsService } from './regions.service';

@ApiTags('reference data')
@ApiSignedIn()
@Controller('api/regions')
export class RegionsController {
  constructor(@Inject(RegionsService) private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: 'List regions, in path order (a parent before its children)' })
  @ApiPageResponse(RegionView)
  @ApiErrors(400)
  list(@Query() query: RegionQuery): Promise<Page<RegionView>> {
    return this.regions.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a region one level below its parent (a city has none)' })
  @ApiCreatedResponse({ type: RegionView })
  @ApiErrors(400, 403, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateRegionDto): Promise<RegionView> {
    return this.regions.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Rename a region or change its code (and so its subtree's paths)" })
  @ApiOkResponse({ type: RegionView })
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateRegionDto,
  ): Promise<RegionView> {
    return this.regions.update(actor, params.id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a region nothing uses',
    description:
      '409 names what still uses it: child regions, stations, departments, users’ roles, issues, routing rules.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 403, 404, 409)
  delete(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<void> {
    return this.regions.delete(actor, params.id);
  }
}
