// Owns the one shape of every list: `?page=&limit=` in (limit at most 100), `{ items, page, limit, total }` out.
import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiInteger } from './swagger';
import { IsInt, Max, Min } from 'class-validator';
import { QueryInt } from './validation';

export const MAX_PAGE_SIZE = 100;

/** Query parameters of every list endpoint; extend it for filters (`class IssueQuery extends PageQuery`). */
export class PageQuery {
  @ApiInteger({ required: false, default: 1, minimum: 1, maximum: 10_000, example: 1 })
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @ApiInteger({ required: false, default: 20, minimum: 1, maximum: MAX_PAGE_SIZE, example: 20 })
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  /** Rows to skip: for `.offset()` / `OFFSET`. */
  get offset(): number {
    return (this.page - 1) * this.limit;
  }
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

/** Wraps one page of rows and the total count into the list response. */
export function pageOf<T>(items: T[], total: number, query: Pick<PageQuery, 'page' | 'limit'>): Page<T> {
  return { items, page: query.page, limit: query.limit, total };
}

class PageMeta {
  @ApiInteger({ example: 1 }) page!: number;
  @ApiInteger({ example: 20 }) limit!: number;
  @ApiInteger({ example: 57, description: 'Rows matching the query, on all pages.' }) total!: number;
}

/** OpenAPI for `Page<Model>`: `@ApiPageResponse(UserView)`. */
export function ApiPageResponse(model: ClassType<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(PageMeta, model),
    ApiOkResponse({
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageMeta) },
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } } },
          },
        ],
      },
    }),
  );
}
