// Owns the rules of requests from the people concerned (个人信息主体的请求, PIPL Art. 44-47), answered by an admin:
// find everything held about a voter by phone or ID number, export it, correct it, or erase it. Each step is written
// to admin_audit_log (who, which issue, what step and why; never the values), each unmasked read to data_access_log,
// and a correction or erasure also to the issue's own event log. Erasure waits until the issue is closed: while it is
// open the deputy and the department still need to reach the voter for the reply (the purpose is not yet fulfilled,
// Art. 47), and the nightly retention run erases a closed issue's data in any case.
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
import type {
  CorrectVoterDataDto,
  EraseVoterDataDto,
  SubjectExportDto,
  SubjectIssueView,
  SubjectLookupDto,
  SubjectSearchView,
} from './subject-requests.dto';
import { SubjectRequestsRepository, type SubjectIssueRow, type VoterData } from './subject-requests.repository';

export const VOTER_DATA_CORRECTED = 'voter_data_corrected';
export const VOTER_DATA_ERASED = 'voter_data_erased';

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
    const rows = await this.found(admin, lookup, 'read');
    return { issues: rows.map(toView) };
  }

  async export(admin: AuthUser, request: SubjectExportDto): Promise<DownloadFile> {
    const rows = await this.found(admin, request, 'export');
    const stamp = this.clock.now().toISOString().slice(0, 10);
    if (request.format === 'json') {
      return {
        body: Buffer.from(JSON.stringify({ exportedAt: this.clock.now(), issues: rows.map(toView) }, null, 2)),
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

  /** The issues held about the person, each unmasked read logged and the step audited, in one transaction. */
  private async found(
    admin: AuthUser,
    lookup: SubjectLookupDto,
    action: 'read' | 'export',
  ): Promise<SubjectIssueRow[]> {
    return this.repository.transaction(async (tx) => {
      const rows = await this.repository.findBy(tx, lookup.phone ?? null, lookup.idNumber ?? null);
      const purpose = this.purpose(lookup.purpose);
      for (const row of rows) await this.personalData.logUnmaskedRead(tx, admin.id, row, purpose);
      await recordAudit(tx, {
        actorUserId: admin.id,
        action,
        entity: 'voter_data',
        // One entry per request; which issues it found is in `after`, the numbers asked for are not.
        entityId: randomUUID(),
        before: null,
        after: {
          by: [lookup.phone ? 'phone' : null, lookup.idNumber ? 'id_number' : null].filter((b) => b !== null),
          purpose: lookup.purpose.trim(),
          issues: rows.map((row) => row.id),
          ...(action === 'export' ? { format: (lookup as SubjectExportDto).format ?? 'xlsx' } : {}),
        },
      });
      return rows;
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

  private purpose(reason: string): string {
    return `${ACCESS_PURPOSES.subjectRequest}: ${reason.trim()}`.slice(0, 200);
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
