// Writes hand-built issues into the read model the way the worker's recordTransition leaves them: the issue row in
// its final state, its lead assignments, replies (with their on-time flag), feedback and events. The triggers of
// the supervision-metrics migration then keep the facts and rollups current, as they do in production.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sealedVoter } from '../../support/personal-data';
import type { IssueStatus, RecordedRating, ReplyClass, TransitionType } from '@app/contracts';

export interface ReplySpec {
  at: string;
  replyClass: ReplyClass;
  round?: number;
  kind?: 'reply' | 'follow_up';
  /** Default: by the issue's due date. */
  onTime?: boolean;
  promisedDate?: string;
}

export interface IssueSpec {
  label?: string;
  submittedAt: string;
  village?: string;
  station?: string;
  deputy?: string;
  category?: string;
  /** Lead department code; null for an issue never (or no longer) assigned. */
  lead?: string | null;
  status: IssueStatus;
  assignedAt?: string | null;
  dueAt?: string | null;
  round?: number;
  escalationLevel?: number;
  replies?: ReplySpec[];
  /** The class on the issue row; default: the last reply's. */
  replyClass?: ReplyClass | null;
  promisedDate?: string | null;
  ratings?: Array<{ round: number; rating: RecordedRating; at: string }>;
  escalations?: Array<{ level: number; at: string }>;
  sendBacks?: number;
  closedAt?: string | null;
  voter?: { name: string | null; phone: string | null; idNumber: string | null; address: string | null };
  description?: string;
  /** More events, recorded after the others (the last one is the issue's last action). */
  events?: Array<{ type: TransitionType | 'received'; at: string; actorLabel?: string }>;
}

const ids = new Map<string, string>();

