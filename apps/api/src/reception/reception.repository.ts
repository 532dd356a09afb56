// Owns the SQL of the reception-day API: stations and their rota, the reception days with their duties, issues and
// history, and the lookups that check the issues raised before any is created.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdHocReceptionKind, ReceptionKind, ReceptionStatus } from '@app/contracts';
import { appendStepEvent, escapeLike, queryRows } from '@app/database';
import { liesInTownshipSql, stationTownshipSql } from '../common/township';

export interface StationRow {
  id: string;
  name: string;
  path: string;
  townshipRegionId: string;
  liaisonOfficerUserId: string | null;
  liaisonOfficerName: string | null;
  rule: string | null;
}

export interface NamedRow {
  id: string;
  name: string;
}

export interface PlanRow {
  deputiesPerDay: number;
  rotaStartsOn: string;
  rotaDeputyIds: string[];
  dutyOverrides: Record<string, string[]>;
}

export interface ReceptionRow {
  id: string;
  stationId: string;
  stationName: string;
  stationPath: string;
  kind: ReceptionKind;
  nominalDate: string | null;
  heldOn: string;
  heldFrom: string | null;
  heldUntil: string | null;
  status: ReceptionStatus;
  workflowId: string | null;
  recordDueAt: Date | null;
  votersReceived: number | null;
  notes: string | null;
  notHeldReason: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
  issuesRaised: number;
}

export interface DutyRow extends NamedRow {
  receptionId: string;
  present: boolean | null;
}

export interface RaisedIssueRow {
  id: string;
  number: string;
  description: string;
  status: string;
  categoryName: string;
  deputyName: string;
  leadDepartmentName: string | null;
}

export interface EventRow {
  occurredAt: Date;
  type: string;
  actorLabel: string | null;
}

export interface AdHocReceptionRecord {
  stationId: string;
  kind: AdHocReceptionKind;
  heldOn: string;
  heldFrom: string | null;
  heldUntil: string | null;
  votersReceived: number;
  notes: string | null;
  presentDeputyIds: string[];
  issueIds: string[];
  idempotencyKey: string;
  actor: { userId: string; label: string };
  at: string;
}

/** Who may see which reception days: admin all; officers by region; a deputy the days they are on duty. */
export interface ReceptionVisibility {
  all: boolean;
  regionRoots: string[];
  deputyId: string | null;
}

export interface ReceptionFilter {
  stationId?: string;
  from?: string;
  to?: string;
  status?: ReceptionStatus;
  deputyId?: string;
}

const RECEPTION_COLUMNS = `r.id, r.station_id AS "stationId", s.name AS "stationName", g.path AS "stationPath",
  r.kind, to_char(r.nominal_date, 'YYYY-MM-DD') AS "nominalDate", to_char(r.held_on, 'YYYY-MM-DD') AS "heldOn",
  to_char(r.held_from, 'HH24:MI') AS "heldFrom", to_char(r.held_until, 'HH24:MI') AS "heldUntil",
  r.status, r.workflow_id AS "workflowId", r.record_due_at AS "recordDueAt", r.voters_received AS "votersReceived",
  r.notes, r.not_held_reason AS "notHeldReason", recorder.display_name AS "recordedBy", r.recorded_at AS "recordedAt",
  (SELECT count(*)::int FROM reception_issues ri WHERE ri.reception_id = r.id) AS "issuesRaised"`;
const RECEPTION_JOINS = `JOIN stations s ON s.id = r.station_id JOIN regions g ON g.id = s.region_id
  LEFT JOIN users recorder ON recorder.id = r.recorded_by_user_id`;

