import type { MigrationInterface, QueryRunner } from 'typeorm';

// Claims with a lease instead of a transaction or lock held across a call to another service (Temporal, SMTP), which
// pinned a pooled connection for as long as that service took to answer.
//
// reply_link_uses: a reply link is claimed for one submission before the API sends the reply to the workflow, and used up only when
// the workflow accepts it. The claim replaces an advisory lock held in a transaction across the Temporal call (which
// pinned a pooled connection per waiting submission for up to 30 s):
//
//   status         'claimed' while one submission is with the workflow, 'used' once its reply was accepted
//   claim_id       which submission holds the claim, so a late one cannot release a newer claim
//   claimed_until  when a claim lapses (a process that died mid-submission leaves one behind); NULL once used
//
// used_at is when the link was claimed or, once used, when it was used up. Rows before this migration were used.
//
// mail_outbox.claimed_until: the API's own mail (AttendanceMailer) claims its pending row until then while it talks to
// the SMTP server, instead of holding the row locked in an open transaction.
export class ClaimsNotHeldLocks1764710000000 implements MigrationInterface {
  name = 'ClaimsNotHeldLocks1764710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reply_link_uses
        ADD COLUMN status text NOT NULL DEFAULT 'used',
        ADD COLUMN claim_id uuid NULL,
        ADD COLUMN claimed_until timestamptz NULL,
        ADD CONSTRAINT ck_reply_link_uses_status CHECK (status IN ('claimed', 'used')),
        ADD CONSTRAINT ck_reply_link_uses_claim
          CHECK ((status = 'claimed') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN claimed_until timestamptz NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE mail_outbox DROP COLUMN claimed_until`);
    await queryRunner.query(`DELETE FROM reply_link_uses WHERE status = 'claimed'`);
    await queryRunner.query(`
      ALTER TABLE reply_link_uses
        DROP CONSTRAINT ck_reply_link_uses_claim,
        DROP CONSTRAINT ck_reply_link_uses_status,
        DROP COLUMN claimed_until,
        DROP COLUMN claim_id,
        DROP COLUMN status`);
  }
}