async function idOf(db: DataSource, table: string, column: string, value: string): Promise<string> {
  const key = `${table}:${value}`;
  const cached = ids.get(key);
  if (cached) return cached;
  const [row] = await db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE ${column} = $1`, [value]);
  if (!row) throw new Error(`no ${table} with ${column} ${value}`);
  ids.set(key, row.id);
  return row.id;
}

export function forgetIds(): void {
  ids.clear();
}

export async function buildIssue(db: DataSource, spec: IssueSpec): Promise<string> {
  const id = randomUUID();
  const village = spec.village ?? 'chengdong';
  const [place] = await db.query<{ id: string; path: string; township_id: string }[]>(
    `SELECT v.id, v.path, coalesce(t.id, v.id) AS township_id
       FROM regions v LEFT JOIN regions t ON t.id = v.parent_id AND t.level = 'township' WHERE v.code = $1`,
    [village],
  );
  const [submitter] = await db.query<{ id: string; deputy_id: string }[]>(
    `SELECT id, deputy_id FROM users WHERE username = $1`,
    [spec.deputy ?? 'deputy.zhangzhiqiang'],
  );
  const lead = spec.lead === undefined ? 'jiaotong.rongjiawan' : spec.lead;
  const leadId = lead === null ? null : await idOf(db, 'departments', 'code', lead);
  const replies = spec.replies ?? [];
  const firstReply = replies[0];
  const lastReply = replies[replies.length - 1];
  const voter = spec.voter ?? {
    name: '张三丰',
    phone: '13812345678',
    idNumber: '430621199001011234',
    address: '建设路12号',
  };
  const sealed = sealedVoter(voter.phone, voter.idNumber);
  await db.query(
    `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
        township_region_id, region_path, category_id, description, channel, urgency, voter_name, voter_phone,
        voter_id_number, voter_address, status, escalation_level, lead_department_id, round, due_at, submitted_at,
        assigned_at, first_replied_at, last_replied_at, closed_at, reply_class, promised_date, satisfaction,
        send_back_count, workflow_id, voter_phone_hash, voter_id_number_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'reception_day', 'normal', $11, $12, $13, $14, $15, $16, $17, $18,
        $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)`,
    [
      id,
      randomUUID(),
      submitter.id,
      submitter.deputy_id,
      await idOf(db, 'stations', 'code', spec.station ?? 'rongjiawan'),
      place.id,
      place.township_id,
      place.path,
      await idOf(db, 'issue_categories', 'code', spec.category ?? 'roads'),
      spec.description ?? spec.label ?? '村口道路破损，雨天积水',
      voter.name,
      sealed.voterPhone,
      sealed.voterIdNumber,
      voter.address,
      spec.status,
      spec.escalationLevel ?? 0,
      leadId,
      spec.round ?? 1,
      spec.dueAt ?? null,
      spec.submittedAt,
      spec.assignedAt === undefined ? (lead === null ? null : spec.submittedAt) : spec.assignedAt,
      firstReply?.at ?? null,
      lastReply?.at ?? null,
      spec.closedAt ?? null,
      spec.replyClass === undefined ? (lastReply?.replyClass ?? null) : spec.replyClass,
      spec.promisedDate ?? null,
      spec.ratings?.length ? spec.ratings[spec.ratings.length - 1].rating : null,
      spec.sendBacks ?? 0,
      `issue-${id}`,
      sealed.voterPhoneHash,
      sealed.voterIdNumberHash,
    ],
  );

  const events: Array<{ type: string; at: string; actorLabel?: string; key: string }> = [
    { type: 'received', at: spec.submittedAt, key: 'received' },
  ];
  const assignments = new Map<number, string>();
  const rounds = new Set([1, ...replies.map((r) => r.round ?? 1), spec.round ?? 1]);
  if (leadId && (spec.assignedAt === undefined || spec.assignedAt !== null)) {
    for (const round of [...rounds].sort()) {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO assignments (issue_id, department_id, role, round, status, due_at, assigned_at)
         VALUES ($1, $2, 'lead', $3, 'assigned', coalesce($4::timestamptz, now() + interval '15 days'), $5)
         RETURNING id`,
        [id, leadId, round, spec.dueAt ?? null, spec.assignedAt ?? spec.submittedAt],
      );
      assignments.set(round, row.id);
      events.push({ type: 'assigned', at: spec.assignedAt ?? spec.submittedAt, key: `r${round}:assigned` });
    }
  }
  for (const [index, reply] of replies.entries()) {
    const round = reply.round ?? 1;
    const onTime = reply.onTime ?? (spec.dueAt ? Date.parse(reply.at) <= Date.parse(spec.dueAt) : true);
    await db.query(
      `INSERT INTO replies (issue_id, assignment_id, department_id, round, kind, reply_class, text, promised_date,
                            replied_at, on_time, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, '已办理', $7, $8, $9, $10)`,
      [
        id,
        assignments.get(round),
        leadId,
        round,
        reply.kind ?? 'reply',
        reply.replyClass,
        reply.promisedDate ?? null,
        reply.at,
        onTime,
        `req-${index}`,
      ],
    );
    events.push({
      type: reply.kind === 'follow_up' ? 'follow_up_replied' : 'replied',
      at: reply.at,
      key: `update:reply-${index}`,
    });
  }
  for (const rating of spec.ratings ?? []) {
    await db.query(`INSERT INTO feedback (issue_id, round, rating, rated_at) VALUES ($1, $2, $3, $4)`, [
      id,
      rating.round,
      rating.rating,
      rating.at,
    ]);
    events.push({
      type: rating.rating === 'not_rated' ? 'not_rated' : 'rated',
      at: rating.at,
      key: `update:rate-${rating.round}`,
    });
  }
  for (const escalation of spec.escalations ?? []) {
    events.push({ type: 'escalated', at: escalation.at, key: `r1:escalation:${escalation.level}` });
  }
  if (spec.closedAt) events.push({ type: 'closed', at: spec.closedAt, key: 'closed' });
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const [index, extra] of (spec.events ?? []).entries()) events.push({ ...extra, key: `extra-${index}` });
  for (const event of events) {
    await db.query(
      `INSERT INTO issue_events (issue_id, step_key, type, actor_label, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, event.key, event.type, event.actorLabel ?? null, event.at],
    );
  }
  return id;
}
