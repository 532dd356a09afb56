// `npm run bench:metrics`: the supervision figures on a million issues. Loads a city of 10 counties, 150 townships
// and 1,500 villages with two years of issues (replies, ratings, escalations, second handlings, send-backs) into a
// fresh PostgreSQL, then times the rates and the queues for a city, a county and a township, on the fast path
// (trigger-kept facts and rollups) and by a plain scan of the records, checks that both give the same figures, and
// prints p50/p95 and the speed-up. A benchmark, not a test: it asserts equality, never a time.
//
//   BENCH_ISSUES      how many issues (default 1000000)
//   BENCH_RUNS        timed runs of each fast query after the warm-up (default 30)
//   BENCH_PLAIN_RUNS  timed runs of each plain-scan query (default 5)
//   DATABASE_URL      a server to use instead of an embedded one: a fresh database is created there and dropped after
//   BENCH_KEEP=1      keep that database (and the embedded cluster's folder) for a look afterwards
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { migrate, queryRows } from '@app/database';
import {
  MetricsRepository,
  summarize,
  type MetricCounts,
  type MetricScope,
  type Period,
  type QueueKind,
  type QueueRequest,
} from '@app/metrics';
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher } from '@app/personal-data';
import { freePort, startEmbeddedPostgres, type RunningPostgres } from '@app/stack';

const ISSUES = positiveInt('BENCH_ISSUES', 1_000_000);
const RUNS = positiveInt('BENCH_RUNS', 30);
const PLAIN_RUNS = positiveInt('BENCH_PLAIN_RUNS', 5);
const WARM_UP = 3;
const COUNTIES = 10;
const TOWNSHIPS_PER_COUNTY = 15;
const VILLAGES_PER_TOWNSHIP = 10;
const TARGET_P95_MS = 50;
const TARGET_SPEED_UP = 20;

