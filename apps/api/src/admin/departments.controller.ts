// Departments: the offices issues are referred to. Readable, each within their scope, by admins, supervisors,
// liaison officers and department staff (the pickers of referral and reassignment); written by admins.
import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import { CreateDepartmentDto, DepartmentQuery, DepartmentView, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsService } from './departments.service';

@ApiTags('reference data')
@ApiSignedIn()
@ApiErrors(403)
@Controller('api/departments')
export class DepartmentsController {
  constructor(@Inject(DepartmentsService) private readonly departments: DepartmentsService) {}

  @Get()
  @Roles('admin', 'supervisor', 'liaison', 'department')
  @ApiOperation({
    summary: 'List the departments you may see, in region order',
    description:
      'admin: all. supervisor and liaison: departments whose region lies in one of your scope subtrees or above one ' +
      "(a township grant sees the township's offices and the county and city departments over it) — the departments " +
      'an issue in your scope may be assigned or reassigned to. department: your own. Several roles: the union.',
  })
  @ApiPageResponse(DepartmentView)
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: DepartmentQuery): Promise<Page<DepartmentView>> {
    return this.departments.list(user, query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a department to a township, county or city' })
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change or close (active: false) a department' })
  @ApiOkResponse({ type: DepartmentView })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateDepartmentDto,
  ): Promise<DepartmentView> {
    return this.departments.update(actor, params.id, body);
  }
}
