// Owns voters' personal data on its way out of the API: masked by default (lists, exports, anyone not
// entitled), unmasked only for the issue's deputy, its lead department, and liaison officers and
// supervisors whose scope covers it, and then with a data_access_log row for each read.
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@app/database';
import { hasRole, type AuthUser } from './auth-user';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking';
import { ScopeService, type IssueScopeFacts } from './scope.service';

/** What the service needs of an issue row (all columns of the Issue entity). */
export interface VoterDataFacts extends IssueScopeFacts {
  leadDepartmentId: string | null;
  townshipRegionId: string;
  voterName: string | null;
  voterPhone: string | null;
  voterIdNumber: string | null;
  voterAddress: string | null;
}

export interface VoterView {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  /** False only when the viewer was entitled and the read was logged. */
  masked: boolean;
}

/** Suggested values for data_access_log.purpose; any short text saying why is accepted. */
export const ACCESS_PURPOSES = {
  viewIssue: 'view_issue',
  handleIssue: 'handle_issue',
  supervise: 'supervise',
  contactVoter: 'contact_voter',
  /** An admin answering a request from the person concerned (PIPL Art. 44-47): find, export, correct, erase. */
  subjectRequest: 'subject_request',
  /** Staff reading a deputy's phone to make the confirming call of an invitation (电话通知). */
  callDeputy: 'call_deputy',
} as const;

const LOGGED_COLUMNS = [
  ['voterName', 'voter_name'],
  ['voterPhone', 'voter_phone'],
  ['voterIdNumber', 'voter_id_number'],
  ['voterAddress', 'voter_address'],
] as const;

const LABEL_CACHE_MS = 10 * 60_000;

