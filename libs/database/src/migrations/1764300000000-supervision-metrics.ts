import type { MigrationInterface, QueryRunner } from 'typeorm';

// The supervision read model's derived data, kept by triggers so that nothing in the application has to remember it:
//
//   metrics.working_days    one row per day 2000-2099 with the running count of working days (official calendar),
//                           so "working days between two dates" is one subtraction
//   metrics.issue_facts     one row per issue: what the rates, drill-down lists and queues need, refreshed whenever
//                           the issue row, its replies or its escalation events change (metrics.issue_fact_source
//                           is the one definition, used by the triggers and by metrics.rebuild() alike)
//   metrics.daily_rollup    per (city/county/township region | station | lead department, day of collection): the
//                           sums of issue_facts, kept by a trigger on issue_facts that adds the new row's share and
//                           takes away the old one's
//   issue_events_notify     pg_notify('issue_events', {id, issueId, type, regionPath, at}) for the API's live updates
//
// It all lives in its own schema: no entity describes it (nothing writes it but the triggers), and the public schema
// stays exactly what the entities describe.
export class SupervisionMetrics1764300000000 implements MigrationInterface {
  name = 'SupervisionMetrics1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA metrics`);

    // ----------------------------------------------------------------------------------------------------------------
    // Calendar helpers

