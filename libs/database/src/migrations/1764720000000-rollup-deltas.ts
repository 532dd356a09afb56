import type { MigrationInterface, QueryRunner } from 'typeorm';

// Takes metrics.daily_rollup off the transition's transaction (issue #21). Until now the trigger on issue_facts
// updated the shared per-day rows of the issue's city, county, township, station and lead department in place: in
// two statements per change (the old share out, the new one in), and twice in a transition that writes the issue and
// a reply, so two transactions could lock those rows in opposite orders and deadlock; and every transition of a
// county's day queued on the same city and county rows.
//
// Now the trigger only appends: one row to metrics.rollup_deltas per rollup key the change moves (the old share
// taken from the new one, keys whose net change is nil left out). An insert-only table takes no row lock another
// transaction waits for, so no transition waits for another's rollup and none can deadlock on it. A single writer,
// metrics.fold_rollup_deltas() (the worker calls it every few seconds), moves the deltas into daily_rollup in one
// transaction; the read path sums daily_rollup and the deltas not yet folded, in one snapshot, so every figure stays
// exact whether or not a fold has run.
//
// issue_facts' counters, their shares and the rollup's inputs are written out again here as they stood in
// 1764300000000-supervision-metrics (a migration is a snapshot: it must not follow later edits of another).
export class RollupDeltas1764720000000 implements MigrationInterface {
  name = 'RollupDeltas1764720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.rollup_deltas (
        dim text NOT NULL,
        dim_id uuid NOT NULL,
        day date NOT NULL,
        ${ROLLUP_COUNTERS.map((c) => `${c} integer NOT NULL`).join(',\n        ')},
        reply_days integer[] NOT NULL
      )`);
    // The read path looks deltas up by key and day, as it does daily_rollup.
    await queryRunner.query(`CREATE INDEX ix_rollup_deltas_key ON metrics.rollup_deltas (dim, dim_id, day)`);

    // Two histograms added element by element (the shorter one padded with zeros); and their sum as an aggregate.
    await queryRunner.query(`
      CREATE FUNCTION metrics.hist_plus(a integer[], b integer[]) RETURNS integer[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY n), '{}')
          FROM unnest(a, b) WITH ORDINALITY AS u(x, y, n)
      $$`);
    await queryRunner.query(`
      CREATE AGGREGATE metrics.hist_sum(integer[]) (SFUNC = metrics.hist_plus, STYPE = integer[], INITCOND = '{}')`);

    // One issue's share of each rollup key it counts in, times direction (1: added, -1: taken away).
    await queryRunner.query(`
      CREATE FUNCTION metrics.rollup_shares(f metrics.issue_facts, direction integer)
      RETURNS TABLE (dim text, dim_id uuid, day date, ${ROLLUP_COUNTERS.map((c) => `${c} integer`).join(', ')},
                     reply_days integer[])
      LANGUAGE sql STABLE AS $$
        SELECT k.dim, k.dim_id, f.submitted_day, ${ROLLUP_COUNTERS.map((c) => `direction * (${SHARE[c]})`).join(', ')},
               metrics.hist_bump('{}', f.reply_working_days, direction)
          FROM (SELECT 'region' AS dim, unnest(f.region_ids) AS dim_id
                UNION ALL SELECT 'station', f.station_id
                UNION ALL SELECT 'department', f.lead_department_id) k
         WHERE k.dim_id IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION metrics.on_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('metrics.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND (${ROLLUP_INPUTS.map((c) => `OLD.${c}`).join(', ')})
           IS NOT DISTINCT FROM (${ROLLUP_INPUTS.map((c) => `NEW.${c}`).join(', ')}) THEN
          RETURN NULL;
        END IF;
        INSERT INTO metrics.rollup_deltas (dim, dim_id, day, ${ROLLUP_COUNTERS.join(', ')}, reply_days)
        SELECT s.dim, s.dim_id, s.day, ${ROLLUP_COUNTERS.map((c) => `sum(s.${c})`).join(', ')},
               metrics.hist_sum(s.reply_days)
          FROM (SELECT * FROM metrics.rollup_shares(OLD, -1) WHERE TG_OP IN ('UPDATE', 'DELETE')
                UNION ALL
                SELECT * FROM metrics.rollup_shares(NEW, 1) WHERE TG_OP IN ('INSERT', 'UPDATE')) s
         GROUP BY s.dim, s.dim_id, s.day
        HAVING NOT (${ROLLUP_COUNTERS.map((c) => `sum(s.${c}) = 0`).join(' AND ')}
                    AND 0 = ALL (metrics.hist_sum(s.reply_days)));
        RETURN NULL;
      END $$`);

    // The single writer of daily_rollup. Takes every delta committed so far, sums them per key and adds the sums
    // (in key order) in the same transaction, so a reader sees each delta either in the deltas or in the rollup,
    // never in both nor in neither. A second caller while one folds returns at once (0) rather than queue.
    await queryRunner.query(`
      CREATE FUNCTION metrics.fold_rollup_deltas() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        folded integer;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(${FOLD_LOCK}) THEN RETURN 0; END IF;
        WITH taken AS (DELETE FROM metrics.rollup_deltas RETURNING *),
        summed AS (
          SELECT dim, dim_id, day, ${ROLLUP_COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(', ')},
                 metrics.hist_sum(reply_days) AS reply_days, count(*)::int AS n
            FROM taken GROUP BY dim, dim_id, day
        ),
        written AS (
          INSERT INTO metrics.daily_rollup AS r (dim, dim_id, day, ${ROLLUP_COUNTERS.join(', ')}, reply_days)
          SELECT dim, dim_id, day, ${ROLLUP_COUNTERS.join(', ')}, reply_days FROM summed ORDER BY dim, dim_id, day
          ON CONFLICT (dim, dim_id, day) DO UPDATE SET
            ${ROLLUP_COUNTERS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(',\n            ')},
            reply_days = metrics.hist_plus(r.reply_days, EXCLUDED.reply_days)
        )
        SELECT coalesce(sum(n), 0)::int INTO folded FROM summed;
        RETURN folded;
      END $$`);

    // A rebuild recomputes daily_rollup from the facts, so the deltas it covers go with it. It waits for a fold in
    // progress (and keeps the next one out) first: the fold and the rebuild take the two tables in opposite orders.
    await queryRunner.query(`ALTER FUNCTION metrics.rebuild() RENAME TO rebuild_facts_and_rollup`);
    await queryRunner.query(`
      CREATE FUNCTION metrics.rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
        PERFORM metrics.rebuild_facts_and_rollup();
        TRUNCATE metrics.rollup_deltas;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Back to upkeep in place first, so no new delta is written; then wait for writers still adding deltas and for a
    // fold in progress, and fold what is left before the table goes (a fold that found the lock taken would fold
    // nothing, and deltas committed after it would be dropped with the table).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION metrics.on_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`LOCK TABLE metrics.rollup_deltas IN EXCLUSIVE MODE`);
    await queryRunner.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
    await queryRunner.query(`SELECT metrics.fold_rollup_deltas()`);
    await queryRunner.query(`DROP FUNCTION metrics.rebuild()`);
    await queryRunner.query(`ALTER FUNCTION metrics.rebuild_facts_and_rollup() RENAME TO rebuild`);
    await queryRunner.query(`DROP FUNCTION metrics.fold_rollup_deltas()`);
    await queryRunner.query(`DROP FUNCTION metrics.rollup_shares(metrics.issue_facts, integer)`);
    await queryRunner.query(`DROP AGGREGATE metrics.hist_sum(integer[])`);
    await queryRunner.query(`DROP FUNCTION metrics.hist_plus(integer[], integer[])`);
    await queryRunner.query(`DROP TABLE metrics.rollup_deltas`);
  }
}

/** The advisory lock that makes the fold a single writer (any constant no other lock uses: "rollup" in ASCII). */
const FOLD_LOCK = 0x726f6c6c7570;

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
