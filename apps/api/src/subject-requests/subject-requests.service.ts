// Owns the rules of requests from the people concerned (个人信息主体的请求, PIPL Art. 44-47), answered by an admin:
// find everything held about a voter by phone, ID number or email (the issues, and the contacts left through a QR code or
// an Open311 client with what Open311 adds about its sender), export it, correct an issue's, or erase it. Each step is written
// to admin_audit_log (who, which issue, what step and why; never the values), each unmasked read to data_access_log,
// and a correction or erasure also to the issue's own event log. Erasure waits until the issue is closed: while it is
// open the deputy and the department still need to reach the voter for the reply (the purpose is not yet fulfilled,
// Art. 47), and the nightly retention run erases a closed issue's data in any case. A submission's contact follows the
// same rule: erasable once it was declined or the issue it went into is closed. A submission has no event log of its
// own, so its erasure is recorded in admin_audit_log (entity voter_submission).
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ISSUE_STATUS_LABELS } from '@app/contracts';
import { appendStepEvent } from '@app/database';
import { recordAudit } from '../admin/admin-audit';
import type { AuthUser } from '../auth/auth-user';
import { ACCESS_PURPOSES, PersonalDataService } from '../auth/personal-data.service';
import { Clock } from '../common/clock';
import { dateCell } from '../common/export/cell';
import type { DownloadFile } from '../common/export/download';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import { SUBMISSION_STATUS_LABELS } from '../voter/voter-submissions.service';
import type {
  CorrectVoterDataDto,
  EraseVoterDataDto,
  SubjectExportDto,
  SubjectIssueView,
  SubjectLookupDto,
  SubjectSearchView,
  SubjectSubmissionView,
} from './subject-requests.dto';
import {
  SubjectRequestsRepository,
  type SubjectIssueRow,
  type SubjectSubmissionRow,
  type VoterData,
} from './subject-requests.repository';

export const VOTER_DATA_CORRECTED = 'voter_data_corrected';
export const VOTER_DATA_ERASED = 'voter_data_erased';
export const SUBMISSION_CONTACT_ERASED = 'submission_contact_erased';

const FIELDS = [
  ['name', 'voterName', 'voter_name'],
  ['phone', 'voterPhone', 'voter_phone'],
  ['idNumber', 'voterIdNumber', 'voter_id_number'],
  ['address', 'voterAddress', 'voter_address'],
] as const;

