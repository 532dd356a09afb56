import type { MigrationInterface, QueryRunner } from 'typeorm';

// Outbound webhooks (issue #15 item 6). webhook_endpoints: where admins want issue events sent, with the secret that
// signs them (kept readable: an HMAC needs the key itself) and the count of failures in a row that pauses one.
// webhook_deliveries: the outbox, one row per endpoint per issue event, written in the event's own transaction
// (unique per endpoint and event, so nothing is queued twice); `dispatched` says the worker's dispatcher has handed
// the row to the endpoint's workflow. webhook_attempts: every HTTP attempt, append-only (an endpoint's deletion
// removes its rows with it).
export class Webhooks1764752000000 implements MigrationInterface {
  name = 'Webhooks1764752000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL DEFAULT '{}',
        secret text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        paused_reason text NULL,
        paused_at timestamptz NULL,
        consecutive_failures integer NOT NULL DEFAULT 0,
        owner_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id),
        CONSTRAINT fk_webhook_endpoints_owner FOREIGN KEY (owner_user_id) REFERENCES users (id),
        CONSTRAINT ck_webhook_endpoints_status CHECK (status IN ('active', 'paused')),
        CONSTRAINT ck_webhook_endpoints_paused_reason CHECK (paused_reason IN ('admin', 'failures')),
        CONSTRAINT ck_webhook_endpoints_url_length CHECK (char_length(url) <= 2048)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial NOT NULL,
        endpoint_id uuid NOT NULL,
        issue_event_id bigint NOT NULL,
        issue_id uuid NOT NULL,
        event_type text NOT NULL,
        subject text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        dispatched boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
        CONSTRAINT uq_webhook_deliveries_endpoint_event UNIQUE (endpoint_id, issue_event_id),
        CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id)
          ON DELETE CASCADE,
        CONSTRAINT fk_webhook_deliveries_event FOREIGN KEY (issue_event_id) REFERENCES issue_events (id),
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered'))
      )`);
    // The endpoint workflow's "oldest waiting" and the dispatcher's "not yet handed over": both over pending rows only.
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (endpoint_id, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id)`);
    await queryRunner.query(`
      CREATE TABLE webhook_attempts (
        id bigserial NOT NULL,
        delivery_id bigint NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer NULL,
        error text NULL,
        duration_ms integer NOT NULL,
        CONSTRAINT pk_webhook_attempts PRIMARY KEY (id),
        CONSTRAINT fk_webhook_attempts_delivery FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id)
          ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id)`);
    await queryRunner.query(`
      CREATE FUNCTION webhook_attempts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'webhook_attempts is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER webhook_attempts_no_update BEFORE UPDATE ON webhook_attempts
      FOR EACH ROW EXECUTE FUNCTION webhook_attempts_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_attempts`);
    await queryRunner.query(`DROP FUNCTION webhook_attempts_append_only()`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_endpoints`);
  }
}
