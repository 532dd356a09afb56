import type { MigrationInterface, QueryRunner } from 'typeorm';

// Merging a repeated issue into another (重复件合并, issue #15 item 4): the merged issue points at the one whose
// handling and reply stand for both. Set once, by the merged issue's workflow step; never at itself. Indexed for the
// other direction: the target's replies and closing reach the deputies and voters of the issues merged into it.
export class MergedIssues1764764000000 implements MigrationInterface {
  name = 'MergedIssues1764764000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE issues
        ADD COLUMN merged_into_issue_id uuid NULL
          CONSTRAINT fk_issues_merged_into REFERENCES issues (id),
        ADD CONSTRAINT ck_issues_not_merged_into_itself CHECK ("merged_into_issue_id" <> "id")`);
    await queryRunner.query(
      `CREATE INDEX ix_issues_merged_into ON issues (merged_into_issue_id) WHERE merged_into_issue_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_issues_merged_into`);
    await queryRunner.query(
      `ALTER TABLE issues DROP CONSTRAINT ck_issues_not_merged_into_itself, DROP COLUMN merged_into_issue_id`,
    );
  }
}
