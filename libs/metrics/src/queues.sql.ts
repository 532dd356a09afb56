// Owns the SQL of the supervisors' queues: escalated and overdue issues, issues due soon, issues in triage. One
// builder writes the fast query (metrics.issue_facts, open issues only, partially indexed) and the reference one
// (the issues table itself) from the same predicates, so the two cannot drift apart.
import { escapeLike, ListSql, type SortSpec } from '@app/database';
import { HANDLING_STATUSES_SQL, SETTLED_STATUSES_SQL } from './rates.sql';
import { pathWithin, pathWithinAny, SqlParams, type BuiltQuery } from './sql-params';

export const QUEUE_KINDS = ['escalated', 'due-soon', 'triage'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** The columns a queue may be sorted by; without a sort each queue keeps its own order (most urgent first). */
export const QUEUE_SORT_FIELDS = ['number', 'deadline', 'submittedAt', 'level'] as const;
export type QueueSortField = (typeof QUEUE_SORT_FIELDS)[number];

/** What a queue's search looks for (validated and resolved by the API). */
export interface QueueSearch {
  /** The beginning of an issue number, or words of the description. */
  text?: string;
  /** The keyed hash of a phone number typed into the search. */
  voterPhoneHash?: string;
  /** Where the caller may see the voter's phone (so may find an issue by it); elsewhere the phone is not searched. */
  phoneRoots: readonly string[];
}

export interface QueueFilter {
  /** The caller's region roots (null: everywhere, for admins). */
  roots: readonly string[] | null;
  /** Narrows to one region's subtree (already checked to lie within the roots). */
  regionPath?: string;
  categoryId?: string;
  departmentId?: string;
  stationId?: string;
  escalationLevel?: number;
  search?: QueueSearch;
}

export interface QueueQueryInput {
  kind: QueueKind;
  filter: QueueFilter;
  now: Date;
  /** due-soon only: the end of the last working day that counts as "soon". */
  dueBy?: Date;
  /** A column to sort by instead of the queue's own order (which then breaks ties). */
  sort?: SortSpec<QueueSortField>;
  limit: number;
  offset: number;
}

/** Column expressions of an issue, over the facts table or over the issues table. */
interface IssueSource {
  from: string;
  id: string;
  isOpen: string;
  status: string;
  level: string;
  deadline: string;
  regionPath: string;
  categoryId: string;
  departmentId: string;
  stationId: string;
  submittedAt: string;
}

const FACTS: IssueSource = {
  from: 'metrics.issue_facts f',
  id: 'f.issue_id',
  isOpen: 'f.is_open',
  status: 'f.status',
  level: 'f.escalation_level',
  deadline: 'f.deadline_at',
  regionPath: 'f.region_path',
  categoryId: 'f.category_id',
  departmentId: 'f.lead_department_id',
  stationId: 'f.station_id',
  submittedAt: 'f.submitted_at',
};

/** What metrics.issue_fact_source derives, written out over the issues table. */
const ISSUES: IssueSource = {
  from: 'issues i',
  id: 'i.id',
  isOpen: `(i.status NOT IN ${SETTLED_STATUSES_SQL})`,
  status: 'i.status',
  level: 'i.escalation_level',
  deadline: `(CASE WHEN i.status IN ${HANDLING_STATUSES_SQL} THEN i.due_at
                   WHEN i.status = 'follow_up'
                   THEN ((i.promised_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond' END)`,
  regionPath: 'i.region_path',
  categoryId: 'i.category_id',
  departmentId: 'i.lead_department_id',
  stationId: 'i.station_id',
  submittedAt: 'i.submitted_at',
};

/** One page of issue ids in queue order, with the queue's total on every row. */
export function queueQuery(input: QueueQueryInput): BuiltQuery {
  return build(FACTS, input);
}

/** The same page read straight from the issues table: the benchmark's baseline and the tests' oracle. */
export function referenceQueueQuery(input: QueueQueryInput): BuiltQuery {
  return build(ISSUES, input);
}

function build(s: IssueSource, input: QueueQueryInput): BuiltQuery {
  const p = new SqlParams();
  let nowParam: string | undefined;
  const now = () => (nowParam ??= p.add(input.now.toISOString(), 'timestamptz'));
  // Escalated and still owing an answer (rates.sql.ts, SUPERVISED_BEFORE_DEADLINE_ON_FACTS): a class B reply answers
  // the issue, so one waiting for its promised date leaves the queue whatever level it had reached (defect 7d).
  const supervised = `(${s.level} > 0 AND ${s.status} <> 'follow_up')`;
  const f = input.filter;
  const filters = [pathWithinAny(s.regionPath, f.roots, p)];
  if (f.regionPath !== undefined) filters.push(pathWithin(s.regionPath, f.regionPath, p));
  if (f.categoryId !== undefined) filters.push(`${s.categoryId} = ${p.add(f.categoryId, 'uuid')}`);
  if (f.departmentId !== undefined) filters.push(`${s.departmentId} = ${p.add(f.departmentId, 'uuid')}`);
  if (f.stationId !== undefined) filters.push(`${s.stationId} = ${p.add(f.stationId, 'uuid')}`);
  if (f.escalationLevel !== undefined) filters.push(`${s.level} = ${p.add(f.escalationLevel, 'int')}`);
  if (f.search) filters.push(searchSql(s.id, f.search, p));
  const select = (conditions: string[]) => `
      SELECT ${s.id} AS issue_id, ${s.level} AS level, ${s.deadline} AS deadline, ${s.submittedAt} AS submitted_at
        FROM ${s.from}
       WHERE ${[s.isOpen, ...conditions, ...filters].join('\n         AND ')}`;
  let candidates: string;
  let order: string;
  switch (input.kind) {
    case 'escalated':
      // In the queue: overdue (past the deadline), or under supervision (escalated, answer still owed). Two disjoint
      // parts, each a small partial index of the facts.
      candidates = `${select([`${s.deadline} < ${now()}`])}
      UNION ALL${select([supervised, `(${s.deadline} IS NULL OR ${s.deadline} >= ${now()})`])}`;
      // Working days overdue only grow as the deadline lies further back: deadline ascending is their descending order.
      order = 'q.level DESC, q.deadline ASC NULLS LAST, q.submitted_at, q.issue_id';
      break;
    case 'due-soon': {
      if (!input.dueBy) throw new Error('a due-soon queue needs dueBy');
      const dueBy = p.add(input.dueBy.toISOString(), 'timestamptz');
      candidates = select([`${s.deadline} >= ${now()}`, `${s.deadline} <= ${dueBy}`, `NOT ${supervised}`]);
      order = 'q.deadline, q.issue_id';
      break;
    }
    case 'triage':
      candidates = select([`${s.status} = 'triage'`]);
      order = 'q.submitted_at, q.issue_id';
      break;
  }
  const sql = `
    SELECT q.issue_id, count(*) OVER ()::int AS total
      FROM (${candidates}) q
     ORDER BY ${input.sort ? ListSql.orderBy(input.sort, SORT_COLUMNS, [order]) : order}
     LIMIT ${p.add(input.limit, 'int')} OFFSET ${p.add(input.offset, 'int')}`;
  return { sql, params: p.values };
}

const SORT_COLUMNS: Readonly<Record<QueueSortField, string>> = {
  number: '(SELECT n.number FROM issues n WHERE n.id = q.issue_id)',
  deadline: 'q.deadline',
  submittedAt: 'q.submitted_at',
  level: 'q.level',
};

/**
 * The search as one condition on the issue: its number begins with the text, its description holds it, or — only
 * within `phoneRoots` — its voter's phone is the one searched for (anyone else could learn whose issue a phone is).
 */
function searchSql(id: string, search: QueueSearch, p: SqlParams): string {
  const matches: string[] = [];
  if (search.text !== undefined) {
    matches.push(`si.number ILIKE ${p.add(`${escapeLike(search.text)}%`)}`);
    matches.push(`si.description ILIKE ${p.add(`%${escapeLike(search.text)}%`)}`);
  }
  if (search.voterPhoneHash !== undefined && search.phoneRoots.length > 0) {
    matches.push(
      `(si.voter_phone_hash = ${p.add(search.voterPhoneHash)} AND ${pathWithinAny('si.region_path', search.phoneRoots, p)})`,
    );
  }
  if (matches.length === 0) return 'FALSE';
  return `EXISTS (SELECT 1 FROM issues si WHERE si.id = ${id} AND (${matches.join(' OR ')}))`;
}
