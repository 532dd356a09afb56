import type { MigrationInterface, QueryRunner } from 'typeorm';

// Personal data kept only as long as needed (issue #16, item 2). A closed issue's voter name, phone, ID number and
// address are erased VOTER_DATA_RETENTION_DAYS after it closed (issues.voter_data_erased_at says when); records of
// unmasked reads are deleted after ACCESS_LOG_RETENTION_DAYS. Each nightly run is recorded in
// operations.retention_runs, each check of the hash chains in operations.record_checks. The access log is hash-chained (1764736000000-record-chains): its rows go, their links
// stay (hashes only), and records.prunes says up to which link of a stream rows were removed by retention and by
// which cutoff — so the verifier tells a row retention removed from one someone deleted.
export class VoterDataRetention1764737000000 implements MigrationInterface {
  name = 'VoterDataRetention1764737000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE issues ADD COLUMN voter_data_erased_at timestamptz NULL`);
    await queryRunner.query(`
      CREATE INDEX ix_issues_voter_data_due ON issues (closed_at)
      WHERE status = 'closed' AND voter_data_erased_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE operations.retention_runs (
        id bigint GENERATED ALWAYS AS IDENTITY,
        run_key text NOT NULL,
        as_of timestamptz NOT NULL,
        voter_data_closed_before timestamptz NOT NULL,
        access_logs_before timestamptz NOT NULL,
        erased_issues integer NOT NULL DEFAULT 0,
        pruned_access_logs integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        CONSTRAINT pk_retention_runs PRIMARY KEY (id),
        CONSTRAINT uq_retention_runs_run_key UNIQUE (run_key)
      )`);
    // Each nightly check of the hash chains (libs/records), the first problems found, and the digest it signed.
    await queryRunner.query(`
      CREATE TABLE operations.record_checks (
        id bigint GENERATED ALWAYS AS IDENTITY,
        run_key text NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        ok boolean NOT NULL,
        rows_checked bigint NOT NULL,
        problems integer NOT NULL,
        first_problems jsonb NOT NULL DEFAULT '[]',
        digest_file text NULL,
        CONSTRAINT pk_record_checks PRIMARY KEY (id),
        CONSTRAINT uq_record_checks_run_key UNIQUE (run_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE records.prunes (
        stream text NOT NULL,
        through_seq bigint NOT NULL,
        cutoff timestamptz NOT NULL,
        pruned_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_prunes PRIMARY KEY (stream, through_seq)
      )`);
    await queryRunner.query(`
      CREATE TRIGGER prunes_no_update_or_delete BEFORE UPDATE OR DELETE ON records.prunes
      FOR EACH ROW EXECUTE FUNCTION records.append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER prunes_no_truncate BEFORE TRUNCATE ON records.prunes
      FOR EACH STATEMENT EXECUTE FUNCTION records.append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE records.prunes`);
    await queryRunner.query(`DROP TABLE operations.record_checks`);
    await queryRunner.query(`DROP TABLE operations.retention_runs`);
    await queryRunner.query(`DROP INDEX ix_issues_voter_data_due`);
    await queryRunner.query(`ALTER TABLE issues DROP COLUMN voter_data_erased_at`);
  }
}