@Injectable()
export class PersonalDataService {
  private readonly labels = new Map<string, { label: string; at: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ScopeService) private readonly scope: ScopeService,
  ) {}

  /** Whether `user` may see this issue's voter data unmasked. Admins may not, unless they also hold such a role. */
  canSeeUnmasked(user: AuthUser, issue: VoterDataFacts): boolean {
    if (issue.submittedByUserId === user.id) return true;
    if (hasRole(user, 'deputy') && user.deputyId !== null && issue.deputyId === user.deputyId) return true;
    if (issue.leadDepartmentId !== null && this.scope.canActAsDepartment(user, issue.leadDepartmentId)) return true;
    return (
      this.scope.isInRegion(user, 'supervisor', issue.regionPath) ||
      this.scope.isInRegion(user, 'liaison', issue.regionPath)
    );
  }

  /**
   * The voter data of one issue as `user` may see it. An unmasked answer is logged (who, issue, the fields
   * that held data, `purpose`); pass the request's transaction as `manager` if there is one.
   * Check that the user may read the issue at all (ScopeService.assertIssueReadable) before calling this.
   */
  async forViewer(
    user: AuthUser,
    issue: VoterDataFacts,
    purpose: string,
    manager: EntityManager = this.db.manager,
  ): Promise<VoterView> {
    if (!this.canSeeUnmasked(user, issue)) return this.masked(issue);
    const why = purpose.trim();
    if (!why || why.length > 200)
      throw new BadRequestException('A purpose (1-200 characters) is required to read personal data');
    await this.logUnmaskedRead(manager, user.id, issue, why);
    return {
      name: issue.voterName,
      phone: issue.voterPhone,
      idNumber: issue.voterIdNumber,
      address: issue.voterAddress,
      masked: false,
    };
  }

  /** Records a read of personal data held outside the issue row (an attachment that may show the voter). */
  async recordRead(user: AuthUser, issueId: string, fields: string[], purpose: string): Promise<void> {
    await this.db.query(`INSERT INTO data_access_log (user_id, issue_id, fields, purpose) VALUES ($1, $2, $3, $4)`, [
      user.id,
      issueId,
      fields,
      purpose,
    ]);
  }

  /**
   * Records a read of a deputy's personal data, which belongs to no issue: `fields` as table.column, `purpose` saying
   * why and naming the record it was read for (e.g. call_deputy invitation:<id>).
   */
  async recordDeputyRead(user: AuthUser, fields: string[], purpose: string): Promise<void> {
    await this.db.query(`INSERT INTO data_access_log (user_id, issue_id, fields, purpose) VALUES ($1, NULL, $2, $3)`, [
      user.id,
      fields,
      purpose,
    ]);
  }

  /** Records that `userId` read this issue's voter data unmasked: the fields that held data, and why. */
  async logUnmaskedRead(
    manager: EntityManager,
    userId: string,
    issue: Pick<VoterDataFacts, 'id' | (typeof LOGGED_COLUMNS)[number][0]>,
    purpose: string,
  ): Promise<void> {
    const fields = LOGGED_COLUMNS.filter(([property]) => issue[property] !== null).map(([, column]) => column);
    if (!fields.length) return;
    await manager.query(`INSERT INTO data_access_log (user_id, issue_id, fields, purpose) VALUES ($1, $2, $3, $4)`, [
      userId,
      issue.id,
      fields,
      purpose,
    ]);
  }

  /**
   * Records an unmasked read of what a voter submission holds about its sender (a QR-code or Open311 contact), which
   * has no issue of its own until accepted: `fields` as table.column, the issue it became (if any), `purpose` naming
   * the submission.
   */
  async logSubmissionRead(
    manager: EntityManager,
    userId: string,
    read: { issueId: string | null; fields: string[] },
    purpose: string,
  ): Promise<void> {
    if (!read.fields.length) return;
    await manager.query(`INSERT INTO data_access_log (user_id, issue_id, fields, purpose) VALUES ($1, $2, $3, $4)`, [
      userId,
      read.issueId,
      read.fields,
      purpose,
    ]);
  }

  /** The masked view of one issue's voter data (for lists, exports and anyone not entitled). Nothing is logged. */
  async masked(issue: Omit<VoterDataFacts, keyof IssueScopeFacts | 'leadDepartmentId'>): Promise<VoterView> {
    const [view] = await this.maskedMany([issue]);
    return view;
  }

  /** Masked views of many issues, in their order, with one query for the township labels: for lists and exports. */
  async maskedMany(issues: Omit<VoterDataFacts, keyof IssueScopeFacts | 'leadDepartmentId'>[]): Promise<VoterView[]> {
    const labels = await this.townshipLabels(issues.map((i) => i.townshipRegionId));
    return issues.map((issue) => ({
      name: issue.voterName === null ? null : maskName(issue.voterName),
      phone: issue.voterPhone === null ? null : maskPhone(issue.voterPhone),
      idNumber: issue.voterIdNumber === null ? null : maskIdNumber(issue.voterIdNumber),
      address: issue.voterAddress === null ? null : maskAddress(labels.get(issue.townshipRegionId) ?? null),
      masked: true,
    }));
  }

  /** Region id → the names from the city down to it, e.g. 岳阳市岳阳县荣家湾镇. */
  private async townshipLabels(regionIds: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const result = new Map<string, string>();
    const missing = new Set<string>();
    for (const id of regionIds) {
      const cached = this.labels.get(id);
      if (cached && now - cached.at < LABEL_CACHE_MS) result.set(id, cached.label);
      else missing.add(id);
    }
    if (missing.size) {
      const rows = await queryRows<{ id: string; label: string }>(
        this.db,
        `SELECT t.id, string_agg(a.name, '' ORDER BY length(a.path)) AS label
           FROM regions t
           JOIN regions a ON a.path = t.path OR starts_with(t.path, a.path || '/')
          WHERE t.id = ANY($1::uuid[])
          GROUP BY t.id`,
        [[...missing]],
      );
      for (const row of rows) {
        this.labels.set(row.id, { label: row.label, at: now });
        result.set(row.id, row.label);
      }
    }
    return result;
  }
}
