// Owns the SQL of the issue API: intake's lookups and its one transaction, and the reads of the read model.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { IssueStatus, IssueUrgency, RecordedRating, ReplyClass } from '@app/contracts';
import type { AssignmentRole, AssignmentStatus, IssueChannel, JsonObject, RegionLevel, ReplyKind } from '@app/database';
import type { SqlCondition } from '../auth/scope.service';
import type { VoterDataFacts } from '../auth/personal-data.service';
import { queryRows } from '@app/database';
import { stationTownshipSql } from '../common/township';
import { openVoterContacts, PersonalDataCipher, sealVoterContacts } from '@app/personal-data';
import { enqueueWebhookDeliveries } from '@app/webhooks';

type Db = DataSource | EntityManager;

/** One issue row with the names a reader needs; also what scope and personal-data decisions need. */
export interface IssueRow extends VoterDataFacts {
  /** 事项编号, e.g. YYX-2026-00123. */
  number: string;
  status: IssueStatus;
  urgency: IssueUrgency;
  channel: IssueChannel;
  description: string;
  round: number;
  escalationLevel: number;
  submittedAt: Date;
  assignedAt: Date | null;
  dueAt: Date | null;
  closedAt: Date | null;
  replyClass: ReplyClass | null;
  promisedDate: string | null;
  satisfaction: RecordedRating | null;
  categoryId: string;
  categoryName: string;
  stationId: string;
  stationName: string;
  placeRegionId: string;
  placeName: string;
  leadDepartmentName: string | null;
}

export interface IssueDetailRow extends IssueRow {
  deputyName: string;
  mergedIntoIssueId: string | null;
  mergedIntoNumber: string | null;
  attachments: { name: string; url: string }[];
}

export interface IssueFilter {
  status?: IssueStatus;
  categoryId?: string;
  stationId?: string;
  departmentId?: string;
  submittedFrom?: Date;
  submittedBefore?: Date;
  /** An issue number or its beginning (upper case): `YYX-2026-00123`, `YYX-2026-`. */
  numberPrefix?: string;
}

/** What intake stored from the request: compared with a resubmission carrying the same idempotency key. */
export interface StoredIntake {
  id: string;
  stationId: string;
  categoryId: string;
  placeRegionId: string;
  channel: IssueChannel;
  urgency: IssueUrgency;
  description: string;
  voterName: string | null;
  voterPhone: string | null;
  voterIdNumber: string | null;
  voterAddress: string | null;
  attachments: { name: string; url: string }[];
}

export interface NewIssue extends Omit<StoredIntake, 'id'> {
  id: string;
  idempotencyKey: string;
  submittedByUserId: string;
  deputyId: string;
  townshipRegionId: string;
  regionPath: string;
  workflowId: string;
  actorLabel: string;
}

export interface StationFacts {
  id: string;
  /** The township the station belongs to: its own region, or the parent of its village. */
  townshipRegionId: string;
}

export interface PlaceFacts {
  id: string;
  level: RegionLevel;
  parentId: string | null;
  path: string;
}

export interface DepartmentFacts {
  id: string;
  name: string;
  active: boolean;
  regionPath: string;
}

export interface AssignmentRow {
  id: string;
  departmentId: string;
  departmentName: string;
  role: AssignmentRole;
  round: number;
  status: AssignmentStatus;
  assignedAt: Date;
  dueAt: Date;
  acknowledgedAt: Date | null;
  sentBackAt: Date | null;
  sendBackReason: string | null;
  inputText: string | null;
  answeredAt: Date | null;
}

export interface ReplyRow {
  id: string;
  departmentId: string;
  departmentName: string;
  round: number;
  kind: ReplyKind;
  replyClass: ReplyClass;
  text: string;
  promisedDate: string | null;
  repliedAt: Date;
  onTime: boolean;
}

export interface FeedbackRow {
  round: number;
  rating: RecordedRating;
  comment: string | null;
  ratedAt: Date;
}

export interface EventRow {
  id: string;
  stepKey: string;
  type: string;
  actorUserId: string | null;
  actorLabel: string | null;
  data: JsonObject;
  occurredAt: Date;
}

/** A reply link's assignment, its department and the state of its issue. */
export interface LinkedAssignmentRow {
  assignmentId: string;
  departmentId: string;
  departmentName: string;
  role: AssignmentRole;
  round: number;
  status: AssignmentStatus;
  dueAt: Date;
  issueId: string;
  issueStatus: IssueStatus;
  issueRound: number;
  leadDepartmentId: string | null;
}

