// Issue categories (道路交通, 饮水与水利, …). Any signed-in user may read them (every issue names one); admins write.
import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import { CategoryQuery, CategoryView, CreateCategoryDto, UpdateCategoryDto } from './categories.dto';
import { CategoriesService } from './categories.service';

@ApiTags('reference data')
@ApiSignedIn()
@Controller('api/categories')
export class CategoriesController {
  constructor(@Inject(CategoriesService) private readonly categories: CategoriesService) {}

  @Get()
  @ApiOperation({ summary: 'List issue categories, by code' })
  @ApiPageResponse(CategoryView)
  @ApiErrors(400)
  list(@Query() query: CategoryQuery): Promise<Page<CategoryView>> {
    return this.categories.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add an issue category' })
  @ApiCreatedResponse({ type: CategoryView })
  @ApiErrors(400, 403, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change or close (active: false) an issue category' })
  @ApiOkResponse({ type: CategoryView })
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateCategoryDto,
  ): Promise<CategoryView> {
    return this.categories.update(actor, params.id, body);
  }
}
