// Owns the rules of issue categories: unique codes; a category is closed (active: false), never deleted, because
// issues and routing rules keep pointing at it.
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { pageOf, type Page } from '../common/pagination';
import { conflict, notFound } from './admin-errors';
import type { CategoryQuery, CategoryView, CreateCategoryDto, UpdateCategoryDto } from './categories.dto';
import { CategoriesRepository } from './categories.repository';

@Injectable()
export class CategoriesService {
  constructor(@Inject(CategoriesRepository) private readonly repository: CategoriesRepository) {}

  async list(query: CategoryQuery): Promise<Page<CategoryView>> {
    const { rows, total } = await this.repository.list({
      active: query.active,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<CategoryView> {
    const category = await this.repository.findById(id);
    if (!category) throw notFound('Category');
    return category;
  }

  async create(actor: AuthUser, input: CreateCategoryDto): Promise<CategoryView> {
    if (await this.repository.codeTaken(input.code)) throw conflict('code', 'this code is taken');
    let id: string;
    try {
      id = await this.repository.create(actor.id, input);
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateCategoryDto): Promise<CategoryView> {
    if (input.code !== undefined && (await this.repository.codeTaken(input.code, id))) {
      throw conflict('code', 'this code is taken');
    }
    try {
      if (!(await this.repository.update(actor.id, id, input))) throw notFound('Category');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }
}

function translate(error: unknown): unknown {
  return isUniqueViolation(error, 'uq_issue_categories_code') ? conflict('code', 'this code is taken') : error;
}