const ISSUE_COLUMNS = `issue.id, issue.number, issue.status, issue.urgency, issue.channel, issue.description, issue.round,
  issue.escalation_level AS "escalationLevel", issue.submitted_at AS "submittedAt", issue.assigned_at AS "assignedAt",
  issue.due_at AS "dueAt", issue.closed_at AS "closedAt", issue.reply_class AS "replyClass",
  issue.promised_date::text AS "promisedDate", issue.satisfaction,
  issue.region_path AS "regionPath", issue.deputy_id AS "deputyId", issue.submitted_by_user_id AS "submittedByUserId",
  issue.lead_department_id AS "leadDepartmentId", issue.township_region_id AS "townshipRegionId",
  issue.voter_name AS "voterName", issue.voter_phone AS "voterPhone", issue.voter_id_number AS "voterIdNumber",
  issue.voter_address AS "voterAddress",
  issue.category_id AS "categoryId", category.name_zh AS "categoryName",
  issue.station_id AS "stationId", station.name AS "stationName",
  issue.place_region_id AS "placeRegionId", place.name AS "placeName", lead.name AS "leadDepartmentName"`;

const ISSUE_JOINS = `JOIN issue_categories category ON category.id = issue.category_id
  JOIN stations station ON station.id = issue.station_id
  JOIN regions place ON place.id = issue.place_region_id
  LEFT JOIN departments lead ON lead.id = issue.lead_department_id`;

const INTAKE_COLUMNS = `id, station_id AS "stationId", category_id AS "categoryId", place_region_id AS "placeRegionId",
  channel, urgency, description, voter_name AS "voterName", voter_phone AS "voterPhone",
  voter_id_number AS "voterIdNumber", voter_address AS "voterAddress", attachments`;