const started = Date.now();
function say(message: string): void {
  process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// A server and a fresh database

interface BenchDatabase {
  url: string;
  cleanUp(): Promise<void>;
}

async function freshDatabase(): Promise<BenchDatabase> {
  const keep = process.env.BENCH_KEEP === '1';
  const name = `bench_metrics_${randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    say(`PostgreSQL: DATABASE_URL's server, fresh database ${name}`);
    return {
      url: url.toString(),
      cleanUp: async () => {
        if (keep) return say(`kept database ${name}`);
        const client = new Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'lianluo-bench-pg-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its data folder
  say(`PostgreSQL: embedded, in ${dir}`);
  const postgres: RunningPostgres = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port: await freePort(),
    database: name,
  });
  return {
    url: postgres.url,
    cleanUp: async () => {
      await postgres.stop();
      if (keep) return say(`kept ${dir}`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The data: all of it generated in SQL, in a handful of set-based statements

const TRIGGERS: Array<[table: string, trigger: string]> = [
  ['issues', 'issues_metrics'],
  ['replies', 'replies_metrics'],
  ['issue_events', 'issue_events_metrics'],
  ['issue_events', 'issue_events_notify'],
];

async function load(db: DataSource): Promise<void> {
  // Session settings must hold for every statement of a step: each step runs on a connection of its own.
  const runners: QueryRunner[] = [];
  const connection = async () => {
    const runner = db.createQueryRunner();
    await runner.connect();
    runners.push(runner);
    await runner.query(`SET maintenance_work_mem = '256MB'`);
    await runner.query(`SET work_mem = '64MB'`);
    return runner;
  };
  const step = async (runner: QueryRunner, label: string, sql: string) => {
    const t0 = Date.now();
    await runner.query(sql);
    say(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    const main = await connection();
    // Bulk rows skip the per-row triggers; metrics.rebuild() then derives the facts and the rollups in one pass.
    for (const [table, trigger] of TRIGGERS) await main.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    // Secondary indexes are built once after the load rather than row by row during it.
    const indexes = await queryRows<{ name: string; definition: string }>(
      main,
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
        WHERE i.indrelid IN ('issues'::regclass, 'assignments'::regclass, 'replies'::regclass, 'feedback'::regclass,
                             'issue_events'::regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    );
    for (const index of indexes) await main.query(`DROP INDEX ${index.name}`);
    // A superuser may skip the foreign-key checks of rows generated consistent by construction, and then load the
    // tables side by side.
    const [{ superuser }] = await queryRows<{ superuser: boolean }>(
      main,
      `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
    );
    await main.query(`SELECT setseed(0.2026)`);

    say(`loading: ${COUNTIES} counties × ${TOWNSHIPS_PER_COUNTY} townships × ${VILLAGES_PER_TOWNSHIP} villages`);
    await step(main, 'regions, stations, departments, deputies, categories', REFERENCE_DATA_SQL);
    await step(main, 'working-day lookup', WORKING_DAY_SQL);
    await step(main, `plan of ${ISSUES.toLocaleString('en')} issues`, planSql(ISSUES));
    const lanes: Array<Array<[string, string]>> = [
      [['issues', INSERT_ISSUES_SQL]],
      [
        ['assignments', INSERT_ASSIGNMENTS_SQL],
        ['replies', INSERT_REPLIES_SQL],
        ['feedback', INSERT_FEEDBACK_SQL],
      ],
      [['issue_events', INSERT_EVENTS_SQL]],
    ];
    if (superuser) {
      const t0 = Date.now();
      await Promise.all(
        lanes.map(async (lane) => {
          const runner = await connection();
          await runner.query(`SET session_replication_role = replica`);
          for (const [label, sql] of lane) await step(runner, label, sql);
        }),
      );
      say(`  records loaded side by side: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      for (const [label, sql] of lanes.flat()) await step(main, label, sql);
    }
    await main.query(`DROP TABLE bench_life, bench_assignment, bench_wd, bench_wdo, bench_seat, bench_village`);
    await step(main, `${indexes.length} secondary indexes`, indexes.map((index) => `${index.definition};`).join('\n'));
    await step(main, 'analyze', 'ANALYZE');
    await step(main, 'metrics.rebuild(): facts and rollups', 'SELECT metrics.rebuild()');
    // The visibility map lets the queues read the open issues from their index alone.
    await step(main, 'vacuum analyze metrics', 'VACUUM ANALYZE metrics.issue_facts, metrics.daily_rollup');
    for (const [table, trigger] of TRIGGERS) await main.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  } finally {
    // The connections go back to the pool: nothing of the load's session may follow them there.
    for (const runner of runners) {
      await runner.query('RESET ALL');
      await runner.release();
    }
  }
}

const REFERENCE_DATA_SQL = `
  INSERT INTO issue_categories (code, name_zh, name_en)
  SELECT 'cat' || k, (ARRAY['道路交通','饮水与水利','农业农村','社会保障','生态环境','教育','医疗卫生','其他'])[k], 'category ' || k
    FROM generate_series(1, 8) k;
  INSERT INTO regions (code, name, level, parent_id, path) VALUES ('bench', '基准市', 'city', NULL, 'bench');
  INSERT INTO regions (code, name, level, parent_id, path)
  SELECT 'c' || c, '第' || c || '县', 'county', (SELECT id FROM regions WHERE code = 'bench'), 'bench/c' || c
    FROM generate_series(1, ${COUNTIES}) c;
  INSERT INTO regions (code, name, level, parent_id, path)
  SELECT 'c' || c || 't' || t, '第' || c || '县第' || t || '镇', 'township', p.id, p.path || '/t' || t
    FROM generate_series(1, ${COUNTIES}) c CROSS JOIN generate_series(1, ${TOWNSHIPS_PER_COUNTY}) t
    JOIN regions p ON p.code = 'c' || c;
  INSERT INTO regions (code, name, level, parent_id, path)
  SELECT p.code || 'v' || v, p.name || v || '村', 'village', p.id, p.path || '/v' || v
    FROM regions p CROSS JOIN generate_series(1, ${VILLAGES_PER_TOWNSHIP}) v WHERE p.level = 'township';

  CREATE UNLOGGED TABLE bench_village AS
  SELECT row_number() OVER (ORDER BY c, t, v)::int AS vg, c, (c - 1) * ${TOWNSHIPS_PER_COUNTY} + t AS tw,
         vr.id AS village_id, vr.path AS village_path, tr.id AS township_id
    FROM generate_series(1, ${COUNTIES}) c CROSS JOIN generate_series(1, ${TOWNSHIPS_PER_COUNTY}) t
    CROSS JOIN generate_series(1, ${VILLAGES_PER_TOWNSHIP}) v
    JOIN regions tr ON tr.code = 'c' || c || 't' || t
    JOIN regions vr ON vr.code = 'c' || c || 't' || t || 'v' || v;
  ALTER TABLE bench_village ADD PRIMARY KEY (vg);

  -- Five offices in every township, eight bureaus in every county.
  INSERT INTO departments (code, name, region_id, email)
  SELECT r.code || '-d' || k, r.name || '办' || k, r.id, r.code || '-d' || k || '@bench.local'
    FROM regions r CROSS JOIN generate_series(1, 5) k WHERE r.level = 'township';
  INSERT INTO departments (code, name, region_id, email)
  SELECT r.code || '-b' || k, r.name || '局' || k, r.id, r.code || '-b' || k || '@bench.local'
    FROM regions r CROSS JOIN generate_series(1, 8) k WHERE r.level = 'county';

  -- A deputies' home in every township (3 deputies), a work station in every village (2 deputies).
  INSERT INTO stations (code, name, level, region_id)
  SELECT 's-' || r.code, r.name || (CASE r.level WHEN 'township' THEN '人大代表之家' ELSE '代表工作站' END),
         r.level, r.id
    FROM regions r WHERE r.level IN ('township', 'village');
  CREATE UNLOGGED TABLE bench_seat AS
  SELECT s.id AS station_id, k, gen_random_uuid() AS deputy_id, gen_random_uuid() AS user_id
    FROM stations s CROSS JOIN generate_series(0, 2) k WHERE s.level = 'township' OR k < 2;
  ALTER TABLE bench_seat ADD PRIMARY KEY (station_id, k);
  INSERT INTO deputies (id, name, gender, level, employer, post, phone)
  SELECT deputy_id, '代表' || row_number() OVER (), CASE WHEN k = 1 THEN 'female' ELSE 'male' END,
         'township', '单位', '职务', '138' || lpad((row_number() OVER ())::text, 8, '0')
    FROM bench_seat;
  INSERT INTO users (id, username, display_name, deputy_id)
  SELECT user_id, 'bench.deputy.' || row_number() OVER (), '代表', deputy_id FROM bench_seat;
  INSERT INTO station_deputies (station_id, deputy_id) SELECT station_id, deputy_id FROM bench_seat;
  INSERT INTO users (username, display_name) VALUES ('bench.supervisor', '督办员');
`;

const WORKING_DAY_SQL = `
  CREATE UNLOGGED TABLE bench_wd AS SELECT day, ordinal FROM metrics.working_days;
  ALTER TABLE bench_wd ADD PRIMARY KEY (day);
  CREATE UNLOGGED TABLE bench_wdo AS SELECT ordinal, day FROM metrics.working_days WHERE working;
  ALTER TABLE bench_wdo ADD PRIMARY KEY (ordinal);
`;

/**
 * One row per issue with its whole life decided up front, in working-day ordinals from the day it was assigned:
 * deadline (15 working days, 3 if urgent), first reply 1-30 working days on (most on time), escalation levels
 * reached 3, 6 and 9 working days past the deadline, class A/B/C, the follow-up a B reply promised, the rating,
 * and for an unsatisfied rating a second handling. Everything after "now" simply has not happened yet.
 */
function planSql(issues: number): string {
  return `
  CREATE UNLOGGED TABLE bench_base AS
  SELECT g AS n, gen_random_uuid() AS issue_id,
         1 + least(${COUNTIES * TOWNSHIPS_PER_COUNTY * VILLAGES_PER_TOWNSHIP - 1},
                   floor(${COUNTIES * TOWNSHIPS_PER_COUNTY * VILLAGES_PER_TOWNSHIP} * power(random(), 1.2)))::int AS vg,
         random() < 0.4 AS at_township,
         floor(random() * 6)::int AS seat_pick,
         width_bucket(random(), ARRAY[0.2, 0.38, 0.54, 0.68, 0.78, 0.86, 0.94]::float8[]) + 1 AS cat,
         now() - random() * interval '730 days' AS submitted_at,
         random() < 0.1 AS urgent,
         random() AS r_dept, random() AS r_tri, random() AS r_sb, random() AS r_delay, random() AS r_cls,
         random() AS r_fu, random() AS r_rate, random() AS r_r2, random() AS r_stuck, random() AS r_h,
         random() AS r_ack
    FROM generate_series(1, ${issues}) g;

  CREATE UNLOGGED TABLE bench_plan AS
  WITH now_day AS (SELECT ordinal AS o_now FROM bench_wd WHERE day = metrics.china_day(now())),
  placed AS (
    SELECT b.*, v.village_id, v.village_path, v.township_id, v.c, v.tw, seat.deputy_id, seat.user_id,
           st.id AS station_id, cat_row.id AS category_id, dept.id AS department_id,
           b.submitted_at + b.r_h * interval '3 hours' AS assign_at,
           CASE WHEN b.urgent THEN 3 ELSE 15 END AS w
      FROM bench_base b
      JOIN bench_village v ON v.vg = b.vg
      JOIN stations st ON st.region_id = CASE WHEN b.at_township THEN v.township_id ELSE v.village_id END
      JOIN bench_seat seat ON seat.station_id = st.id AND seat.k = b.seat_pick % (CASE WHEN b.at_township THEN 3 ELSE 2 END)
      JOIN issue_categories cat_row ON cat_row.code = 'cat' || b.cat
      JOIN departments dept ON dept.code = CASE WHEN b.r_dept < 0.3 THEN 'c' || v.c || '-b' || b.cat
                                                ELSE 'c' || v.c || 't' || (v.tw - (v.c - 1) * ${TOWNSHIPS_PER_COUNTY})
                                                     || '-d' || (1 + b.cat % 5) END
  ),
  timed AS (
    SELECT p.*, nd.o_now, wa.ordinal AS o_asg, wa.ordinal + p.w AS o_due,
           CASE WHEN p.urgent THEN 1 + floor(p.r_delay * p.r_delay * 6)::int
                WHEN p.r_delay < 0.70 THEN 1 + floor(p.r_delay / 0.70 * 10)::int
                WHEN p.r_delay < 0.92 THEN 11 + floor((p.r_delay - 0.70) / 0.22 * 5)::int
                ELSE 16 + floor((p.r_delay - 0.92) / 0.08 * 15)::int END AS delay,
           p.r_tri < 0.01 AND wa.ordinal >= nd.o_now - 5 AS in_triage,
           p.r_stuck < 0.002 AND wa.ordinal < nd.o_now - 40 AS stuck
      FROM placed p CROSS JOIN now_day nd
      JOIN bench_wd wa ON wa.day = metrics.china_day(p.assign_at)
  ),
  replied AS (
    SELECT t.*, metrics.end_of_china_day(wd_due.day) AS due_at,
           (wd_rep.day::timestamp AT TIME ZONE 'Asia/Shanghai') + interval '9 hours' + t.r_ack * interval '8 hours' AS reply_at,
           t.o_asg + t.delay AS o_rep
      FROM timed t
      JOIN bench_wdo wd_due ON wd_due.ordinal = t.o_due
      JOIN bench_wdo wd_rep ON wd_rep.ordinal = t.o_asg + t.delay
  ),
  staged AS (
    SELECT r.*,
           NOT r.in_triage AND NOT r.stuck AND r.reply_at <= now() AS has_reply,
           CASE WHEN r.r_cls < 0.6 THEN 'A' WHEN r.r_cls < 0.85 THEN 'B' ELSE 'C' END AS first_class,
           metrics.china_day(r.reply_at) + 30 AS promised_date
      FROM replied r
  )
  SELECT s.*,
         -- levels reached before the reply (or before today, unreplied): 3, 6, 9 working days past the deadline
         CASE WHEN s.in_triage THEN 0
              WHEN s.stuck THEN 3
              ELSE least(3, greatest(0, floor(((CASE WHEN s.has_reply THEN s.o_rep ELSE s.o_now END) - s.o_due - 1) / 3.0)))::int
         END AS level_before,
         s.has_reply AND s.first_class = 'B' AND s.promised_date < metrics.china_day(now()) AND s.r_fu < 0.97 AS has_follow_up,
         s.has_reply AND s.first_class = 'B' AND s.promised_date < metrics.china_day(now()) AND s.r_fu >= 0.97 AS follow_up_missed,
         (s.promised_date::timestamp AT TIME ZONE 'Asia/Shanghai') - floor(s.r_fu * 10) * interval '1 day' + interval '10 hours' AS follow_up_at,
         CASE WHEN s.r_fu < 0.6 THEN 'A' ELSE 'C' END AS follow_up_class
    FROM staged s;

  CREATE UNLOGGED TABLE bench_life AS
  WITH finals AS (
    SELECT p.*,
           CASE WHEN NOT p.has_reply THEN NULL
                WHEN p.first_class <> 'B' THEN p.reply_at
                WHEN p.has_follow_up THEN greatest(p.follow_up_at, p.reply_at + interval '1 hour') END AS final_at,
           CASE WHEN p.first_class <> 'B' THEN p.first_class WHEN p.has_follow_up THEN p.follow_up_class ELSE 'B' END AS final_class
      FROM bench_plan p
  ),
  rated AS (
    SELECT f.*, wf.ordinal AS o_final,
           (w_rate.day::timestamp AT TIME ZONE 'Asia/Shanghai') + interval '10 hours' AS rate_at,
           CASE WHEN f.r_rate < 0.68 THEN 'satisfied' WHEN f.r_rate < 0.88 THEN 'basically_satisfied'
                WHEN f.r_rate < 0.93 THEN 'unsatisfied' ELSE 'not_rated' END AS rating
      FROM finals f
      LEFT JOIN bench_wd wf ON wf.day = metrics.china_day(f.final_at)
      LEFT JOIN bench_wdo w_rate ON w_rate.ordinal = wf.ordinal + 1 + floor(f.r_rate * 100)::int % 5
  ),
  second AS (
    SELECT r.*, r.final_at IS NOT NULL AND r.rate_at <= now() AS is_rated,
           w2due.day AS due2_day, w2rep.day AS reply2_day,
           (w2rep.day::timestamp AT TIME ZONE 'Asia/Shanghai') + interval '15 hours' AS reply2_at,
           (w2rate.day::timestamp AT TIME ZONE 'Asia/Shanghai') + interval '11 hours' AS rate2_at,
           CASE WHEN r.r_r2 < 0.5 THEN 'A' ELSE 'C' END AS class2,
           CASE WHEN r.r_r2 < 0.2 THEN 'satisfied' WHEN r.r_r2 < 0.6 THEN 'basically_satisfied'
                WHEN r.r_r2 < 0.9 THEN 'unsatisfied' ELSE 'not_rated' END AS rating2
      FROM rated r
      LEFT JOIN bench_wd w_rate_day ON w_rate_day.day = metrics.china_day(r.rate_at)
      LEFT JOIN bench_wdo w2due ON w2due.ordinal = w_rate_day.ordinal + r.w
      LEFT JOIN bench_wdo w2rep ON w2rep.ordinal = w_rate_day.ordinal + 1 + floor(r.r_r2 * 12)::int
      LEFT JOIN bench_wdo w2rate ON w2rate.ordinal = w_rate_day.ordinal + 3 + floor(r.r_r2 * 12)::int
  )
  SELECT s.*,
         s.is_rated AND s.rating = 'unsatisfied' AS round2,
         s.is_rated AND s.rating = 'unsatisfied' AND s.reply2_at <= now() AS round2_replied,
         s.is_rated AND s.rating = 'unsatisfied' AND s.rate2_at <= now() AS round2_rated
    FROM second s;
  DROP TABLE bench_plan;
  DROP TABLE bench_base;`;
}

const INSERT_ISSUES_SQL = `
  INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
                      township_region_id, region_path, category_id, description, channel, urgency, voter_name,
                      voter_phone, status, escalation_level, lead_department_id, round, due_at, submitted_at,
                      assigned_at, first_replied_at, last_replied_at, closed_at, reply_class, promised_date,
                      satisfaction, send_back_count, workflow_id)
  SELECT l.issue_id, 'bench-' || l.n, l.user_id, l.deputy_id, l.station_id, l.village_id, l.township_id,
         l.village_path, l.category_id, '群众反映事项 #' || l.n,
         (ARRAY['reception_day', 'visit', 'walk_in', 'phone'])[1 + l.n % 4], CASE WHEN l.urgent THEN 'urgent' ELSE 'normal' END,
         -- No phone: the column holds ciphertext only (libs/personal-data), and no figure reads it.
         '张' || (l.n % 97), NULL,
         CASE WHEN l.in_triage THEN 'triage'
              WHEN l.round2 AND l.round2_rated THEN 'closed'
              WHEN l.round2 AND l.round2_replied THEN 'awaiting_feedback'
              WHEN l.round2 THEN CASE WHEN l.due2_day < metrics.china_day(now()) THEN 'overdue' ELSE 'assigned' END
              WHEN NOT l.has_reply THEN CASE WHEN l.level_before > 0 THEN 'escalated'
                                             WHEN l.due_at < now() THEN 'overdue'
                                             WHEN l.r_ack < 0.5 THEN 'acknowledged' ELSE 'assigned' END
              WHEN l.final_at IS NULL THEN 'follow_up'
              WHEN l.is_rated THEN 'closed'
              ELSE 'awaiting_feedback' END,
         CASE WHEN l.round2 THEN 0
              WHEN l.follow_up_missed THEN least(3, l.level_before + 1)
              ELSE l.level_before END,
         CASE WHEN l.in_triage THEN NULL ELSE l.department_id END,
         CASE WHEN l.round2 THEN 2 ELSE 1 END,
         CASE WHEN l.in_triage THEN NULL WHEN l.round2 THEN metrics.end_of_china_day(l.due2_day) ELSE l.due_at END,
         l.submitted_at,
         CASE WHEN l.in_triage THEN NULL WHEN l.round2 THEN l.rate_at ELSE l.assign_at END,
         CASE WHEN l.has_reply THEN l.reply_at END,
         CASE WHEN l.round2_replied THEN l.reply2_at WHEN l.has_reply THEN coalesce(l.final_at, l.reply_at) END,
         CASE WHEN l.round2 AND l.round2_rated THEN l.rate2_at WHEN NOT l.round2 AND l.is_rated THEN l.rate_at END,
         CASE WHEN l.round2 AND l.round2_replied THEN l.class2 WHEN l.round2 THEN NULL
              WHEN l.has_reply THEN l.final_class END,
         CASE WHEN l.has_reply AND l.first_class = 'B' AND NOT l.round2 THEN l.promised_date END,
         CASE WHEN l.round2 AND l.round2_rated THEN l.rating2 WHEN l.is_rated THEN l.rating END,
         CASE WHEN l.r_sb < 0.03 THEN 1 WHEN l.r_sb < 0.035 THEN 2 ELSE 0 END,
         'issue-' || l.issue_id
    FROM bench_life l`;

const INSERT_ASSIGNMENTS_SQL = `
  CREATE UNLOGGED TABLE bench_assignment AS
  SELECT l.issue_id, 1 AS round, gen_random_uuid() AS id, l.department_id, l.assign_at AS assigned_at, l.due_at,
         CASE WHEN l.has_reply AND (l.final_at IS NOT NULL) THEN 'answered' WHEN l.has_reply THEN 'acknowledged'
              ELSE 'assigned' END AS status
    FROM bench_life l WHERE NOT l.in_triage
  UNION ALL
  SELECT l.issue_id, 2, gen_random_uuid(), l.department_id, l.rate_at, metrics.end_of_china_day(l.due2_day),
         CASE WHEN l.round2_replied THEN 'answered' ELSE 'assigned' END
    FROM bench_life l WHERE l.round2;
  INSERT INTO assignments (id, issue_id, department_id, role, round, status, due_at, assigned_at)
  SELECT id, issue_id, department_id, 'lead', round, status, due_at, assigned_at FROM bench_assignment`;

const INSERT_REPLIES_SQL = `
  INSERT INTO replies (issue_id, assignment_id, department_id, round, kind, reply_class, text, promised_date,
                       replied_at, on_time, request_id)
  SELECT l.issue_id, a.id, l.department_id, 1, 'reply', l.first_class, '答复', CASE WHEN l.first_class = 'B' THEN l.promised_date END,
         l.reply_at, l.reply_at <= l.due_at, 'r1'
    FROM bench_life l JOIN bench_assignment a ON a.issue_id = l.issue_id AND a.round = 1
   WHERE l.has_reply
  UNION ALL
  SELECT l.issue_id, a.id, l.department_id, 1, 'follow_up', l.follow_up_class, '续报', NULL, l.final_at,
         l.final_at <= metrics.end_of_china_day(l.promised_date), 'f1'
    FROM bench_life l JOIN bench_assignment a ON a.issue_id = l.issue_id AND a.round = 1
   WHERE l.has_follow_up
  UNION ALL
  SELECT l.issue_id, a.id, l.department_id, 2, 'reply', l.class2, '再次答复', NULL, l.reply2_at,
         l.reply2_at <= metrics.end_of_china_day(l.due2_day), 'r2'
    FROM bench_life l JOIN bench_assignment a ON a.issue_id = l.issue_id AND a.round = 2
   WHERE l.round2_replied`;

const INSERT_FEEDBACK_SQL = `
  INSERT INTO feedback (issue_id, round, rating, rated_at)
  SELECT issue_id, 1, rating, rate_at FROM bench_life WHERE is_rated
  UNION ALL
  SELECT issue_id, 2, rating2, rate2_at FROM bench_life WHERE round2_rated`;

const INSERT_EVENTS_SQL = `
  INSERT INTO issue_events (issue_id, step_key, type, actor_label, occurred_at, data)
  SELECT issue_id, 'intake:triage', 'triage', NULL, submitted_at, '{}' FROM bench_life WHERE in_triage
  UNION ALL
  SELECT issue_id, 'r1:assigned', 'assigned', NULL, assign_at, jsonb_build_object('dueAt', due_at)
    FROM bench_life WHERE NOT in_triage
  UNION ALL
  SELECT l.issue_id, 'r1:escalation:' || k, 'escalated', NULL,
         metrics.end_of_china_day(w.day), jsonb_build_object('level', k)
    FROM bench_life l CROSS JOIN generate_series(1, 3) k
    JOIN bench_wdo w ON w.ordinal = l.o_due + 3 * k
   WHERE k <= l.level_before AND NOT l.in_triage
  UNION ALL
  SELECT issue_id, 'r1:escalation:' || least(3, level_before + 1), 'escalated', NULL,
         metrics.end_of_china_day(promised_date), jsonb_build_object('trigger', 'follow_up_missed')
    FROM bench_life WHERE follow_up_missed AND level_before < 3
  UNION ALL
  SELECT issue_id, 'update:r1-' || n, 'replied', '答复人', reply_at, jsonb_build_object('replyClass', first_class)
    FROM bench_life WHERE has_reply
  UNION ALL
  SELECT issue_id, 'update:f1-' || n, 'follow_up_replied', '答复人', final_at, '{}' FROM bench_life WHERE has_follow_up

  UNION ALL
  SELECT issue_id, 'r2:assigned', 'assigned', NULL, rate_at, '{}' FROM bench_life WHERE round2
  UNION ALL
  SELECT issue_id, 'update:r2-' || n, 'replied', '答复人', reply2_at, '{}' FROM bench_life WHERE round2_replied
  UNION ALL
  SELECT issue_id, 'closed', 'closed', NULL, CASE WHEN round2 THEN rate2_at ELSE rate_at END, '{}'
    FROM bench_life WHERE (is_rated AND NOT round2) OR round2_rated`;

// ---------------------------------------------------------------------------------------------------------------
// Live transitions through the triggers, as the worker's recordTransition makes them

async function liveTransitions(db: DataSource): Promise<void> {
  const t0 = Date.now();
  await db.query(`SELECT setseed(0.77)`);
  // Replies to open issues: the row, the reply and the event, one transaction each batch.
  await db.transaction(async (tx) => {
    await tx.query(`
      CREATE TEMP TABLE bench_live ON COMMIT DROP AS
      SELECT i.id, (SELECT a.id FROM assignments a WHERE a.issue_id = i.id AND a.round = i.round LIMIT 1) AS assignment_id,
             i.lead_department_id, i.due_at
        FROM issues i WHERE i.status IN ('assigned', 'acknowledged', 'overdue') AND i.round = 1
         AND i.first_replied_at IS NULL ORDER BY i.id LIMIT 500`);
    await tx.query(`
      UPDATE issues i SET status = 'awaiting_feedback', reply_class = 'A', first_replied_at = now(), last_replied_at = now()
        FROM bench_live l WHERE l.id = i.id`);
    await tx.query(`
      INSERT INTO replies (issue_id, assignment_id, department_id, round, kind, reply_class, text, replied_at, on_time, request_id)
      SELECT id, assignment_id, lead_department_id, 1, 'reply', 'A', '答复', now(), now() <= due_at, 'live' FROM bench_live`);
    await tx.query(`
      INSERT INTO issue_events (issue_id, step_key, type, occurred_at) SELECT id, 'update:live-reply', 'replied', now() FROM bench_live`);
  });
  // Escalations of overdue issues.
  await db.query(`
    WITH picked AS (SELECT id FROM issues WHERE status = 'overdue' AND escalation_level = 0 ORDER BY id LIMIT 300),
    raised AS (UPDATE issues i SET status = 'escalated', escalation_level = 1 FROM picked WHERE picked.id = i.id RETURNING i.id)
    INSERT INTO issue_events (issue_id, step_key, type, occurred_at) SELECT id, 'r1:escalation:1', 'escalated', now() FROM raised`);
  // Ratings of replies awaiting them, and reassignments to another office of the same township.
  await db.query(`
    UPDATE issues SET status = 'closed', satisfaction = 'basically_satisfied', closed_at = now()
     WHERE id IN (SELECT id FROM issues WHERE status = 'awaiting_feedback' AND round = 1 ORDER BY id LIMIT 300)`);
  await db.query(`
    UPDATE issues i SET lead_department_id = d.id, assigned_at = now()
      FROM (SELECT i2.id AS issue_id, (SELECT d2.id FROM departments d2 WHERE d2.region_id = i2.township_region_id
                                        AND d2.id <> i2.lead_department_id ORDER BY d2.code LIMIT 1) AS id
              FROM issues i2 WHERE i2.status IN ('assigned', 'acknowledged') ORDER BY i2.id LIMIT 200) d
     WHERE d.issue_id = i.id AND d.id IS NOT NULL`);
  await db.query('ANALYZE metrics.issue_facts');
  say(
    `live transitions through the triggers (500 replies, 300 escalations, 300 ratings, 200 reassignments): ${Date.now() - t0} ms`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

interface Timing {
  p50: number;
  p95: number;
}

async function time<T>(runs: number, warmUp: number, run: () => Promise<T>): Promise<{ timing: Timing; result: T }> {
  let result = await run();
  for (let i = 1; i < warmUp; i++) result = await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = await run();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))];
  return { timing: { p50: at(0.5), p95: at(0.95) }, result };
}

/** The plain scan: no index of any kind may be used, so the records are read as they lie. */
async function plainScan<T>(db: DataSource, run: (repository: MetricsRepository) => Promise<T>): Promise<T> {
  return db.transaction(async (tx: EntityManager) => {
    await tx.query('SET LOCAL enable_indexscan = off');
    await tx.query('SET LOCAL enable_indexonlyscan = off');
    await tx.query('SET LOCAL enable_bitmapscan = off');
    return run(new MetricsRepository(tx, cipher));
  });
}

/** The repositories decrypt the voter rows they read; the bench's rows hold no phone, so any key does. */
const cipher = new PersonalDataCipher(personalDataKeySettings());

interface Row {
  scope: string;
  query: string;
  fast: Timing;
  plain: Timing;
  same: boolean;
}

async function measure(db: DataSource, scopes: Array<{ label: string; scope: MetricScope }>, period: Period) {
  const fastRepository = new MetricsRepository(db, cipher);
  const now = new Date();
  const rows: Row[] = [];
  for (const { label, scope } of scopes) {
    const fast = await time(RUNS, WARM_UP, () => fastRepository.counts(scope, period, now));
    const plain = await time(PLAIN_RUNS, 1, () => plainScan(db, (r) => r.referenceCounts(scope, period, now)));
    const same = isDeepStrictEqual(fast.result, plain.result);
    rows.push({ scope: label, query: 'rates', fast: fast.timing, plain: plain.timing, same });
    printCounts(label, fast.result, plain.result, same);

    const path = scope.kind === 'region' ? scope.path : '';
    for (const kind of ['escalated', 'due-soon', 'triage'] as QueueKind[]) {
      const request: QueueRequest = {
        kind,
        filter: { roots: [path] },
        now,
        limit: 20,
        offset: 0,
        dueWithinWorkingDays: 3,
      };
      // A page is the queue's ids in order plus their rows (names, last action): the rows are read by primary key
      // on both paths, as any implementation would.
      const fastQueue = await time(RUNS, WARM_UP, async () => {
        const ids = await fastRepository.queue(request);
        return { ...ids, rows: await fastRepository.issueRows(ids.ids) };
      });
      const plainQueue = await time(PLAIN_RUNS, 1, async () => {
        const ids = await plainScan(db, (r) => r.referenceQueue(request));
        return { ...ids, rows: await fastRepository.issueRows(ids.ids) };
      });
      const sameQueue =
        fastQueue.result.total === plainQueue.result.total &&
        isDeepStrictEqual(fastQueue.result.ids, plainQueue.result.ids);
      rows.push({
        scope: label,
        query: `queue ${kind}`,
        fast: fastQueue.timing,
        plain: plainQueue.timing,
        same: sameQueue,
      });
      say(`  ${label} queue ${kind}: ${fastQueue.result.total} issues, first page equal: ${sameQueue}`);
    }
  }
  return rows;
}

function printCounts(label: string, fast: MetricCounts, plain: MetricCounts, same: boolean): void {
  const s = summarize(fast);
  say(
    `  ${label}: collected ${s.counts.collected}, replied ${s.counts.replied} (${s.rates.replyRate.display}), ` +
      `on time ${s.rates.onTimeRate.display}, overdue now ${s.counts.overdueNow}, ` +
      `under supervision now ${s.counts.underSupervisionNow}, escalated ${s.counts.escalated}, ` +
      `A/B/C ${s.counts.classA}/${s.counts.classB}/${s.counts.classC} (resolution ${s.rates.resolutionRate.display}), ` +
      `satisfaction ${s.rates.satisfactionRate.display}, not rated ${s.counts.notRated}, ` +
      `median/p90 ${s.replyDays.median}/${s.replyDays.p90} working days, send-backs ${s.sendBacks} — ` +
      `plain scan agrees: ${same}`,
  );
  if (!same) say(`    fast:  ${JSON.stringify(fast)}\n    plain: ${JSON.stringify(plain)}`);
}

function printTable(rows: Row[]): void {
  const ms = (n: number) => n.toFixed(1).padStart(8);
  const header = `${'scope'.padEnd(10)} ${'query'.padEnd(16)} ${'fast p50'.padStart(8)} ${'fast p95'.padStart(8)} ${'plain p50'.padStart(9)} ${'plain p95'.padStart(9)} ${'speed-up'.padStart(9)}  same`;
  process.stdout.write(`\n${header}\n${'-'.repeat(header.length)}\n`);
  for (const r of rows) {
    const speedUp = r.plain.p50 / r.fast.p50;
    process.stdout.write(
      `${r.scope.padEnd(10)} ${r.query.padEnd(16)} ${ms(r.fast.p50)} ${ms(r.fast.p95)} ${ms(r.plain.p50).padStart(9)} ${ms(r.plain.p95).padStart(9)} ${`${speedUp.toFixed(0)}×`.padStart(9)}  ${r.same ? 'yes' : 'NO'}\n`,
    );
  }
  process.stdout.write('(milliseconds; speed-up = plain p50 / fast p50)\n\n');
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const database = await freshDatabase();
  let db: DataSource | undefined;
  let failed = false;
  try {
    db = await migrate(database.url);
    say('migrated');
    await load(db);
    const sizes = await db.query<Array<{ name: string; rows: string; size: string }>>(`
      SELECT c.oid::regclass::text AS name, c.reltuples::bigint AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
        FROM pg_class c WHERE c.oid IN ('issues'::regclass, 'issue_events'::regclass, 'replies'::regclass,
                                        'metrics.issue_facts'::regclass, 'metrics.daily_rollup'::regclass)`);
    for (const s of sizes) say(`  ${s.name}: ${Number(s.rows).toLocaleString('en')} rows, ${s.size}`);

    const scopeOf = async (code: string): Promise<{ label: string; scope: MetricScope }> => {
      const [r] = await db!.query<Array<{ id: string; path: string; level: 'city' | 'county' | 'township' }>>(
        `SELECT id, path, level FROM regions WHERE code = $1`,
        [code],
      );
      return { label: r.level, scope: { kind: 'region', id: r.id, path: r.path, level: r.level } };
    };
    const scopes = [await scopeOf('bench'), await scopeOf('c1'), await scopeOf('c1t1')];
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() + 8 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    void today;
    const period: Period = { from: yearAgo, to: tomorrow };

    say(
      `after the bulk load, period [${period.from}, ${period.to}), ${RUNS} fast runs and ${PLAIN_RUNS} plain runs each:`,
    );
    const rows = await measure(db, scopes, period);
    await liveTransitions(db);
    say('after the live transitions, the fast path against the plain scan once more:');
    const now = new Date();
    const repository = new MetricsRepository(db, cipher);
    let allSame = rows.every((r) => r.same);
    for (const { label, scope } of scopes) {
      const fast = await repository.counts(scope, period, now);
      const plain = await repository.referenceCounts(scope, period, now);
      const same = isDeepStrictEqual(fast, plain);
      allSame &&= same;
      printCounts(label, fast, plain, same);
    }
    printTable(rows);
    const worstP95 = Math.max(...rows.map((r) => r.fast.p95));
    const worstSpeedUp = Math.min(...rows.map((r) => r.plain.p50 / r.fast.p50));
    process.stdout.write(
      `fast p95 worst ${worstP95.toFixed(1)} ms (target < ${TARGET_P95_MS} ms): ${worstP95 < TARGET_P95_MS ? 'met' : 'MISSED'}\n` +
        `speed-up least ${worstSpeedUp.toFixed(0)}× (target ≥ ${TARGET_SPEED_UP}×): ${worstSpeedUp >= TARGET_SPEED_UP ? 'met' : 'MISSED'}\n` +
        `fast path equals plain scan everywhere: ${allSame ? 'yes' : 'NO'}\n`,
    );
    failed = !allSame;
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await db?.destroy();
    await database.cleanUp();
  }
  say(failed ? 'failed' : 'done');
  process.exit(failed ? 1 : 0);
}

void main();
