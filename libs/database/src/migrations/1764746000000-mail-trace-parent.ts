import type { MigrationInterface, QueryRunner } from 'typeorm';

// A trace across the mail outbox (issue #14 item 6): the step that records a mail runs inside a trace (the issue's
// submission → its workflow → the activity), but the SMTP exchange happens later, in the deliverer, outside it. The
// row keeps the W3C `traceparent` of the span that recorded it, so the deliverer's SMTP span joins that trace.
// NULL when tracing is off (the default), and for rows recorded before this column.
export class MailTraceParent1764746000000 implements MigrationInterface {
  name = 'MailTraceParent1764746000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN trace_parent text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE mail_outbox DROP COLUMN trace_parent`);
  }
}