@Injectable()
export class IssuesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Intake

  async station(id: string): Promise<StationFacts | null> {
    const [row] = await queryRows<StationFacts>(
      this.db,
      `SELECT s.id, ${stationTownshipSql('r')} AS "townshipRegionId"
         FROM stations s JOIN regions r ON r.id = s.region_id WHERE s.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async isStationDeputy(stationId: string, deputyId: string): Promise<boolean> {
    const rows = await queryRows(this.db, `SELECT 1 FROM station_deputies WHERE station_id = $1 AND deputy_id = $2`, [
      stationId,
      deputyId,
    ]);
    return rows.length > 0;
  }

  async categoryActive(id: string): Promise<boolean | null> {
    const [row] = await queryRows<{ active: boolean }>(this.db, `SELECT active FROM issue_categories WHERE id = $1`, [
      id,
    ]);
    return row ? row.active : null;
  }

  async place(id: string): Promise<PlaceFacts | null> {
    const [row] = await queryRows<PlaceFacts>(
      this.db,
      `SELECT id, level, parent_id AS "parentId", path FROM regions WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Inserts the issue unless this user already used this key; returns whether it was inserted. */
  async insertIssue(tx: EntityManager, issue: NewIssue): Promise<boolean> {
    const sealed = sealVoterContacts(this.cipher, issue);
    const inserted = await queryRows(
      tx,
      `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
          township_region_id, region_path, category_id, description, channel, urgency, voter_name, voter_phone,
          voter_id_number, voter_address, attachments, status, workflow_id, voter_phone_hash, voter_id_number_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, 'received', $18,
               $19, $20)
       ON CONFLICT (submitted_by_user_id, idempotency_key) DO NOTHING
       RETURNING id`,
      [
        issue.id,
        issue.idempotencyKey,
        issue.submittedByUserId,
        issue.deputyId,
        issue.stationId,
        issue.placeRegionId,
        issue.townshipRegionId,
        issue.regionPath,
        issue.categoryId,
        issue.description,
        issue.channel,
        issue.urgency,
        issue.voterName,
        sealed.voterPhone,
        sealed.voterIdNumber,
        issue.voterAddress,
        JSON.stringify(issue.attachments),
        issue.workflowId,
        sealed.voterPhoneHash,
        sealed.voterIdNumberHash,
      ],
    );
    if (!inserted.length) return false;
    // The first event of the timeline; personal data stays out of the event log.
    await tx.query(
      `INSERT INTO issue_events (issue_id, step_key, type, actor_user_id, actor_label, data, occurred_at)
       SELECT id, 'intake:received', 'received', $2, $3, $4::jsonb, submitted_at FROM issues WHERE id = $1`,
      [
        issue.id,
        issue.submittedByUserId,
        issue.actorLabel,
        JSON.stringify({
          stationId: issue.stationId,
          categoryId: issue.categoryId,
          placeRegionId: issue.placeRegionId,
          channel: issue.channel,
          urgency: issue.urgency,
        }),
      ],
    );
    // With its first event, the issue's webhook deliveries (issue #15 item 6).
    await enqueueWebhookDeliveries(tx, issue.id, 'intake:received');
    return true;
  }

  async intakeByKey(submittedByUserId: string, idempotencyKey: string, db: Db = this.db): Promise<StoredIntake | null> {
    const [row] = await queryRows<StoredIntake>(
      db,
      `SELECT ${INTAKE_COLUMNS} FROM issues WHERE submitted_by_user_id = $1 AND idempotency_key = $2`,
      [submittedByUserId, idempotencyKey],
    );
    return row ? openVoterContacts(this.cipher, [row])[0] : null;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  async list(
    visibility: SqlCondition,
    filter: IssueFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: IssueRow[]; total: number }> {
    const query = this.filtered(visibility, filter);
    const [rows, count] = await Promise.all([
      query
        .clone()
        .select(ISSUE_COLUMNS)
        .orderBy('issue.submitted_at', 'DESC')
        .addOrderBy('issue.id', 'DESC')
        .limit(page.limit)
        .offset(page.offset)
        .getRawMany<IssueRow>(),
      query.clone().select('count(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { rows: openVoterContacts(this.cipher, rows), total: count?.total ?? 0 };
  }

  async findById(id: string, db: Db = this.db): Promise<IssueDetailRow | null> {
    const [row] = await queryRows<IssueDetailRow>(
      db,
      `SELECT ${ISSUE_COLUMNS}, deputy.name AS "deputyName", issue.attachments,
              issue.merged_into_issue_id AS "mergedIntoIssueId", merged_into.number AS "mergedIntoNumber"
         FROM issues issue ${ISSUE_JOINS} JOIN deputies deputy ON deputy.id = issue.deputy_id
         LEFT JOIN issues merged_into ON merged_into.id = issue.merged_into_issue_id
        WHERE issue.id = $1`,
      [id],
    );
    return row ? openVoterContacts(this.cipher, [row])[0] : null;
  }

  /** The issues merged straight into this one, by number. */
  async mergedIssues(issueId: string): Promise<{ id: string; number: string }[]> {
    return queryRows<{ id: string; number: string }>(
      this.db,
      `SELECT id, number FROM issues WHERE merged_into_issue_id = $1 ORDER BY number`,
      [issueId],
    );
  }

  async assignments(issueId: string): Promise<AssignmentRow[]> {
    return queryRows<AssignmentRow>(
      this.db,
      `SELECT a.id, a.department_id AS "departmentId", d.name AS "departmentName", a.role, a.round, a.status,
              a.assigned_at AS "assignedAt", a.due_at AS "dueAt", a.acknowledged_at AS "acknowledgedAt",
              a.sent_back_at AS "sentBackAt", a.send_back_reason AS "sendBackReason", a.input_text AS "inputText",
              a.answered_at AS "answeredAt"
         FROM assignments a JOIN departments d ON d.id = a.department_id
        WHERE a.issue_id = $1
        ORDER BY a.round, a.role DESC, a.assigned_at, d.name`,
      [issueId],
    );
  }

  async replies(issueId: string): Promise<ReplyRow[]> {
    return queryRows<ReplyRow>(
      this.db,
      `SELECT r.id, r.department_id AS "departmentId", d.name AS "departmentName", r.round, r.kind,
              r.reply_class AS "replyClass", r.text, r.promised_date::text AS "promisedDate", r.replied_at AS "repliedAt",
              r.on_time AS "onTime"
         FROM replies r JOIN departments d ON d.id = r.department_id
        WHERE r.issue_id = $1
        ORDER BY r.replied_at, r.id`,
      [issueId],
    );
  }

  async feedback(issueId: string): Promise<FeedbackRow[]> {
    return queryRows<FeedbackRow>(
      this.db,
      `SELECT round, rating, comment, rated_at AS "ratedAt" FROM feedback WHERE issue_id = $1 ORDER BY round`,
      [issueId],
    );
  }

  async events(issueId: string): Promise<EventRow[]> {
    return queryRows<EventRow>(
      this.db,
      // Ordered by the bigint, not by its text in the output (where '100' sorts before '99').
      `SELECT e.id::text AS id, e.step_key AS "stepKey", e.type, e.actor_user_id AS "actorUserId",
              e.actor_label AS "actorLabel", e.data, e.occurred_at AS "occurredAt"
         FROM issue_events e WHERE e.issue_id = $1 ORDER BY e.id`,
      [issueId],
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands

  /** The departments among `ids`, with whether they are active and the region they serve. */
  async departments(ids: string[]): Promise<Map<string, DepartmentFacts>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<DepartmentFacts>(
      this.db,
      `SELECT d.id, d.name, d.active, r.path AS "regionPath"
         FROM departments d JOIN regions r ON r.id = d.region_id WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The levels (city, county, township, village) of the regions whose path is one of `paths`. */
  async regionLevels(paths: string[]): Promise<RegionLevel[]> {
    if (paths.length === 0) return [];
    const rows = await queryRows<{ level: RegionLevel }>(
      this.db,
      `SELECT level FROM regions WHERE path = ANY($1::text[])`,
      [paths],
    );
    return rows.map((row) => row.level);
  }

  /** Whether the issue's log holds a transition under this step key (a command carried out, for one). */
  async hasStep(issueId: string, stepKey: string): Promise<boolean> {
    const rows = await queryRows<{ found: boolean }>(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM issue_events WHERE issue_id = $1 AND step_key = $2) AS found`,
      [issueId, stepKey],
    );
    return rows[0]?.found ?? false;
  }

  /** The department's assignments of the issue's current round that are still open. */
  async openAssignments(issueId: string, departmentId: string): Promise<{ id: string; role: AssignmentRole }[]> {
    return queryRows(
      this.db,
      `SELECT a.id, a.role FROM assignments a JOIN issues i ON i.id = a.issue_id
        WHERE a.issue_id = $1 AND a.department_id = $2 AND a.round = i.round
          AND a.status IN ('assigned', 'acknowledged')`,
      [issueId, departmentId],
    );
  }

  async linkedAssignment(assignmentId: string, db: Db = this.db): Promise<LinkedAssignmentRow | null> {
    const [row] = await queryRows<LinkedAssignmentRow>(
      db,
      `SELECT a.id AS "assignmentId", a.department_id AS "departmentId", d.name AS "departmentName", a.role,
              a.round, a.status, a.due_at AS "dueAt", a.issue_id AS "issueId", i.status AS "issueStatus",
              i.round AS "issueRound", i.lead_department_id AS "leadDepartmentId"
         FROM assignments a JOIN departments d ON d.id = a.department_id JOIN issues i ON i.id = a.issue_id
        WHERE a.id = $1`,
      [assignmentId],
    );
    return row ?? null;
  }

  private filtered(visibility: SqlCondition, filter: IssueFilter): SelectQueryBuilder<ObjectLiteral> {
    const query = this.db
      .createQueryBuilder()
      .from('issues', 'issue')
      .innerJoin('issue_categories', 'category', 'category.id = issue.category_id')
      .innerJoin('stations', 'station', 'station.id = issue.station_id')
      .innerJoin('regions', 'place', 'place.id = issue.place_region_id')
      .leftJoin('departments', 'lead', 'lead.id = issue.lead_department_id')
      .where(visibility.where, visibility.parameters);
    if (filter.status) query.andWhere('issue.status = :status', { status: filter.status });
    if (filter.categoryId) query.andWhere('issue.category_id = :categoryId', { categoryId: filter.categoryId });
    if (filter.stationId) query.andWhere('issue.station_id = :stationId', { stationId: filter.stationId });
    if (filter.departmentId) {
      query.andWhere(
        `(issue.lead_department_id = :departmentId OR EXISTS (SELECT 1 FROM assignments filter_assignment
           WHERE filter_assignment.issue_id = issue.id AND filter_assignment.department_id = :departmentId))`,
        { departmentId: filter.departmentId },
      );
    }
    if (filter.submittedFrom) query.andWhere('issue.submitted_at >= :from', { from: filter.submittedFrom });
    if (filter.submittedBefore) query.andWhere('issue.submitted_at < :before', { before: filter.submittedBefore });
    if (filter.numberPrefix !== undefined) {
      // A prefix match on uq_issues_number (text_pattern_ops); LIKE's own wildcards in the input are matched literally.
      const escaped = filter.numberPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      query.andWhere(`issue.number LIKE :numberPrefix`, { numberPrefix: `${escaped}%` });
    }
    return query;
  }
}
