// Owns the SQL that turns issue ids into the rows supervisors read (queues, drill-down lists) and that lists a
// station's or a deputy's issues for the ledgers: the issue with its names, deadline, first reply and last action.
// Voter data comes out raw; the API masks it before it leaves.
import type { Period } from './period';
import { HANDLING_STATUSES_SQL } from './rates.sql';
import { chinaDayStart, pathWithinAny, SqlParams, type BuiltQuery } from './sql-params';

export interface IssueRow {
  id: string;
  /** 事项编号 */
  number: string;
  description: string;
  urgency: 'normal' | 'urgent';
  channel: string;
  status: string;
  round: number;
  escalationLevel: number;
  submittedAt: Date;
  assignedAt: Date | null;
  dueAt: Date | null;
  /** The deadline the issue is judged by now: the reply deadline while a department holds it, else the promised date. */
  deadlineAt: Date | null;
  firstRepliedAt: Date | null;
  lastRepliedAt: Date | null;
  /** The first reply's on-time flag; null before any reply. */
  firstReplyOnTime: boolean | null;
  replyClass: 'A' | 'B' | 'C' | null;
  promisedDate: string | null;
  satisfaction: string | null;
  sendBackCount: number;
  closedAt: Date | null;
  categoryId: string;
  categoryName: string;
  stationId: string;
  stationName: string;
  placeRegionId: string;
  placeName: string;
  townshipRegionId: string;
  townshipName: string;
  deputyId: string;
  deputyName: string;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  lastEventType: string | null;
  lastEventAt: Date | null;
  lastEventActor: string | null;
  voterName: string | null;
  voterPhone: string | null;
  voterIdNumber: string | null;
  voterAddress: string | null;
  /** The names of the issue's photos and documents, oldest first, joined with 、; null when it has none. */
  attachmentNames: string | null;
}

// Names come from scalar subqueries rather than joins: a page of 20 rows then plans in a fraction of a millisecond
// instead of the planner weighing the orders of ten joins.
const COLUMNS = `
  i.id, i.number, i.description, i.urgency, i.channel, i.status, i.round, i.escalation_level AS "escalationLevel",
  i.submitted_at AS "submittedAt", i.assigned_at AS "assignedAt", i.due_at AS "dueAt",
  CASE WHEN i.status IN ${HANDLING_STATUSES_SQL} THEN i.due_at
       WHEN i.status = 'follow_up'
       THEN ((i.promised_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond' END AS "deadlineAt",
  i.first_replied_at AS "firstRepliedAt", i.last_replied_at AS "lastRepliedAt",
  CASE WHEN i.first_replied_at IS NOT NULL THEN coalesce(
    (SELECT r.on_time FROM replies r WHERE r.issue_id = i.id AND r.kind = 'reply' ORDER BY r.replied_at, r.id LIMIT 1),
    false) END AS "firstReplyOnTime",
  i.reply_class AS "replyClass", to_char(i.promised_date, 'YYYY-MM-DD') AS "promisedDate",
  i.satisfaction, i.send_back_count AS "sendBackCount", i.closed_at AS "closedAt",
  i.category_id AS "categoryId", (SELECT c.name_zh FROM issue_categories c WHERE c.id = i.category_id) AS "categoryName",
  i.station_id AS "stationId", (SELECT s.name FROM stations s WHERE s.id = i.station_id) AS "stationName",
  i.place_region_id AS "placeRegionId", (SELECT r.name FROM regions r WHERE r.id = i.place_region_id) AS "placeName",
  i.township_region_id AS "townshipRegionId",
  (SELECT r.name FROM regions r WHERE r.id = i.township_region_id) AS "townshipName",
  i.deputy_id AS "deputyId", (SELECT d.name FROM deputies d WHERE d.id = i.deputy_id) AS "deputyName",
  i.lead_department_id AS "leadDepartmentId",
  (SELECT d.name FROM departments d WHERE d.id = i.lead_department_id) AS "leadDepartmentName",
  ev.type AS "lastEventType", ev.occurred_at AS "lastEventAt",
  coalesce(ev.actor_label, (SELECT u.display_name FROM users u WHERE u.id = ev.actor_user_id)) AS "lastEventActor",
  i.voter_name AS "voterName", i.voter_phone AS "voterPhone", i.voter_id_number AS "voterIdNumber",
  i.voter_address AS "voterAddress",
  (SELECT string_agg(a.file_name, '、' ORDER BY a.created_at, a.id) FROM attachments a WHERE a.issue_id = i.id)
    AS "attachmentNames"`;

const JOINS = `
  LEFT JOIN LATERAL (SELECT e.type, e.occurred_at, e.actor_label, e.actor_user_id FROM issue_events e
                      WHERE e.issue_id = i.id ORDER BY e.id DESC LIMIT 1) ev ON true`;

/** The rows of these issues, in the order given. */
export function issueRowsByIdQuery(ids: readonly string[]): BuiltQuery {
  return {
    sql: `SELECT ${COLUMNS}
            FROM unnest($1::uuid[]) WITH ORDINALITY AS page(id, n)
            JOIN issues i ON i.id = page.id ${JOINS}
           ORDER BY page.n`,
    params: [ids],
  };
}

/** The most rows a ledger export holds; a longer period must be exported in parts. */
export const LEDGER_MAX_ROWS = 20_000;

/** A station's issues collected in the period, oldest first (反映问题登记簿). */
export function stationLedgerQuery(stationId: string, period: Period): BuiltQuery {
  const p = new SqlParams();
  const sql = `SELECT ${COLUMNS} FROM issues i ${JOINS}
     WHERE i.station_id = ${p.add(stationId, 'uuid')}
       AND i.submitted_at >= ${chinaDayStart(period.from, p)} AND i.submitted_at < ${chinaDayStart(period.to, p)}
     ORDER BY i.submitted_at, i.id LIMIT ${p.add(LEDGER_MAX_ROWS + 1, 'int')}`;
  return { sql, params: p.values };
}

/** A deputy's issues collected in the period, oldest first (履职档案), under the given roots (null: all). */
export function deputyLedgerQuery(deputyId: string, period: Period, roots: readonly string[] | null): BuiltQuery {
  const p = new SqlParams();
  const sql = `SELECT ${COLUMNS} FROM issues i ${JOINS}
     WHERE i.deputy_id = ${p.add(deputyId, 'uuid')} AND ${pathWithinAny('i.region_path', roots, p)}
       AND i.submitted_at >= ${chinaDayStart(period.from, p)} AND i.submitted_at < ${chinaDayStart(period.to, p)}
     ORDER BY i.submitted_at, i.id LIMIT ${p.add(LEDGER_MAX_ROWS + 1, 'int')}`;
  return { sql, params: p.values };
}
