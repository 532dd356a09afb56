import type { MigrationInterface, QueryRunner } from 'typeorm';

// A voter's submission saved without its workflow (the API stopped, or Temporal was unreachable, between the two) is
// a submission nobody reminds anyone about: issue #15 item 1. The row says when its workflow was known to exist; the
// worker's voter intake reconciler starts the workflow of each pending row without one. Decided rows need none any
// more; pending ones from before are left null: the reconciler's start is a no-op for those that have one and notes it.
export class VoterSubmissionWorkflowStarted1764765000000 implements MigrationInterface {
  name = 'VoterSubmissionWorkflowStarted1764765000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE voter_submissions ADD COLUMN workflow_started_at timestamptz NULL`);
    await queryRunner.query(
      `UPDATE voter_submissions SET workflow_started_at = submitted_at WHERE status <> 'pending'`,
    );
    // The reconciler's query: a small slice of the table, found without a scan.
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_without_workflow ON voter_submissions (submitted_at, id)
        WHERE workflow_started_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_voter_submissions_without_workflow`);
    await queryRunner.query(`ALTER TABLE voter_submissions DROP COLUMN workflow_started_at`);
  }
}