@Injectable()
export class ReceptionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Stations and plans

  async station(id: string): Promise<StationRow | null> {
    const [row] = await queryRows<StationRow>(
      this.db,
      `SELECT s.id, s.name, g.path, ${stationTownshipSql('g')} AS "townshipRegionId",
              s.liaison_officer_user_id AS "liaisonOfficerUserId", u.display_name AS "liaisonOfficerName",
              s.reception_rule AS rule
       FROM stations s JOIN regions g ON g.id = s.region_id LEFT JOIN users u ON u.id = s.liaison_officer_user_id
       WHERE s.id = $1`,
      [id],
    );
    return row ?? null;
  }

  stationDeputies(stationId: string): Promise<NamedRow[]> {
    return queryRows<NamedRow>(
      this.db,
      `SELECT d.id, d.name FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
       WHERE sd.station_id = $1 ORDER BY convert_to(d.name, 'UTF8'), d.id`,
      [stationId],
    );
  }

  async plan(stationId: string): Promise<PlanRow | null> {
    const [row] = await queryRows<PlanRow>(
      this.db,
      `SELECT deputies_per_day AS "deputiesPerDay", to_char(rota_starts_on, 'YYYY-MM-DD') AS "rotaStartsOn",
              rota_deputy_ids AS "rotaDeputyIds", duty_overrides AS "dutyOverrides"
       FROM reception_plans WHERE station_id = $1`,
      [stationId],
    );
    return row ?? null;
  }

  async savePlan(stationId: string, rule: string, plan: PlanRow, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE stations SET reception_rule = $2 WHERE id = $1`, [stationId, rule]);
      await tx.query(
        `INSERT INTO reception_plans (station_id, deputies_per_day, rota_starts_on, rota_deputy_ids, duty_overrides,
                                      updated_by_user_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (station_id) DO UPDATE SET deputies_per_day = EXCLUDED.deputies_per_day,
           rota_starts_on = EXCLUDED.rota_starts_on, rota_deputy_ids = EXCLUDED.rota_deputy_ids,
           duty_overrides = EXCLUDED.duty_overrides, updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
        [stationId, plan.deputiesPerDay, plan.rotaStartsOn, plan.rotaDeputyIds, plan.dutyOverrides, userId],
      );
    });
  }

  /** Clears the rule; the rota stays for when the plan is set again. */
  async clearRule(stationId: string): Promise<void> {
    await this.db.query(`UPDATE stations SET reception_rule = NULL WHERE id = $1`, [stationId]);
  }

  /** Stations under these region roots (all of them for `all`), by name. */
  stations(
    all: boolean,
    roots: string[],
  ): Promise<(Pick<StationRow, 'id' | 'name' | 'path' | 'liaisonOfficerUserId' | 'rule'> & { level: string })[]> {
    return queryRows(
      this.db,
      `SELECT s.id, s.name, g.path, s.level, s.liaison_officer_user_id AS "liaisonOfficerUserId",
              s.reception_rule AS rule
       FROM stations s JOIN regions g ON g.id = s.region_id
       WHERE $1 OR g.path = ANY($2::text[]) OR g.path LIKE ANY($3::text[])
       ORDER BY g.path, convert_to(s.name, 'UTF8')`,
      [all, roots, roots.map((root) => `${escapeLike(root)}/%`)],
    );
  }

  namesOf(deputyIds: string[]): Promise<NamedRow[]> {
    if (deputyIds.length === 0) return Promise.resolve([]);
    return queryRows<NamedRow>(this.db, `SELECT id, name FROM deputies WHERE id = ANY($1::uuid[])`, [deputyIds]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reception days

  async list(
    visibility: ReceptionVisibility,
    filter: ReceptionFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ReceptionRow[]; total: number }> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [this.visibilitySql(visibility, p)];
    if (filter.stationId) where.push(`r.station_id = ${p(filter.stationId)}`);
    if (filter.from) where.push(`r.held_on >= ${p(filter.from)}::date`);
    if (filter.to) where.push(`r.held_on <= ${p(filter.to)}::date`);
    if (filter.status) where.push(`r.status = ${p(filter.status)}`);
    if (filter.deputyId) {
      where.push(
        `EXISTS (SELECT 1 FROM reception_duties fd WHERE fd.reception_id = r.id AND fd.deputy_id = ${p(filter.deputyId)})`,
      );
    }
    const condition = where.join(' AND ');
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM receptions r ${RECEPTION_JOINS} WHERE ${condition}`,
      params,
    );
    const rows = await queryRows<ReceptionRow>(
      this.db,
      `SELECT ${RECEPTION_COLUMNS} FROM receptions r ${RECEPTION_JOINS} WHERE ${condition}
       ORDER BY r.held_on DESC, s.name, r.id LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`,
      params,
    );
    return { rows, total };
  }

  async findById(id: string): Promise<ReceptionRow | null> {
    const [row] = await queryRows<ReceptionRow>(
      this.db,
      `SELECT ${RECEPTION_COLUMNS} FROM receptions r ${RECEPTION_JOINS} WHERE r.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The ad-hoc reception this user recorded under this key, if any (a retried request). */
  async adHocByKey(
    userId: string,
    idempotencyKey: string,
  ): Promise<{ id: string; stationId: string; heldOn: string } | null> {
    const [row] = await queryRows<{ id: string; stationId: string; heldOn: string }>(
      this.db,
      `SELECT id, station_id AS "stationId", to_char(held_on, 'YYYY-MM-DD') AS "heldOn"
       FROM receptions WHERE recorded_by_user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );
    return row ?? null;
  }

  /**
   * Writes an ad-hoc reception as held, in one transaction: the row, who was present, the issues raised and the
   * `recorded` event, the same rows a rule day's record leaves. A concurrent request with the same key inserts
   * nothing and gets the first reception's id.
   */
  async insertAdHoc(input: AdHocReceptionRecord): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [inserted] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO receptions (station_id, kind, held_on, held_from, held_until, status, voters_received, notes,
                                 recorded_by_user_id, recorded_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, 'held', $6, $7, $8, $9, $10)
         ON CONFLICT (recorded_by_user_id, idempotency_key) DO NOTHING RETURNING id`,
        [
          input.stationId,
          input.kind,
          input.heldOn,
          input.heldFrom,
          input.heldUntil,
          input.votersReceived,
          input.notes,
          input.actor.userId,
          input.at,
          input.idempotencyKey,
        ],
      );
      if (!inserted) {
        const [existing] = await queryRows<{ id: string }>(
          tx,
          `SELECT id FROM receptions WHERE recorded_by_user_id = $1 AND idempotency_key = $2`,
          [input.actor.userId, input.idempotencyKey],
        );
        return existing.id;
      }
      await tx.query(
        `INSERT INTO reception_duties (reception_id, deputy_id, present) SELECT $1, unnest($2::uuid[]), true`,
        [inserted.id, input.presentDeputyIds],
      );
      await tx.query(
        `INSERT INTO reception_issues (reception_id, issue_id, position)
         SELECT $1, id, position FROM unnest($2::uuid[]) WITH ORDINALITY AS raised(id, position)`,
        [inserted.id, input.issueIds],
      );
      const { votersReceived, notes, presentDeputyIds, issueIds, kind, heldOn, heldFrom, heldUntil } = input;
      await appendStepEvent(tx, 'reception_events', inserted.id, {
        stepKey: 'recorded',
        type: 'recorded',
        actor: input.actor,
        at: input.at,
        data: { kind, heldOn, heldFrom, heldUntil, votersReceived, notes: notes ?? '', presentDeputyIds, issueIds },
      });
      return inserted.id;
    });
  }

  duties(receptionIds: string[]): Promise<DutyRow[]> {
    if (receptionIds.length === 0) return Promise.resolve([]);
    return queryRows<DutyRow>(
      this.db,
      `SELECT rd.reception_id AS "receptionId", d.id, d.name, rd.present
       FROM reception_duties rd JOIN deputies d ON d.id = rd.deputy_id
       WHERE rd.reception_id = ANY($1::uuid[]) ORDER BY convert_to(d.name, 'UTF8'), d.id`,
      [receptionIds],
    );
  }

  issues(receptionId: string): Promise<RaisedIssueRow[]> {
    return queryRows<RaisedIssueRow>(
      this.db,
      `SELECT i.id, i.number, i.description, i.status, c.name_zh AS "categoryName", d.name AS "deputyName",
              lead.name AS "leadDepartmentName"
       FROM reception_issues ri JOIN issues i ON i.id = ri.issue_id
       JOIN issue_categories c ON c.id = i.category_id JOIN deputies d ON d.id = i.deputy_id
       LEFT JOIN departments lead ON lead.id = i.lead_department_id
       WHERE ri.reception_id = $1 ORDER BY ri.position`,
      [receptionId],
    );
  }

  events(receptionId: string): Promise<EventRow[]> {
    return queryRows<EventRow>(
      this.db,
      `SELECT occurred_at AS "occurredAt", type, actor_label AS "actorLabel"
       FROM reception_events WHERE reception_id = $1 ORDER BY id`,
      [receptionId],
    );
  }

  /** Reception days of the station not yet held, on or after `fromDate`, still open to be called off. */
  upcomingOpen(
    stationId: string,
    fromDate: string,
  ): Promise<{ id: string; nominalDate: string; workflowId: string }[]> {
    return queryRows(
      this.db,
      `SELECT id, to_char(nominal_date, 'YYYY-MM-DD') AS "nominalDate", workflow_id AS "workflowId"
       FROM receptions WHERE station_id = $1 AND held_on >= $2::date AND status IN ('scheduled', 'reminded')`,
      [stationId, fromDate],
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Checks of the issues raised

  categories(): Promise<NamedRow[]> {
    return queryRows(this.db, `SELECT id, name_zh AS name FROM issue_categories WHERE active ORDER BY code`);
  }

  /** The township and its villages and communities: the places an issue raised at the station may be about. */
  places(townshipRegionId: string): Promise<NamedRow[]> {
    return queryRows(
      this.db,
      `SELECT p.id, p.name FROM regions p WHERE ${liesInTownshipSql('p', '$1')}
        ORDER BY (p.id <> $1), convert_to(p.name, 'UTF8')`,
      [townshipRegionId],
    );
  }

  async activeCategories(ids: string[]): Promise<Map<string, boolean>> {
    const rows = await queryRows<{ id: string; active: boolean }>(
      this.db,
      `SELECT id, active FROM issue_categories WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.active]));
  }

  async placesById(ids: string[]): Promise<Map<string, { level: string; parentId: string | null }>> {
    const rows = await queryRows<{ id: string; level: string; parentId: string | null }>(
      this.db,
      `SELECT id, level, parent_id AS "parentId" FROM regions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  private visibilitySql(v: ReceptionVisibility, p: (value: unknown) => string): string {
    if (v.all) return 'TRUE';
    const parts: string[] = [];
    if (v.regionRoots.length) {
      parts.push(
        `g.path = ANY(${p(v.regionRoots)}::text[]) OR g.path LIKE ANY(${p(v.regionRoots.map((r) => `${escapeLike(r)}/%`))}::text[])`,
      );
    }
    if (v.deputyId) {
      parts.push(
        `EXISTS (SELECT 1 FROM reception_duties vd WHERE vd.reception_id = r.id AND vd.deputy_id = ${p(v.deputyId)})`,
      );
    }
    return parts.length ? `(${parts.map((part) => `(${part})`).join(' OR ')})` : 'FALSE';
  }
}
