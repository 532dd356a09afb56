// Owns who sees which departments and the rules of writing them.
//
// Reading (GET /api/departments) is for the people who refer issues to departments or answer for one:
//   admin                 every department
//   supervisor, liaison   the departments that can serve a place in their scope: those whose region lies in one of
//                         their scope subtrees (a township's offices, for a township grant) or above one (the county
//                         bureaus and city offices over it). This is the set a reassignment or triage assignment may
//                         name, since the issue commands accept a department whose region covers the place.
//   department            their own department only
// A user with several roles sees the union. Deputies have no use for the list (403).
//
// Writing is for admins: a department belongs to a city, county or township (never a village); codes are unique.
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@app/database';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { invalidField } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import { conflict, notFound } from './admin-errors';
import type { CreateDepartmentDto, DepartmentQuery, DepartmentView, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsRepository, type DepartmentVisibility } from './departments.repository';

@Injectable()
export class DepartmentsService {
  constructor(
    @Inject(DepartmentsRepository) private readonly repository: DepartmentsRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
  ) {}

  async list(user: AuthUser, query: DepartmentQuery): Promise<Page<DepartmentView>> {
    const { rows, total } = await this.repository.list(this.visibility(user), {
      regionId: query.regionId,
      q: query.q,
      active: query.active,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  visibility(user: AuthUser): DepartmentVisibility {
    if (hasRole(user, 'admin')) return { all: true };
    return {
      all: false,
      regionRoots: [
        ...new Set([...this.scope.regionPathsFor(user, 'supervisor'), ...this.scope.regionPathsFor(user, 'liaison')]),
      ],
      departmentId: hasRole(user, 'department') ? user.departmentId : null,
    };
  }

  async get(id: string): Promise<DepartmentView> {
    const department = await this.repository.findById(id);
    if (!department) throw notFound('Department');
    return department;
  }

  async create(actor: AuthUser, input: CreateDepartmentDto): Promise<DepartmentView> {
    const level = await this.repository.regionLevel(input.regionId);
    if (!level) throw invalidField('regionId', 'regionId does not name a region');
    if (level === 'village') {
      throw invalidField('regionId', 'a department belongs to a township, county or city, not a village');
    }
    if (await this.repository.codeTaken(input.code)) throw conflict('code', 'this code is taken');
    let id: string;
    try {
      id = await this.repository.create(actor.id, input);
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateDepartmentDto): Promise<DepartmentView> {
    if (input.code !== undefined && (await this.repository.codeTaken(input.code, id))) {
      throw conflict('code', 'this code is taken');
    }
    try {
      if (!(await this.repository.update(actor.id, id, input))) throw notFound('Department');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }
}

function translate(error: unknown): unknown {
  return isUniqueViolation(error, 'uq_departments_code') ? conflict('code', 'this code is taken') : error;
}
