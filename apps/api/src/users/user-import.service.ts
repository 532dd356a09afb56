// Owns the rules of the bulk import of deputies and users from a workbook: every cell checked as the forms check it
// (lengths, control characters, phone, username, email), names resolved to the stations, terms, regions, departments
// and deputies they mean, duplicates refused within the file and against the database, and all rows written in one
// transaction or none. One-time passwords are generated here and answered once; only their hashes are stored.
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DEPUTY_LEVELS, type DeputyLevel, type Gender, isUniqueViolation, type Role, USER_ROLES } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { PasswordService } from '../auth/password.service';
import { NAME_MAX } from '../admin/admin.dto';
import { PHONE_PATTERN } from '../admin/deputies.dto';
import { USERNAME_PATTERN } from './users.dto';
import { REGIONAL_ROLES } from './users.service';
import type { ImportProblemView, ImportReportView } from './user-import.dto';
import {
  type DeputyToImport,
  type ImportReferences,
  type NamedRow,
  UserImportRepository,
  type UserToImport,
} from './user-import.repository';
import {
  DEPUTY_COLUMNS,
  DEPUTY_SHEET,
  type DeputyColumn,
  NotAWorkbook,
  readImportWorkbook,
  type SheetRow,
  USER_COLUMNS,
  USER_SHEET,
  type UserColumn,
} from './user-import.workbook';

const TEXT_MAX = 200;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a cell must not hold
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Several values in one cell: 、 as the template says, and the commas and semicolons people type anyway. */
const LIST_SEPARATOR = /[、,，;；]+/;

const GENDER_WORDS: Record<string, Gender> = { 男: 'male', 女: 'female', male: 'male', female: 'female' };
const LEVEL_WORDS: Record<string, DeputyLevel> = {
  全国: 'national',
  省: 'provincial',
  市: 'city',
  县: 'county',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  ...Object.fromEntries(DEPUTY_LEVELS.map((level) => [level, level])),
};
const ROLE_WORDS: Record<string, Role> = {
  人大代表: 'deputy',
  代表: 'deputy',
  承办部门: 'department',
  承办单位: 'department',
  联络员: 'liaison',
  督办人员: 'supervisor',
  系统管理员: 'admin',
  管理员: 'admin',
  ...Object.fromEntries(USER_ROLES.map((role) => [role, role])),
};

interface Checked {
  deputies: DeputyToImport[];
  users: (Omit<UserToImport, 'passwordHash'> & { row: number })[];
  problems: ImportProblemView[];
  sha256: string;
}

@Injectable()
export class UserImportService {
  constructor(
    @Inject(UserImportRepository) private readonly repository: UserImportRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
  ) {}

  /**
   * A dry run answers the report and writes nothing. A real run writes everything or, when any row is bad, nothing
   * (400 naming each bad cell as `<sheet>.<row>.<column>`), and answers the one-time passwords once.
   */
  async run(actor: AuthUser, file: Express.Multer.File | undefined, dryRun: boolean): Promise<ImportReportView> {
    const checked = await this.check(file);
    const report = { dryRun, deputies: checked.deputies.length, users: checked.users.length };
    if (dryRun) return { ...report, problems: checked.problems, passwords: [] };
    if (checked.problems.length) {
      const fields: Record<string, string[]> = {};
      for (const p of checked.problems) (fields[`${p.sheet}.${p.row}.${p.column}`] ??= []).push(p.message);
      throw new BadRequestException({
        message: `Nothing was imported: ${checked.problems.length} problems in the file`,
        fields,
      });
    }
    const passwords: ImportReportView['passwords'] = [];
    const users: UserToImport[] = [];
    for (const user of checked.users) {
      const temporaryPassword = this.passwords.oneTimePassword(user.username);
      passwords.push({ username: user.username, displayName: user.displayName, temporaryPassword });
      users.push({ ...user, passwordHash: await this.passwords.hash(temporaryPassword) });
    }
    try {
      await this.repository.write(actor.id, checked.sha256, checked.deputies, users);
    } catch (error) {
      // Another admin took a username or a deputy between the check and the write: nothing was written.
      if (isUniqueViolation(error, 'uq_users_username') || isUniqueViolation(error, 'uq_users_deputy_id')) {
        throw new ConflictException('Nothing was imported: a username or deputy was taken meanwhile; check again');
      }
      throw error;
    }
    return { ...report, problems: [], passwords };
  }

