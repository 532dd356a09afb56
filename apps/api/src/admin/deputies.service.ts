// Owns the rules of deputies: the public facts shown on a station's wall, and at most one user per deputy
// (the link is kept on both sides, users.deputy_id and deputies.user_id, as user administration does).
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import { conflict, notFound } from './admin-errors';
import type { CreateDeputyDto, DeputyQuery, DeputyView, UpdateDeputyDto } from './deputies.dto';
import { DeputiesRepository } from './deputies.repository';

@Injectable()
export class DeputiesService {
  constructor(@Inject(DeputiesRepository) private readonly repository: DeputiesRepository) {}

  async list(query: DeputyQuery): Promise<Page<DeputyView>> {
    const { rows, total } = await this.repository.list({
      q: query.q,
      stationId: query.stationId,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<DeputyView> {
    const deputy = await this.repository.findById(id);
    if (!deputy) throw notFound('Deputy');
    return deputy;
  }

  async create(actor: AuthUser, input: CreateDeputyDto): Promise<DeputyView> {
    const userId = input.userId ?? null;
    if (userId) await this.checkUser(userId, null);
    let id: string;
    try {
      id = await this.repository.create(actor.id, { ...input, userId });
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateDeputyDto): Promise<DeputyView> {
    if (input.userId) await this.checkUser(input.userId, id);
    try {
      if (!(await this.repository.update(actor.id, id, input))) throw notFound('Deputy');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  private async checkUser(userId: string, deputyId: string | null): Promise<void> {
    if (!(await this.repository.isActiveUser(userId)))
      throw invalidField('userId', 'userId does not name an active user');
    if (await this.repository.userTaken(userId, deputyId))
      throw conflict('userId', 'this user already stands for a deputy');
  }
}

function translate(error: unknown): unknown {
  if (isUniqueViolation(error, 'uq_deputies_user_id') || isUniqueViolation(error, 'uq_users_deputy_id')) {
    return conflict('userId', 'this user already stands for a deputy');
  }
  return error;
}