    await queryRunner.query(`
      CREATE FUNCTION metrics.china_day(instant timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (instant AT TIME ZONE 'Asia/Shanghai')::date $$`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.end_of_china_day(day date) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ((day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond'
      $$`);
    // 'a/b/c' → {a, a/b, a/b/c}: the paths of a place and of every region above it.
    await queryRunner.query(`
      CREATE FUNCTION metrics.path_prefixes(path text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        prefixes text[] := '{}';
        at integer := 0;
        step integer;
      BEGIN
        LOOP
          step := strpos(substr(path, at + 1), '/');
          EXIT WHEN step = 0;
          at := at + step;
          prefixes := prefixes || left(path, at - 1);
        END LOOP;
        RETURN prefixes || path;
      END $$`);

    await queryRunner.query(`
      CREATE TABLE metrics.working_days (
        day date NOT NULL,
        working boolean NOT NULL,
        ordinal integer NOT NULL,
        CONSTRAINT pk_working_days PRIMARY KEY (day)
      )`);
    // The weekday rule, with the official calendar's holidays off and make-up days on (as libs/calendar counts).
    await queryRunner.query(`
      CREATE FUNCTION metrics.refresh_working_days() RETURNS void LANGUAGE sql AS $$
        DELETE FROM metrics.working_days;
        INSERT INTO metrics.working_days (day, working, ordinal)
        SELECT day, working, sum(working::int) OVER (ORDER BY day)
          FROM (SELECT g::date AS day,
                       CASE c.kind WHEN 'holiday' THEN false WHEN 'workday' THEN true
                            ELSE extract(isodow FROM g) < 6 END AS working
                  FROM generate_series(date '2000-01-01', date '2099-12-31', interval '1 day') g
                  LEFT JOIN public.calendar_days c ON c.day = g::date) days;
      $$`);
    await queryRunner.query(`SELECT metrics.refresh_working_days()`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.on_calendar_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM metrics.refresh_working_days();
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER calendar_days_metrics AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
      FOR EACH STATEMENT EXECUTE FUNCTION metrics.on_calendar_change()`);
    // Working days in (a, b], as libs/calendar's workingDaysBetween; negative when b is before a.
    await queryRunner.query(`
      CREATE FUNCTION metrics.working_days_between(a date, b date) RETURNS integer
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT (SELECT ordinal FROM metrics.working_days WHERE day = b) - (SELECT ordinal FROM metrics.working_days WHERE day = a)
      $$`);

    // A histogram as an array: element k + 1 counts the issues whose first reply took k working days.
    await queryRunner.query(`
      CREATE FUNCTION metrics.hist_bump(h integer[], k integer, delta integer) RETURNS integer[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        n integer := coalesce(cardinality(h), 0);
      BEGIN
        IF h IS NULL THEN h := '{}'; END IF;
        IF k IS NULL OR delta = 0 THEN RETURN h; END IF;
        IF n < k + 1 THEN h := h || array_fill(0, ARRAY[k + 1 - n]); END IF;
        h[k + 1] := h[k + 1] + delta;
        RETURN h;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.hist_add(h integer[], k integer) RETURNS integer[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT metrics.hist_bump(h, k, 1) $$`);
    await queryRunner.query(`
      CREATE AGGREGATE metrics.hist_agg(integer) (SFUNC = metrics.hist_add, STYPE = integer[], INITCOND = '{}')`);

    // ----------------------------------------------------------------------------------------------------------------
    // One row per issue

    await queryRunner.query(`
      CREATE TABLE metrics.issue_facts (
        issue_id uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        submitted_day date NOT NULL,
        region_path text NOT NULL,
        region_ids uuid[] NOT NULL,
        station_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        category_id uuid NOT NULL,
        lead_department_id uuid NULL,
        status text NOT NULL,
        is_open boolean NOT NULL,
        escalation_level integer NOT NULL,
        deadline_at timestamptz NULL,
        assigned smallint NOT NULL,
        replied smallint NOT NULL,
        replied_on_time smallint NOT NULL,
        reply_working_days integer NULL,
        reply_class text NULL,
        satisfaction text NULL,
        escalated smallint NOT NULL,
        send_backs integer NOT NULL,
        CONSTRAINT pk_issue_facts PRIMARY KEY (issue_id),
        CONSTRAINT fk_issue_facts_issue FOREIGN KEY (issue_id) REFERENCES public.issues (id) ON DELETE CASCADE
      )`);
    for (const index of FACT_INDEXES) await queryRunner.query(index.create);

    // The city, county and township a path lies in (or is), root first: the regions whose rollup an issue adds to.
    await queryRunner.query(`
      CREATE FUNCTION metrics.rollup_regions(place_path text) RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT r.id FROM public.regions r
                      WHERE r.path = ANY (metrics.path_prefixes(rollup_regions.place_path)) AND r.level <> 'village'
                      ORDER BY length(r.path))
      $$`);
    // Per region once, so that a rebuild joins a thousand rows instead of computing a million arrays.
    await queryRunner.query(`
      CREATE VIEW metrics.region_rollup_regions AS
      SELECT r.path, metrics.rollup_regions(r.path) AS ids FROM public.regions r`);

    // The one definition of an issue's facts (see libs/metrics/src/metric-definitions.ts for what each means).
    await queryRunner.query(`
      CREATE VIEW metrics.issue_fact_source AS
      SELECT i.id AS issue_id,
             i.submitted_at,
             metrics.china_day(i.submitted_at) AS submitted_day,
             i.region_path,
             coalesce(place.ids, metrics.rollup_regions(i.region_path)) AS region_ids,
             i.station_id,
             i.deputy_id,
             i.category_id,
             i.lead_department_id,
             i.status,
             i.status NOT IN ('closed', 'awaiting_feedback') AS is_open,
             i.escalation_level,
             CASE WHEN i.status IN ('assigned', 'acknowledged', 'overdue', 'escalated') THEN i.due_at
                  WHEN i.status = 'follow_up' THEN metrics.end_of_china_day(i.promised_date) END AS deadline_at,
             (i.assigned_at IS NOT NULL)::int::smallint AS assigned,
             (i.first_replied_at IS NOT NULL)::int::smallint AS replied,
             (i.first_replied_at IS NOT NULL AND coalesce(first_reply.on_time, false))::int::smallint AS replied_on_time,
             CASE WHEN i.first_replied_at IS NOT NULL THEN greatest(0, metrics.working_days_between(
               metrics.china_day(i.submitted_at), metrics.china_day(i.first_replied_at))) END AS reply_working_days,
             i.reply_class,
             i.satisfaction,
             EXISTS (SELECT 1 FROM public.issue_events e
                      WHERE e.issue_id = i.id AND e.type = 'escalated')::int::smallint AS escalated,
             i.send_back_count AS send_backs
        FROM public.issues i
        LEFT JOIN metrics.region_rollup_regions place ON place.path = i.region_path
        LEFT JOIN LATERAL (SELECT r.on_time FROM public.replies r
                            WHERE r.issue_id = i.id AND r.kind = 'reply'
                            ORDER BY r.replied_at, r.id LIMIT 1) first_reply ON true`);

    await queryRunner.query(`
      CREATE FUNCTION metrics.refresh_issue_fact(p_issue_id uuid) RETURNS void LANGUAGE sql AS $$
        INSERT INTO metrics.issue_facts AS f SELECT * FROM metrics.issue_fact_source s WHERE s.issue_id = p_issue_id
        ON CONFLICT (issue_id) DO UPDATE SET (${FACT_COLUMNS.join(', ')}) =
          (${FACT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})
        WHERE (${FACT_COLUMNS.map((c) => `f.${c}`).join(', ')}) IS DISTINCT FROM
          (${FACT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')});
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.on_issue_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM metrics.refresh_issue_fact(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.on_issue_child_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM metrics.refresh_issue_fact(NEW.issue_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER issues_metrics AFTER INSERT OR UPDATE ON issues
      FOR EACH ROW EXECUTE FUNCTION metrics.on_issue_change()`);
    await queryRunner.query(`
      CREATE TRIGGER replies_metrics AFTER INSERT OR UPDATE ON replies
      FOR EACH ROW EXECUTE FUNCTION metrics.on_issue_child_change()`);
    await queryRunner.query(`
      CREATE TRIGGER issue_events_metrics AFTER INSERT ON issue_events
      FOR EACH ROW WHEN (NEW.type = 'escalated') EXECUTE FUNCTION metrics.on_issue_child_change()`);

    // ----------------------------------------------------------------------------------------------------------------
    // Sums per region (city, county, township), station and lead department, by day of collection

    await queryRunner.query(`
      CREATE TABLE metrics.daily_rollup (
        dim text NOT NULL,
        dim_id uuid NOT NULL,
        day date NOT NULL,
        ${ROLLUP_COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n        ')},
        reply_days integer[] NOT NULL DEFAULT '{}',
        CONSTRAINT pk_daily_rollup PRIMARY KEY (dim, dim_id, day),
        CONSTRAINT ck_daily_rollup_dim CHECK (dim IN ('region', 'station', 'department'))
      )`);
    // Adds (direction 1) or takes away (direction -1) one issue's share. Rows are locked in key order, so two transactions
    // that touch the same rows wait for each other instead of deadlocking.
    await queryRunner.query(`
      CREATE FUNCTION metrics.add_to_rollup(f metrics.issue_facts, direction integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO metrics.daily_rollup AS r (dim, dim_id, day, ${ROLLUP_COUNTERS.join(', ')}, reply_days)
        SELECT k.dim, k.dim_id, f.submitted_day, ${ROLLUP_COUNTERS.map((c) => `direction * (${SHARE[c]})`).join(', ')},
               metrics.hist_bump('{}', f.reply_working_days, direction)
          FROM (SELECT 'region' AS dim, unnest(f.region_ids) AS dim_id
                UNION ALL SELECT 'station', f.station_id
                UNION ALL SELECT 'department', f.lead_department_id) k
         WHERE k.dim_id IS NOT NULL
         ORDER BY k.dim, k.dim_id
        ON CONFLICT (dim, dim_id, day) DO UPDATE SET
          ${ROLLUP_COUNTERS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(',\n          ')},
          reply_days = metrics.hist_bump(r.reply_days, f.reply_working_days, direction);
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.on_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('metrics.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND (${ROLLUP_INPUTS.map((c) => `OLD.${c}`).join(', ')})
           IS NOT DISTINCT FROM (${ROLLUP_INPUTS.map((c) => `NEW.${c}`).join(', ')}) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM metrics.add_to_rollup(OLD, -1); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM metrics.add_to_rollup(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER issue_facts_rollup AFTER INSERT OR UPDATE OR DELETE ON metrics.issue_facts
      FOR EACH ROW EXECUTE FUNCTION metrics.on_fact_change()`);

    // Recomputes everything from the records: for a bulk load, or after a past year's holiday schedule changed. The
    // tables are refilled without their secondary indexes, which are built again at the end: readers of the metrics
    // tables wait for it to commit.
    await queryRunner.query(`
      CREATE FUNCTION metrics.rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('metrics.rebuilding', 'on', true);
        TRUNCATE metrics.daily_rollup, metrics.issue_facts;
        ${FACT_INDEXES.map((index) => `DROP INDEX metrics.${index.name};`).join('\n        ')}
        INSERT INTO metrics.issue_facts SELECT * FROM metrics.issue_fact_source;
        INSERT INTO metrics.daily_rollup (dim, dim_id, day, ${ROLLUP_COUNTERS.join(', ')}, reply_days)
        SELECT k.dim, k.dim_id, f.submitted_day, ${ROLLUP_COUNTERS.map((c) => `sum(${SHARE[c]})`).join(', ')},
               metrics.hist_agg(f.reply_working_days)
          FROM metrics.issue_facts f
         CROSS JOIN LATERAL (SELECT 'region' AS dim, unnest(f.region_ids) AS dim_id
                             UNION ALL SELECT 'station', f.station_id
                             UNION ALL SELECT 'department', f.lead_department_id) k
         WHERE k.dim_id IS NOT NULL
         GROUP BY k.dim, k.dim_id, f.submitted_day;
        ${FACT_INDEXES.map((index) => `${index.create};`).join('\n        ')}
        PERFORM set_config('metrics.rebuilding', 'off', true);
      END $$`);
    await queryRunner.query(`SELECT metrics.rebuild()`);

    // ----------------------------------------------------------------------------------------------------------------
    // Live updates: every recorded transition is announced; the API listens and fans out by scope.

    await queryRunner.query(`
      CREATE FUNCTION public.notify_issue_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('issue_events', json_build_object(
          'id', NEW.id::text,
          'issueId', NEW.issue_id,
          'type', NEW.type,
          'regionPath', (SELECT region_path FROM public.issues WHERE id = NEW.issue_id),
          'at', NEW.occurred_at)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER issue_events_notify AFTER INSERT ON issue_events
      FOR EACH ROW EXECUTE FUNCTION public.notify_issue_event()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER issue_events_notify ON issue_events`);
    await queryRunner.query(`DROP FUNCTION public.notify_issue_event()`);
    await queryRunner.query(`DROP TRIGGER issue_events_metrics ON issue_events`);
    await queryRunner.query(`DROP TRIGGER replies_metrics ON replies`);
    await queryRunner.query(`DROP TRIGGER issues_metrics ON issues`);
    await queryRunner.query(`DROP TRIGGER calendar_days_metrics ON calendar_days`);
    await queryRunner.query(`DROP SCHEMA metrics CASCADE`);
  }
}

/** issue_facts' secondary indexes: made by the migration, and dropped and made again by metrics.rebuild(). */
const FACT_INDEXES = [
  {
    name: 'ix_issue_facts_region',
    create: 'CREATE INDEX ix_issue_facts_region ON metrics.issue_facts (region_path text_pattern_ops, submitted_day)',
  },
  {
    name: 'ix_issue_facts_station',
    create: 'CREATE INDEX ix_issue_facts_station ON metrics.issue_facts (station_id, submitted_day)',
  },
  {
    name: 'ix_issue_facts_department',
    create: 'CREATE INDEX ix_issue_facts_department ON metrics.issue_facts (lead_department_id, submitted_day)',
  },
  {
    name: 'ix_issue_facts_deputy',
    create: 'CREATE INDEX ix_issue_facts_deputy ON metrics.issue_facts (deputy_id, submitted_day)',
  },
  {
    // The open issues are few: the queues and the "now" figures read them alone, from this index only (it carries
    // every column they test), so a city's queue never touches the table.
    name: 'ix_issue_facts_open',
    create:
      'CREATE INDEX ix_issue_facts_open ON metrics.issue_facts (region_path text_pattern_ops, submitted_day) ' +
      'INCLUDE (issue_id, status, escalation_level, deadline_at, replied, category_id, lead_department_id, station_id, ' +
      'submitted_at) WHERE is_open',
  },
  {
    // Open issues by deadline: those past it (the escalation queue, the late ones), those due soon.
    name: 'ix_issue_facts_open_deadline',
    create:
      'CREATE INDEX ix_issue_facts_open_deadline ON metrics.issue_facts (deadline_at) ' +
      'INCLUDE (issue_id, region_path, submitted_day, submitted_at, status, escalation_level, replied, category_id, ' +
      'lead_department_id, station_id) WHERE is_open AND deadline_at IS NOT NULL',
  },
  {
    // Open issues overdue or escalated by status or level, whatever their deadline says.
    name: 'ix_issue_facts_open_flagged',
    create:
      'CREATE INDEX ix_issue_facts_open_flagged ON metrics.issue_facts (region_path text_pattern_ops, submitted_day) ' +
      'INCLUDE (issue_id, deadline_at, submitted_at, status, escalation_level, category_id, lead_department_id, ' +
      "station_id) WHERE is_open AND (status IN ('overdue', 'escalated') OR escalation_level > 0)",
  },
  {
    // Issues waiting for triage: a handful at any time.
    name: 'ix_issue_facts_triage',
    create:
      'CREATE INDEX ix_issue_facts_triage ON metrics.issue_facts (region_path text_pattern_ops) ' +
      'INCLUDE (issue_id, submitted_at, escalation_level, deadline_at, category_id, lead_department_id, station_id) ' +
      "WHERE is_open AND status = 'triage'",
  },
];

/** issue_facts' columns after the key, in table order. */
const FACT_COLUMNS = [
  'submitted_at',
  'submitted_day',
  'region_path',
  'region_ids',
  'station_id',
  'deputy_id',
  'category_id',
  'lead_department_id',
  'status',
  'is_open',
  'escalation_level',
  'deadline_at',
  'assigned',
  'replied',
  'replied_on_time',
  'reply_working_days',
  'reply_class',
  'satisfaction',
  'escalated',
  'send_backs',
];

/** The columns an issue's share of the rollup depends on: a change in any other (status…) leaves the sums alone. */
const ROLLUP_INPUTS = [
  'submitted_day',
  'region_ids',
  'station_id',
  'lead_department_id',
  'assigned',
  'replied',
  'replied_on_time',
  'reply_working_days',
  'reply_class',
  'satisfaction',
  'escalated',
  'send_backs',
];

/** Each rollup counter, and one issue's share of it as an expression over issue_facts `f`. */
const SHARE = {
  collected: '1',
  assigned: 'f.assigned',
  replied: 'f.replied',
  replied_on_time: 'f.replied_on_time',
  class_a: `(f.reply_class = 'A' IS TRUE)::int`,
  class_b: `(f.reply_class = 'B' IS TRUE)::int`,
  class_c: `(f.reply_class = 'C' IS TRUE)::int`,
  satisfied: `(f.satisfaction = 'satisfied' IS TRUE)::int`,
  basically_satisfied: `(f.satisfaction = 'basically_satisfied' IS TRUE)::int`,
  unsatisfied: `(f.satisfaction = 'unsatisfied' IS TRUE)::int`,
  not_rated: `(f.satisfaction = 'not_rated' IS TRUE)::int`,
  escalated: 'f.escalated',
  sent_back: '(f.send_backs > 0)::int',
  send_backs: 'f.send_backs',
} as const;

const ROLLUP_COUNTERS = Object.keys(SHARE) as (keyof typeof SHARE)[];