  private async check(file: Express.Multer.File | undefined): Promise<Checked> {
    if (!file?.buffer.length) {
      const message = 'send the filled-in template as the multipart field "file"';
      throw new BadRequestException({ message, fields: { file: [message] } });
    }
    let workbook;
    try {
      workbook = await readImportWorkbook(file.buffer);
    } catch (error) {
      if (error instanceof NotAWorkbook) {
        const message = `只接受 Excel（.xlsx）文件 (${error.message})`;
        throw new UnsupportedMediaTypeException({ message, fields: { file: [message] } });
      }
      throw error;
    }
    const problems: ImportProblemView[] = [...workbook.problems];
    if (!problems.length && !workbook.deputies.length && !workbook.users.length) {
      problems.push({ sheet: USER_SHEET, row: 0, column: '', message: 'the file has no rows to import' });
    }
    const references = await this.repository.references();
    const deputies = this.checkDeputies(workbook.deputies, references, problems);
    const users = await this.checkUsers(workbook.users, workbook.deputies, deputies, references, problems);
    return {
      deputies: deputies.filter((d): d is DeputyToImport => d !== null),
      users,
      problems,
      sha256: workbook.sha256,
    };
  }

  /** The deputies to write, index for index with the sheet's rows (null for a bad row). */
  private checkDeputies(
    rows: SheetRow<DeputyColumn>[],
    references: ImportReferences,
    problems: ImportProblemView[],
  ): (DeputyToImport | null)[] {
    const seen = new Map<string, number>();
    return rows.map(({ row, cells }) => {
      const before = problems.length;
      const problem = (column: DeputyColumn, message: string) =>
        problems.push({ sheet: DEPUTY_SHEET, row, column: DEPUTY_COLUMNS[column], message });
      const text = (column: DeputyColumn, max: number, required: boolean) =>
        checkText(cells[column], max, required, (message) => problem(column, message));
      const name = text('name', NAME_MAX, true);
      text('employer', TEXT_MAX, true);
      text('post', TEXT_MAX, true);
      const gender = GENDER_WORDS[cells.gender];
      if (!gender) problem('gender', 'gender must be 男 or 女');
      const level = LEVEL_WORDS[cells.level.replace(/人大代表$|级$/, '')];
      if (!level) problem('level', 'level must be one of 全国, 省, 市, 县, 乡镇');
      if (!cells.phone) problem('phone', 'phone must not be empty');
      else if (cells.phone.length > 32 || !PHONE_PATTERN.test(cells.phone)) {
        problem('phone', 'phone must be 3-32 characters: digits, spaces and dashes, optionally a leading +');
      }
      const stationIds = splitList(cells.stations).flatMap((value) => {
        const id = resolve(references.stations, value, 'station', (m) => problem('stations', m));
        return id ? [id] : [];
      });
      if (new Set(stationIds).size !== stationIds.length) problem('stations', 'the same station appears twice');
      const termId = cells.term
        ? resolve(references.terms, cells.term, 'congress term', (m) => problem('term', m))
        : null;
      if (name && cells.phone) {
        const key = `${name}\u0000${cells.phone}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) problem('name', `the same deputy (name and phone) is on row ${earlier} too`);
        else seen.set(key, row);
        if (references.deputies.some((d) => d.name === name && d.phone === cells.phone)) {
          problem('name', 'this deputy (name and phone) exists already');
        }
      }
      if (problems.length > before || !gender || !level) return null;
      return {
        name,
        gender,
        level,
        employer: cells.employer,
        post: cells.post,
        phone: cells.phone,
        stationIds,
        termId: termId ?? null,
      };
    });
  }

  private async checkUsers(
    rows: SheetRow<UserColumn>[],
    deputyRows: SheetRow<DeputyColumn>[],
    deputies: (DeputyToImport | null)[],
    references: ImportReferences,
    problems: ImportProblemView[],
  ): Promise<Checked['users']> {
    const taken = await this.repository.takenUsernames(rows.map((r) => r.cells.username));
    const usernames = new Map<string, number>();
    const deputiesBound = new Map<string, number>();
    const users: Checked['users'] = [];
    for (const { row, cells } of rows) {
      const before = problems.length;
      const problem = (column: UserColumn, message: string) =>
        problems.push({ sheet: USER_SHEET, row, column: USER_COLUMNS[column], message });
      const { username } = cells;
      if (!username) problem('username', 'username must not be empty');
      else if (!USERNAME_PATTERN.test(username)) {
        problem('username', 'username must be 3-64 characters: lower-case letters, digits, dot, dash or underscore');
      } else if (taken.has(username)) problem('username', 'this username is taken');
      else if (usernames.has(username))
        problem('username', `the same username is on row ${usernames.get(username)} too`);
      if (username) usernames.set(username, usernames.get(username) ?? row);
      const displayName = checkText(cells.displayName, 100, true, (m) => problem('displayName', m));
      const email = checkText(cells.email, 254, false, (m) => problem('email', m));
      if (email && !isEmail(email)) problem('email', 'email must be an email');

      const roles: Role[] = [];
      for (const word of splitList(cells.roles)) {
        const role = ROLE_WORDS[word];
        if (!role) problem('roles', `unknown role: ${word}`);
        else if (roles.includes(role)) problem('roles', 'the same role appears twice');
        else roles.push(role);
      }
      if (!cells.roles) problem('roles', 'roles must not be empty');
      const regional = roles.some((role) => REGIONAL_ROLES.includes(role));
      let regionId: string | null = null;
      if (cells.region) {
        if (!regional) problem('region', 'region applies only to liaison and supervisor roles');
        else regionId = resolve(references.regions, cells.region, 'region', (m) => problem('region', m));
      } else if (regional) problem('region', 'region is required for the liaison and supervisor roles');

      let departmentId: string | null = null;
      if (cells.department) {
        departmentId = resolve(references.departments, cells.department, 'department', (m) => problem('department', m));
      } else if (roles.includes('department')) problem('department', 'department is required for the department role');

      let deputy: UserToImport['deputy'] = null;
      if (cells.deputy) {
        deputy = this.deputyOf(cells.deputy, deputyRows, deputies, references, (m) => problem('deputy', m));
        const key = deputy ? ('id' in deputy ? deputy.id : `#${deputy.index}`) : null;
        if (key && deputiesBound.has(key))
          problem('deputy', `the same deputy is bound on row ${deputiesBound.get(key)} too`);
        if (key) deputiesBound.set(key, row);
      } else if (roles.includes('deputy')) problem('deputy', 'deputy is required for the deputy role');

      if (problems.length > before) continue;
      users.push({
        row,
        username,
        displayName,
        email: email || null,
        departmentId,
        deputy,
        grants: roles.map((role) => ({ role, regionId: REGIONAL_ROLES.includes(role) ? regionId : null })),
      });
    }
    return users;
  }

  /** A deputy named in the users sheet: one of this file's deputies first, else the one existing deputy without a user. */
  private deputyOf(
    name: string,
    deputyRows: SheetRow<DeputyColumn>[],
    deputies: (DeputyToImport | null)[],
    references: ImportReferences,
    problem: (message: string) => void,
  ): UserToImport['deputy'] {
    const inFile = deputyRows.flatMap((r, index) => (r.cells.name === name ? [index] : []));
    if (inFile.length > 1) return (problem('more than one deputy of this name in the file'), null);
    if (inFile.length === 1) {
      const index = deputies.filter((d, i) => d !== null && i < inFile[0]).length;
      // A bad deputy row is reported on its own sheet; this row cannot be written without it either.
      if (deputies[inFile[0]] === null) return (problem('the deputy row of this name has problems'), null);
      return { index };
    }
    const existing = references.deputies.filter((d) => d.name === name);
    if (!existing.length) return (problem('deputy does not name a deputy'), null);
    if (existing.length > 1)
      return (problem('more than one deputy of this name: bind the user on the users page'), null);
    if (existing[0].hasUser) return (problem('this deputy already has a user'), null);
    return { id: existing[0].id };
  }
}

/** The cell's text when acceptable (empty when optional and blank), reporting what is wrong with it. */
function checkText(value: string, max: number, required: boolean, problem: (message: string) => void): string {
  if (!value) {
    if (required) problem('must not be empty');
    return '';
  }
  if (CONTROL.test(value)) problem('must not contain control characters (line breaks, tabs)');
  if ([...value].length > max) problem(`must be shorter than or equal to ${max} characters`);
  return value;
}

function splitList(value: string): string[] {
  return value
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The id of the one row this name or code names; reports none or several. */
function resolve(rows: NamedRow[], value: string, what: string, problem: (message: string) => void): string | null {
  const byCode = rows.filter((r) => r.code === value);
  if (byCode.length === 1) return byCode[0].id;
  const byName = rows.filter((r) => r.name === value);
  if (byName.length === 1) return byName[0].id;
  problem(byName.length ? `more than one ${what} is called ${value}: give its code` : `no ${what} is called ${value}`);
  return null;
}
