// Owns the rules of the region tree: each level sits one below its parent's (city → county → township → village),
// codes are unique path segments, and a region still in use (children, stations, departments, role scopes,
// issues, routing rules) is not deleted.
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation, REGION_LEVELS, type RegionLevel } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import { conflict, isForeignKeyViolation, notFound } from './admin-errors';
import type { CreateRegionDto, RegionQuery, RegionView, UpdateRegionDto } from './regions.dto';
import { RegionsRepository, type RegionUsage } from './regions.repository';

const USAGE_LABELS: Record<keyof RegionUsage, [string, string]> = {
  childRegions: ['child region', 'child regions'],
  stations: ['station', 'stations'],
  departments: ['department', 'departments'],
  userRoles: ["user's role", "users' roles"],
  issues: ['issue', 'issues'],
  routingRules: ['routing rule', 'routing rules'],
};

@Injectable()
export class RegionsService {
  constructor(@Inject(RegionsRepository) private readonly repository: RegionsRepository) {}

  async list(query: RegionQuery): Promise<Page<RegionView>> {
    const { rows, total } = await this.repository.list({
      parentId: query.parentId,
      level: query.level,
      q: query.q,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<RegionView> {
    const region = await this.repository.findById(id);
    if (!region) throw notFound('Region');
    return region;
  }

  async create(actor: AuthUser, input: CreateRegionDto): Promise<RegionView> {
    const parentId = input.parentId ?? null;
    let path = input.code;
    if (input.level === 'city') {
      if (parentId) throw invalidField('parentId', 'a city has no parent region');
    } else {
      const expected = parentLevelOf(input.level);
      if (!parentId) throw invalidField('parentId', `a ${input.level} needs a parent ${expected}`);
      const parent = await this.repository.findById(parentId);
      if (!parent) throw invalidField('parentId', 'parentId does not name a region');
      if (parent.level !== expected) {
        throw invalidField(
          'parentId',
          `a ${input.level} belongs to a ${expected}, and this parent is a ${parent.level}`,
        );
      }
      path = `${parent.path}/${input.code}`;
    }
    if (await this.repository.codeTaken(input.code)) throw conflict('code', 'this code is taken');
    let id: string;
    try {
      id = await this.repository.create(actor.id, { ...input, parentId, path });
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateRegionDto): Promise<RegionView> {
    if (input.code !== undefined && (await this.repository.codeTaken(input.code, id))) {
      throw conflict('code', 'this code is taken');
    }
    try {
      const found = await this.repository.update(actor.id, id, input, async (tx, current) => {
        if (input.code !== undefined && input.code !== current.code) {
          const issues = await this.repository.issuesUnder(tx, current.path);
          if (issues > 0) {
            throw conflict('code', `the code cannot change: ${issues} issue(s) were raised in this region's subtree`);
          }
        }
      });
      if (!found) throw notFound('Region');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    let found: boolean;
    try {
      found = await this.repository.delete(actor.id, id, async (tx) => {
        const usage = await this.repository.usage(tx, id);
        const uses = (Object.keys(USAGE_LABELS) as (keyof RegionUsage)[])
          .filter((kind) => usage[kind] > 0)
          .map((kind) => `${usage[kind]} ${USAGE_LABELS[kind][usage[kind] === 1 ? 0 : 1]}`);
        if (uses.length) throw conflict('id', `This region is still used by ${uses.join(', ')}`);
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw conflict('id', 'This region is still in use');
      throw error;
    }
    if (!found) throw notFound('Region');
  }
}

/** city → (none), county → city, township → county, village → township. */
export function parentLevelOf(level: RegionLevel): RegionLevel | null {
  const index = REGION_LEVELS.indexOf(level);
  return index > 0 ? REGION_LEVELS[index - 1] : null;
}

function translate(error: unknown): unknown {
  if (isUniqueViolation(error, 'uq_regions_code') || isUniqueViolation(error, 'ix_regions_path')) {
    return conflict('code', 'this code is taken');
  }
  return error;
}