@Injectable()
export class SubjectRequestsService {
  constructor(
    @Inject(SubjectRequestsRepository) private readonly repository: SubjectRequestsRepository,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async search(admin: AuthUser, lookup: SubjectLookupDto): Promise<SubjectSearchView> {
    const found = await this.found(admin, lookup, 'read');
    return { issues: found.issues.map(toView), submissions: found.submissions.map(toSubmissionView) };
  }

  async export(admin: AuthUser, request: SubjectExportDto): Promise<DownloadFile> {
    const { issues: rows, submissions } = await this.found(admin, request, 'export');
    const stamp = this.clock.now().toISOString().slice(0, 10);
    if (request.format === 'json') {
      const file = {
        exportedAt: this.clock.now(),
        issues: rows.map(toView),
        submissions: submissions.map(toSubmissionView),
      };
      return {
        body: Buffer.from(JSON.stringify(file, null, 2)),
        contentType: 'application/json; charset=utf-8',
        fileName: `个人信息-${stamp}.json`,
      };
    }
    const body = await toXlsx([
      {
        name: '个人信息',
        header: [
          '事项编号',
          '登记日期',
          '状态',
          '代表',
          '联络站',
          '反映内容',
          '姓名',
          '联系电话',
          '身份证号码',
          '住址',
        ],
        widths: [38, 12, 10, 10, 20, 40, 10, 14, 20, 30],
        rows: rows.map((row) => [
          row.id,
          dateCell(row.submittedAt.toISOString().slice(0, 10)),
          ISSUE_STATUS_LABELS[row.status],
          row.deputyName,
          row.stationName,
          row.description,
          row.voterName,
          row.voterPhone,
          row.voterIdNumber,
          row.voterAddress,
        ]),
      },
      {
        name: '扫码及平台反映',
        header: [
          '反映编号',
          '提交日期',
          '状态',
          '联络站',
          '反映内容',
          '联系电话',
          '电子邮箱',
          '转入事项编号',
          '来源平台',
          '报告人姓',
          '报告人名',
          '设备标识',
          '平台账号',
          '地址',
        ],
        widths: [38, 12, 14, 20, 40, 14, 24, 38, 16, 10, 10, 20, 20, 30],
        rows: submissions.map((row) => [
          row.id,
          dateCell(row.submittedAt.toISOString().slice(0, 10)),
          SUBMISSION_STATUS_LABELS[row.status],
          row.stationName,
          row.description,
          row.contactPhone,
          row.contactEmail,
          row.issueId,
          row.open311?.clientName ?? null,
          row.open311?.reporterLastName ?? null,
          row.open311?.reporterFirstName ?? null,
          row.open311?.deviceId ?? null,
          row.open311?.accountId ?? null,
          row.open311?.addressString ?? null,
        ]),
      },
    ]);
    return { body, contentType: XLSX_MIME, fileName: `个人信息-${stamp}.xlsx` };
  }

  async correct(admin: AuthUser, issueId: string, change: CorrectVoterDataDto): Promise<SubjectIssueView> {
    return this.repository.transaction(async (tx) => {
      const row = await this.locked(tx, issueId);
      // Erased is for good: a correction must not bring personal data back onto the issue.
      if (row.erased) throw new ConflictException('The voter data of this issue was erased and cannot be corrected');
      const next: VoterData = {
        voterName: row.voterName,
        voterPhone: row.voterPhone,
        voterIdNumber: row.voterIdNumber,
        voterAddress: row.voterAddress,
      };
      const changed: string[] = [];
      for (const [field, property, column] of FIELDS) {
        const value = change[field]?.trim();
        if (value === undefined) continue;
        const normalized = field === 'idNumber' ? value.toUpperCase() : value;
        if (normalized === row[property]) continue;
        next[property] = normalized;
        changed.push(column);
      }
      if (!changed.length) throw new BadRequestException('Nothing to correct: every field given is as stored');
      await this.repository.writeVoterData(tx, issueId, next);
      await this.recordStep(tx, admin, row, 'update', VOTER_DATA_CORRECTED, { fields: changed, reason: change.reason });
      await this.personalData.logUnmaskedRead(tx, admin.id, { id: row.id, ...next }, this.purpose(change.reason));
      return toView({ ...row, ...next });
    });
  }

  async erase(admin: AuthUser, issueId: string, request: EraseVoterDataDto): Promise<SubjectIssueView> {
    return this.repository.transaction(async (tx) => {
      const row = await this.locked(tx, issueId);
      if (row.status !== 'closed') {
        throw new ConflictException({
          message:
            'The issue is still open: its voter data is needed to reply to the voter. It can be erased once the ' +
            'issue is closed (and is erased by the retention run in any case).',
          fields: { status: ['the issue must be closed before its voter data is erased'] },
        });
      }
      const fields = FIELDS.filter(([, property]) => row[property] !== null).map(([, , column]) => column);
      if (!(await this.repository.erase(tx, issueId, this.clock.now()))) {
        throw new ConflictException('The voter data of this issue was already erased');
      }
      await this.recordStep(tx, admin, row, 'delete', VOTER_DATA_ERASED, { fields, reason: request.reason });
      return toView({ ...row, voterName: null, voterPhone: null, voterIdNumber: null, voterAddress: null });
    });
  }

  async eraseSubmission(
    admin: AuthUser,
    submissionId: string,
    request: EraseVoterDataDto,
  ): Promise<SubjectSubmissionView> {
    return this.repository.transaction(async (tx) => {
      const row = await this.repository.lockSubmission(tx, submissionId);
      if (!row) throw new NotFoundException('Submission not found');
      if (!row.erased && !submissionDone(row)) {
        throw new ConflictException({
          message:
            'The submission is still being handled: its contact is needed to tell the voter the outcome. It can be ' +
            'erased once it is declined or the issue it went into is closed (and is erased by the retention run in ' +
            'any case).',
          fields: { status: ['the submission must be declined, or its issue closed, before its contact is erased'] },
        });
      }
      const fields = submissionFields(row);
      if (!(await this.repository.eraseSubmission(tx, submissionId, this.clock.now()))) {
        throw new ConflictException('The contact of this submission was already erased');
      }
      await recordAudit(tx, {
        actorUserId: admin.id,
        action: 'delete',
        entity: 'voter_submission',
        entityId: row.id,
        // Field names only, as for an issue: the trail outlives the data.
        before: { fields },
        after: { fields, reason: request.reason.trim(), event: SUBMISSION_CONTACT_ERASED },
      });
      return toSubmissionView({
        ...row,
        contactPhone: null,
        contactEmail: null,
        erased: true,
        open311: row.open311 && {
          ...row.open311,
          reporterFirstName: null,
          reporterLastName: null,
          deviceId: null,
          accountId: null,
        },
      });
    });
  }

  /**
   * The issues and submissions held about the person, each unmasked read logged and the step audited, in one
   * transaction.
   */
  private async found(
    admin: AuthUser,
    lookup: SubjectLookupDto,
    action: 'read' | 'export',
  ): Promise<{ issues: SubjectIssueRow[]; submissions: SubjectSubmissionRow[] }> {
    return this.repository.transaction(async (tx) => {
      const phone = lookup.phone ?? null;
      const rows = phone || lookup.idNumber ? await this.repository.findBy(tx, phone, lookup.idNumber ?? null) : [];
      const submissions =
        phone || lookup.email ? await this.repository.findSubmissionsBy(tx, phone, lookup.email ?? null) : [];
      const purpose = this.purpose(lookup.purpose);
      for (const row of rows) await this.personalData.logUnmaskedRead(tx, admin.id, row, purpose);
      for (const row of submissions) {
        await this.personalData.logSubmissionRead(
          tx,
          admin.id,
          { issueId: row.issueId, fields: submissionFields(row) },
          this.purpose(lookup.purpose, `voter_submission:${row.id}`),
        );
      }
      await recordAudit(tx, {
        actorUserId: admin.id,
        action,
        entity: 'voter_data',
        // One entry per request; which issues it found is in `after`, the numbers asked for are not.
        entityId: randomUUID(),
        before: null,
        after: {
          by: [
            lookup.phone ? 'phone' : null,
            lookup.idNumber ? 'id_number' : null,
            lookup.email ? 'email' : null,
          ].filter((b) => b !== null),
          purpose: lookup.purpose.trim(),
          issues: rows.map((row) => row.id),
          submissions: submissions.map((row) => row.id),
          ...(action === 'export' ? { format: (lookup as SubjectExportDto).format ?? 'xlsx' } : {}),
        },
      });
      return { issues: rows, submissions };
    });
  }

  private async locked(tx: EntityManager, issueId: string): Promise<SubjectIssueRow> {
    const row = await this.repository.lock(tx, issueId);
    if (!row) throw new NotFoundException('Issue not found');
    return row;
  }

  private async recordStep(
    tx: EntityManager,
    admin: AuthUser,
    row: SubjectIssueRow,
    action: 'update' | 'delete',
    type: string,
    data: { fields: string[]; reason: string },
  ): Promise<void> {
    const at = this.clock.now();
    await appendStepEvent(tx, 'issue_events', row.id, {
      stepKey: `${type}:${randomUUID()}`,
      type,
      actor: { userId: admin.id, label: admin.displayName },
      data: { fields: data.fields, reason: data.reason.trim() },
      at: at.toISOString(),
    });
    await recordAudit(tx, {
      actorUserId: admin.id,
      action,
      entity: 'voter_data',
      entityId: row.id,
      // Field names only: the trail outlives the data, so it must not keep a copy of what was erased or replaced.
      before: { fields: data.fields },
      after: { fields: data.fields, reason: data.reason.trim(), event: type },
    });
  }

  /** The purpose logged with a read; `record` names a record that has no issue column (kept whole, reason cut). */
  private purpose(reason: string, record?: string): string {
    const suffix = record ? ` (${record})` : '';
    return `${ACCESS_PURPOSES.subjectRequest}: ${reason.trim()}`.slice(0, 200 - suffix.length) + suffix;
  }
}

function toView(row: SubjectIssueRow): SubjectIssueView {
  return {
    id: row.id,
    status: row.status,
    statusLabel: ISSUE_STATUS_LABELS[row.status],
    submittedAt: row.submittedAt,
    closedAt: row.closedAt,
    stationName: row.stationName,
    deputyName: row.deputyName,
    description: row.description,
    voter: { name: row.voterName, phone: row.voterPhone, idNumber: row.voterIdNumber, address: row.voterAddress },
    erasable:
      row.status === 'closed' &&
      [row.voterName, row.voterPhone, row.voterIdNumber, row.voterAddress].some((value) => value !== null),
  };
}

/** Its issue no longer needs the contact: declined, or accepted into (or merged with) an issue now closed. */
function submissionDone(row: SubjectSubmissionRow): boolean {
  return row.status === 'declined' || row.issueStatus === 'closed';
}

/** The columns of personal data the submission holds (table.column), for the access log and the audit trail. */
function submissionFields(row: SubjectSubmissionRow): string[] {
  const held: [string, string | null | undefined][] = [
    ['voter_submissions.contact_phone', row.contactPhone],
    ['voter_submissions.contact_email', row.contactEmail],
    ['open311_requests.reporter_first_name', row.open311?.reporterFirstName],
    ['open311_requests.reporter_last_name', row.open311?.reporterLastName],
    ['open311_requests.device_id', row.open311?.deviceId],
    ['open311_requests.account_id', row.open311?.accountId],
  ];
  return held.filter(([, value]) => value !== null && value !== undefined).map(([column]) => column);
}

function toSubmissionView(row: SubjectSubmissionRow): SubjectSubmissionView {
  return {
    id: row.id,
    status: row.status,
    statusLabel: SUBMISSION_STATUS_LABELS[row.status],
    submittedAt: row.submittedAt,
    stationName: row.stationName,
    description: row.description,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    issueId: row.issueId,
    open311: row.open311,
    erasable: !row.erased && submissionDone(row) && submissionFields(row).length > 0,
  };
}
