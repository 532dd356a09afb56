// Owns the rules of stations: a township station (人大代表之家) sits in a township region and a village station
// (代表工作站) in a village; the head (负责人) is one of the station's deputies and stays one; the liaison officer is
// an active user; codes are unique.
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation, type StationLevel } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { pageOf, type Page } from '../common/pagination';
import { conflict, FieldProblems, isForeignKeyViolation, notFound } from './admin-errors';
import type { CreateStationDto, StationDetailView, StationQuery, StationView, UpdateStationDto } from './stations.dto';
import { StationsRepository, type StationState } from './stations.repository';

@Injectable()
export class StationsService {
  constructor(@Inject(StationsRepository) private readonly repository: StationsRepository) {}

  async list(query: StationQuery): Promise<Page<StationView>> {
    const { rows, total } = await this.repository.list({
      regionId: query.regionId,
      q: query.q,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<StationDetailView> {
    const station = await this.repository.findById(id);
    if (!station) throw notFound('Station');
    return { ...station, deputies: await this.repository.deputiesOf(id) };
  }

  async create(actor: AuthUser, input: CreateStationDto): Promise<StationDetailView> {
    const problems = new FieldProblems();
    await this.checkRegion(problems, input.level, input.regionId, 'regionId');
    await this.checkReferences(problems, input);
    problems.throwIfAny();
    if (await this.repository.codeTaken(input.code)) throw conflict('code', 'this code is taken');
    let id: string;
    try {
      id = await this.repository.create(actor.id, {
        code: input.code,
        name: input.name,
        level: input.level,
        regionId: input.regionId,
        headDeputyId: input.headDeputyId ?? null,
        liaisonOfficerUserId: input.liaisonOfficerUserId ?? null,
      });
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateStationDto): Promise<StationDetailView> {
    const existing = await this.repository.findById(id);
    if (!existing) throw notFound('Station');
    const problems = new FieldProblems();
    if (input.level !== undefined || input.regionId !== undefined) {
      // Checked against the station as it will be: a level change needs a region of that level, and vice versa.
      const field = input.regionId !== undefined ? 'regionId' : 'level';
      await this.checkRegion(problems, input.level ?? existing.level, input.regionId ?? existing.regionId, field);
    }
    await this.checkReferences(problems, input);
    problems.throwIfAny();
    if (input.code !== undefined && (await this.repository.codeTaken(input.code, id))) {
      throw conflict('code', 'this code is taken');
    }
    try {
      const found = await this.repository.update(actor.id, id, input, (current) => {
        const placed = input.level !== undefined || input.regionId !== undefined;
        if (placed && (current.level !== existing.level || current.regionId !== existing.regionId)) {
          // Moved by someone else between the checks above and this transaction: let the caller look again.
          throw conflict(
            input.regionId !== undefined ? 'regionId' : 'level',
            'the station changed meanwhile: try again',
          );
        }
        if (input.headDeputyId && !current.deputyIds.includes(input.headDeputyId)) {
          const stale = new FieldProblems();
          stale.add('headDeputyId', "the head must be one of the station's deputies: add them first");
          stale.throwIfAny();
        }
      });
      if (!found) throw notFound('Station');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async replaceDeputies(actor: AuthUser, id: string, deputyIds: string[]): Promise<StationDetailView> {
    const problems = new FieldProblems();
    const known = await this.repository.existingDeputies(deputyIds);
    deputyIds.forEach((deputyId, index) => {
      if (!known.has(deputyId)) problems.add(`deputyIds.${index}`, 'does not name a deputy');
    });
    problems.throwIfAny();
    try {
      const found = await this.repository.replaceDeputies(actor.id, id, deputyIds, (current: StationState) => {
        if (current.headDeputyId && !deputyIds.includes(current.headDeputyId)) {
          const head = new FieldProblems();
          head.add('deputyIds', 'the head must stay among the deputies: change the head first (PATCH headDeputyId)');
          head.throwIfAny();
        }
      });
      if (!found) throw notFound('Station');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  private async checkRegion(problems: FieldProblems, level: StationLevel, regionId: string, field: string) {
    const regionLevel = await this.repository.regionLevel(regionId);
    if (!regionLevel) problems.add('regionId', 'regionId does not name a region');
    else if (regionLevel !== level) {
      problems.add(field, `a ${level} station belongs in a ${level} region, and this region is a ${regionLevel}`);
    }
  }

  private async checkReferences(
    problems: FieldProblems,
    input: { headDeputyId?: string | null; liaisonOfficerUserId?: string | null },
  ) {
    if (input.headDeputyId && !(await this.repository.existingDeputies([input.headDeputyId])).has(input.headDeputyId)) {
      problems.add('headDeputyId', 'headDeputyId does not name a deputy');
    }
    if (input.liaisonOfficerUserId && !(await this.repository.isActiveUser(input.liaisonOfficerUserId))) {
      problems.add('liaisonOfficerUserId', 'liaisonOfficerUserId does not name an active user');
    }
  }
}

function translate(error: unknown): unknown {
  if (isUniqueViolation(error, 'uq_stations_code')) return conflict('code', 'this code is taken');
  if (isForeignKeyViolation(error)) return conflict('id', 'a row this change names was removed meanwhile: try again');
  return error;
}
