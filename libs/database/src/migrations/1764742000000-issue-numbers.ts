import type { MigrationInterface, QueryRunner } from 'typeorm';

// The readable issue number 事项编号 (issue #13, item 2): `YYX-2026-00123` — the region's prefix, the year of receipt
// in China time, a sequence per prefix and year. The prefix lives on the region (regions.number_prefix); an issue
// takes that of the nearest region above its place (or the place itself) that has one, and a place with none above it
// takes letters of its county's code, so no insert ever fails for want of a prefix.
//
// The number is given by a BEFORE INSERT trigger, not by each writer: issues are inserted by intake, the reception
// record, the demo data, fixtures and benchmarks, and one home keeps them all numbered alike. The counter is a row per
// prefix and year, bumped by an upsert in the inserting transaction: concurrent intakes of one county queue on that
// row for the rest of their (short) transaction and each gets the next value, and a rolled-back intake rolls its
// value back too — no gap, unlike a sequence, and no MAX()+1 race. (One gap remains possible: intake's
// ON CONFLICT DO NOTHING on a retried idempotency key fires the trigger before it finds the conflict.)
//
// Existing issues are numbered by this migration in receipt order (submitted_at, then id) and the counters start
// after them.
const KNOWN_PREFIXES: Record<string, string> = {
  // The demo data's city and county (libs/database/src/seed/demo-data.ts gives new databases the same).
  yueyang: 'YY',
  'yueyang-county': 'YYX',
};

export class IssueNumbers1764742000000 implements MigrationInterface {
  name = 'IssueNumbers1764742000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE regions ADD COLUMN number_prefix text NULL`);
    await queryRunner.query(
      `ALTER TABLE regions ADD CONSTRAINT ck_regions_number_prefix CHECK (number_prefix ~ '^[A-Z]{1,8}$')`,
    );
    for (const [code, prefix] of Object.entries(KNOWN_PREFIXES)) {
      await queryRunner.query(`UPDATE regions SET number_prefix = $2 WHERE code = $1`, [code, prefix]);
    }
    await queryRunner.query(`
      CREATE TABLE issue_number_counters (
        prefix text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        CONSTRAINT pk_issue_number_counters PRIMARY KEY (prefix, year),
        CONSTRAINT ck_issue_number_counters_last_value CHECK (last_value >= 1)
      )`);
    // The prefix of a place given by its path: the nearest region on the path with a prefix; failing that, up to
    // three letters of the county's code (the root's when there is no county), 'LL' (联络) when those have none.
    await queryRunner.query(`
      CREATE FUNCTION issue_number_prefix(place_path text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT coalesce(
          (SELECT r.number_prefix FROM regions r
            WHERE r.number_prefix IS NOT NULL AND (place_path = r.path OR place_path LIKE r.path || '/%')
            ORDER BY length(r.path) DESC LIMIT 1),
          (SELECT nullif(upper(left(regexp_replace(r.code, '[^A-Za-z]', '', 'g'), 3)), '') FROM regions r
            WHERE place_path = r.path OR place_path LIKE r.path || '/%'
            ORDER BY (r.level = 'county') DESC, length(r.path) LIMIT 1),
          'LL')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION issue_number_format(prefix text, year integer, seq integer) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT prefix || '-' || year || '-' || CASE WHEN seq < 100000 THEN lpad(seq::text, 5, '0') ELSE seq::text END
      $$`);
    await queryRunner.query(`ALTER TABLE issues ADD COLUMN number text NULL`);
    await queryRunner.query(`
      WITH numbered AS (
        SELECT id, issue_number_prefix(region_path) AS prefix,
               extract(year FROM submitted_at AT TIME ZONE 'Asia/Shanghai')::int AS year, submitted_at
          FROM issues
      ), ranked AS (
        SELECT id, prefix, year, row_number() OVER (PARTITION BY prefix, year ORDER BY submitted_at, id)::int AS seq
          FROM numbered
      ), counted AS (
        INSERT INTO issue_number_counters (prefix, year, last_value)
        SELECT prefix, year, max(seq) FROM ranked GROUP BY prefix, year
      )
      UPDATE issues i SET number = issue_number_format(r.prefix, r.year, r.seq) FROM ranked r WHERE r.id = i.id`);
    await queryRunner.query(`ALTER TABLE issues ALTER COLUMN number SET NOT NULL`);
    // text_pattern_ops: serves both `number = $1` and the prefix search `number LIKE 'YYX-2026-%'`.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_issues_number ON issues (number text_pattern_ops)`);
    await queryRunner.query(`
      CREATE FUNCTION issue_number_assign() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        number_prefix text := issue_number_prefix(NEW.region_path);
        number_year integer := extract(year FROM NEW.submitted_at AT TIME ZONE 'Asia/Shanghai')::int;
        seq integer;
      BEGIN
        INSERT INTO issue_number_counters AS c (prefix, year, last_value) VALUES (number_prefix, number_year, 1)
        ON CONFLICT (prefix, year) DO UPDATE SET last_value = c.last_value + 1
        RETURNING c.last_value INTO seq;
        NEW.number := issue_number_format(number_prefix, number_year, seq);
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER issues_number BEFORE INSERT ON issues
      FOR EACH ROW WHEN (NEW.number IS NULL) EXECUTE FUNCTION issue_number_assign()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER issues_number ON issues`);
    await queryRunner.query(`DROP FUNCTION issue_number_assign()`);
    await queryRunner.query(`DROP INDEX uq_issues_number`);
    await queryRunner.query(`ALTER TABLE issues DROP COLUMN number`);
    await queryRunner.query(`DROP FUNCTION issue_number_format(text, integer, integer)`);
    await queryRunner.query(`DROP FUNCTION issue_number_prefix(text)`);
    await queryRunner.query(`DROP TABLE issue_number_counters`);
    await queryRunner.query(`ALTER TABLE regions DROP CONSTRAINT ck_regions_number_prefix`);
    await queryRunner.query(`ALTER TABLE regions DROP COLUMN number_prefix`);
  }
}
