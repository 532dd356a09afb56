// Owns the rules of user administration: which role needs which scope or link, unique usernames and
// deputies, that an admin cannot take away their own admin role nor disable themselves, and one-time passwords.
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Role } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { PasswordService } from '../auth/password.service';
import { invalidField, InvalidFieldsException, type FieldErrors } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '@app/database';
import type { CreateUserDto, PasswordResetView, UpdateAccessDto, UserQuery, UserView } from './users.dto';
import { UsersRepository, type AccountChange, type GrantRow } from './users.repository';
import type { RoleGrantDto } from './users.dto';

/** Roles that are scoped to a region subtree; the others are not and take no region. */
export const REGIONAL_ROLES: readonly Role[] = ['liaison', 'supervisor'];

@Injectable()
export class UsersService {
  constructor(
    @Inject(UsersRepository) private readonly repository: UsersRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(query: UserQuery): Promise<Page<UserView>> {
    const { rows, total } = await this.repository.list({
      q: query.q,
      role: query.role,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async create(actor: AuthUser, input: CreateUserDto): Promise<UserView> {
    const departmentId = input.departmentId ?? null;
    const deputyId = input.deputyId ?? null;
    const fields: FieldErrors = await this.grantProblems(input.roles, { departmentId, deputyId });
    const add = (path: string, message: string) => (fields[path] = [...(fields[path] ?? []), message]);
    if (departmentId && !(await this.repository.existing('departments', [departmentId])).has(departmentId)) {
      add('departmentId', 'departmentId does not name a department');
    }
    if (deputyId && !(await this.repository.existing('deputies', [deputyId])).has(deputyId)) {
      add('deputyId', 'deputyId does not name a deputy');
    }
    for (const problem of this.passwords.policyProblems(input.password, { username: input.username })) {
      add('password', problem);
    }
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);
    // Checked first so that the usual case never reaches the database as a failed INSERT, whose parameters
    // (a password hash among them) TypeORM would log; the unique constraints still catch a race.
    if (await this.repository.usernameTaken(input.username)) throw conflict('username', 'this username is taken');
    if (deputyId && (await this.repository.deputyTaken(deputyId))) {
      throw conflict('deputyId', 'this deputy already has a user');
    }

    let id: string;
    try {
      id = await this.repository.create(actor.id, {
        username: input.username,
        displayName: input.displayName.trim(),
        email: input.email ?? null,
        passwordHash: await this.passwords.hash(input.password),
        departmentId,
        deputyId,
        grants: toGrantRows(input.roles),
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_username')) throw conflict('username', 'this username is taken');
      if (isUniqueViolation(error, 'uq_users_deputy_id')) throw conflict('deputyId', 'this deputy already has a user');
      throw error;
    }
    return this.get(id);
  }

  /** Replaces the roles and, where the body names them, the department and deputy the user is bound to. */
  async replaceAccess(actor: AuthUser, userId: string, input: UpdateAccessDto): Promise<UserView> {
    const user = await this.get(userId);
    const { roles } = input;
    const departmentId = input.departmentId === undefined ? user.departmentId : input.departmentId;
    const deputyId = input.deputyId === undefined ? user.deputyId : input.deputyId;
    const fields = await this.grantProblems(roles, { departmentId, deputyId });
    const add = (path: string, message: string) => (fields[path] = [...(fields[path] ?? []), message]);
    if (actor.id === userId && !roles.some((grant) => grant.role === 'admin')) {
      // Otherwise the last admin can lock everyone out of administration by mistake.
      add('roles', 'you cannot remove your own admin role');
    }
    if (input.departmentId && !(await this.repository.existing('departments', [input.departmentId])).size) {
      add('departmentId', 'departmentId does not name a department');
    }
    if (input.deputyId && !(await this.repository.existing('deputies', [input.deputyId])).size) {
      add('deputyId', 'deputyId does not name a deputy');
    }
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);
    if (input.deputyId && (await this.repository.deputyTaken(input.deputyId, userId))) {
      throw conflict('deputyId', 'this deputy already has a user');
    }
    try {
      await this.repository.replaceAccess(actor.id, userId, {
        grants: toGrantRows(roles),
        departmentId: input.departmentId,
        deputyId: input.deputyId,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_deputy_id')) throw conflict('deputyId', 'this deputy already has a user');
      throw error;
    }
    return this.get(userId);
  }

  /**
   * Sets a one-time password, shown once in the answer: it signs the user in only to choose a new one. The user's
   * sessions end, and any lock is lifted (the usual reason for a reset is a forgotten password).
   */
  async resetPassword(actor: AuthUser, userId: string): Promise<PasswordResetView> {
    const user = await this.get(userId);
    const temporaryPassword = this.passwords.oneTimePassword(user.username);
    const passwordHash = await this.passwords.hash(temporaryPassword);
    await this.change(actor, userId, { action: 'reset_password', passwordHash });
    return { temporaryPassword, user: await this.get(userId) };
  }

  /** Disabling ends the user's sessions at once; the account, its links and its history stay. */
  async disable(actor: AuthUser, userId: string): Promise<UserView> {
    if (actor.id === userId) throw invalidField('id', 'you cannot disable your own account');
    return this.change(actor, userId, { action: 'disable' });
  }

  async enable(actor: AuthUser, userId: string): Promise<UserView> {
    return this.change(actor, userId, { action: 'enable' });
  }

  async unlock(actor: AuthUser, userId: string): Promise<UserView> {
    return this.change(actor, userId, { action: 'unlock' });
  }

  private async change(actor: AuthUser, userId: string, change: AccountChange): Promise<UserView> {
    if (!(await this.repository.changeAccount(actor.id, userId, change, this.clock.now()))) {
      throw new NotFoundException('User not found');
    }
    return this.get(userId);
  }

  async get(userId: string): Promise<UserView> {
    const user = await this.repository.findById(userId);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  /** Per-field problems with a set of grants for a user linked to these department and deputy. */
  private async grantProblems(
    roles: RoleGrantDto[],
    links: { departmentId: string | null; deputyId: string | null },
  ): Promise<FieldErrors> {
    const fields: FieldErrors = {};
    const add = (path: string, message: string) => (fields[path] = [...(fields[path] ?? []), message]);
    const seen = new Set<string>();
    const regionIds = roles.map((g) => g.regionId).filter((id): id is string => typeof id === 'string');
    const regions = await this.repository.existing('regions', regionIds);
    roles.forEach((grant, index) => {
      const regional = REGIONAL_ROLES.includes(grant.role);
      const regionId = grant.regionId ?? null;
      if (regional && !regionId) add(`roles.${index}.regionId`, `regionId is required for the ${grant.role} role`);
      if (!regional && regionId)
        add(`roles.${index}.regionId`, `regionId applies only to liaison and supervisor roles`);
      if (regionId && !regions.has(regionId)) add(`roles.${index}.regionId`, 'regionId does not name a region');
      if (grant.role === 'department' && !links.departmentId) {
        add('departmentId', 'departmentId is required for the department role');
      }
      if (grant.role === 'deputy' && !links.deputyId) add('deputyId', 'deputyId is required for the deputy role');
      const key = `${grant.role}:${regionId ?? ''}`;
      if (seen.has(key)) add(`roles.${index}`, 'the same role and region appear twice');
      seen.add(key);
    });
    return fields;
  }
}

function toGrantRows(roles: RoleGrantDto[]): GrantRow[] {
  return roles.map((grant) => ({ role: grant.role, regionId: grant.regionId ?? null }));
}

function conflict(field: string, message: string): ConflictException {
  return new ConflictException({ message, fields: { [field]: [message] } });
}
