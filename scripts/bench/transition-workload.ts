// The issue workflow's recorded transitions, many at once, for issues that share a township, a station and a day of
// collection: the load under which issue #21 saw the read model's upkeep deadlock and queue on a county's rollup row.
// Shared by the concurrency test (test/database/rollup-concurrency.e2e-spec.ts) and `npm run bench:transitions`.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import type { RecordTransitionInput } from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { Notices } from '@app/mail';
import { PersonalDataCipher } from '@app/personal-data';
import { IssueActivitiesRepository } from '../../apps/worker/src/issues/issue-activities.repository';
import { IssueActivitiesService } from '../../apps/worker/src/issues/issue-activities.service';

/** Thursday 10:00 in China: every issue of the workload is collected on this day. */
export const WORKLOAD_DAY_AT = '2026-09-24T02:00:00.000Z';
const DUE_AT = '2026-10-20T15:59:59.999Z';

export interface WorkloadIssue {
  id: string;
  /** The departments it is assigned to, then reassigned to: half the issues one way round, half the other. */
  departments: [string, string];
}

/**
 * The worker's real recordTransition, on the given DataSource (whose pool decides how many run at once). The outbox
 * is built but never used: recording a transition records no mail.
 */
export function transitionRecorder(db: DataSource): (input: RecordTransitionInput) => Promise<void> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'test',
  });
  const service = new IssueActivitiesService(
    new IssueActivitiesRepository(db),
    new Notices(db, config),
    config,
    new PersonalDataCipher(config),
  );
  return (input) => service.recordTransition(input);
}

/** The demo data (once per database), then `count` fresh issues in Rongjiawan's Chengdong, received on one day. */
export async function prepareWorkload(db: DataSource, count: number): Promise<WorkloadIssue[]> {
  const [seeded] = await queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM regions`);
  if (seeded.n === 0) await seedDemoData(db);
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await queryRows<T>(db, sql, params))[0];
  const place = await one<{ id: string; path: string }>(`SELECT id, path FROM regions WHERE code = 'chengdong'`);
  const township = await one<{ id: string }>(`SELECT id FROM regions WHERE code = 'rongjiawan'`);
  const station = await one<{ id: string }>(`SELECT id FROM stations WHERE code = 'rongjiawan'`);
  const category = await one<{ id: string }>(`SELECT id FROM issue_categories WHERE code = 'roads'`);
  const deputy = await one<{ id: string; deputy_id: string }>(
    `SELECT id, deputy_id FROM users WHERE username = 'deputy.zhangzhiqiang'`,
  );
  const a = (await one<{ id: string }>(`SELECT id FROM departments WHERE code = 'jiaotong.rongjiawan'`)).id;
  const b = (await one<{ id: string }>(`SELECT id FROM departments WHERE code = 'ziran.rongjiawan'`)).id;
  const issues: WorkloadIssue[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    departments: i % 2 === 0 ? [a, b] : [b, a],
  }));
  await db.query(
    `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
       township_region_id, region_path, category_id, description, channel, urgency, status, workflow_id, submitted_at)
     SELECT id, gen_random_uuid()::text, $2, $3, $4, $5, $6, $7, $8, '村口道路破损，雨天积水，群众出行不便',
            'reception_day', 'normal', 'received', 'issue-' || id, $9
       FROM unnest($1::uuid[]) AS id`,
    [
      issues.map((issue) => issue.id),
      deputy.id,
      deputy.deputy_id,
      station.id,
      place.id,
      township.id,
      place.path,
      category.id,
      WORKLOAD_DAY_AT,
    ],
  );
  return issues;
}

/** What the issue workflow records for one issue, in order: assigned, reassigned, acknowledged, replied, rated. */
export function transitionsOf(issue: WorkloadIssue): RecordTransitionInput[] {
  const [first, second] = issue.departments;
  const at = (minutes: number) => new Date(Date.parse(WORKLOAD_DAY_AT) + minutes * 60_000).toISOString();
  const base = { issueId: issue.id, actor: { label: 'bench' } };
  return [
    {
      ...base,
      stepKey: 'assigned',
      type: 'assigned',
      at: at(1),
      status: 'assigned',
      patch: { leadDepartmentId: first, dueAt: DUE_AT },
      data: { leadDepartmentId: first },
    },
    {
      ...base,
      stepKey: 'reassigned',
      type: 'reassigned',
      at: at(2),
      status: 'assigned',
      patch: { leadDepartmentId: second, dueAt: DUE_AT },
      data: { leadDepartmentId: second },
    },
    { ...base, stepKey: 'acknowledged', type: 'acknowledged', at: at(3), status: 'acknowledged', data: {} },
    {
      ...base,
      stepKey: 'replied',
      type: 'replied',
      at: at(4),
      status: 'awaiting_feedback',
      patch: { repliedAt: at(4), replyClass: 'A' },
      data: { replyClass: 'A', text: '已修复路面并疏通排水沟。', requestId: randomUUID() },
    },
    {
      ...base,
      stepKey: 'rated',
      type: 'rated',
      at: at(5),
      status: 'closed',
      patch: { rating: 'satisfied', closedAt: at(5) },
      data: { rating: 'satisfied' },
    },
  ];
}

/**
 * The lead assignment a reply answers (assignDepartments' work, which sends mail, so written here directly), for the
 * department the issue ends up with.
 */
export async function prepareAssignments(db: DataSource, issues: WorkloadIssue[]): Promise<void> {
  await db.query(
    `INSERT INTO assignments (issue_id, department_id, role, round, status, due_at)
     SELECT issue_id, department_id, 'lead', 1, 'assigned', $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(issue_id, department_id)`,
    [issues.map((i) => i.id), issues.map((i) => i.departments[1]), DUE_AT],
  );
}

export interface WorkloadResult {
  transitions: number;
  seconds: number;
  /** Transactions that failed for good (after whatever retrying the recorder does), by SQLSTATE. */
  failures: Record<string, number>;
}

/**
 * `writers` loops, each taking the next issue and recording its transitions one after another (as its workflow
 * would), while the others do the same for other issues: every transition of the township's day at once.
 */
export async function runWorkload(
  record: (input: RecordTransitionInput) => Promise<void>,
  issues: WorkloadIssue[],
  writers: number,
): Promise<WorkloadResult> {
  const failures: Record<string, number> = {};
  let next = 0;
  let transitions = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < issues.length) {
        const issue = issues[next++];
        for (const input of transitionsOf(issue)) {
          try {
            await record(input);
            transitions++;
          } catch (error) {
            const code = (error as { code?: string }).code ?? 'other';
            failures[code] = (failures[code] ?? 0) + 1;
            break; // the workflow would retry this step; the issue's later steps wait for it
          }
        }
      }
    }),
  );
  return { transitions, seconds: Number(process.hrtime.bigint() - started) / 1e9, failures };
}
