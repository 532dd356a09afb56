import type { MigrationInterface, QueryRunner } from 'typeorm';

// Records that prove themselves (issue #16, item 1). The append-only triggers stop the application from rewriting
// history, not a database administrator; from here on every row of the five evidence logs is linked into a SHA-256
// hash chain, so that a row altered, deleted or slipped in afterwards is found by `npm run verify:records`, and the
// signed daily digests of the chain heads (kept outside the database) catch a chain rewritten as a whole.
//
// Chains run per stream, not per table: one per issue, reception day and invitation, one per user for the access log,
// one for the admin audit. A per-table chain would make every transition in a province queue on one head row; a
// stream's inserts are serialised by its head row's lock (held to commit), so concurrent writers cannot fork it.
//
// The links live in a schema of their own beside the logs (records.links: stream, seq, the row, the previous hash
// and this row's hash), written by an AFTER INSERT trigger: a row skipped by ON CONFLICT DO NOTHING never fires it,
// so a lost race leaves no gap in the sequence. Hash of a row = sha256(previous hash || canonical text), the
// canonical text being jsonb {"table": …, "row": to_jsonb(row)} printed in UTC; the verifier reads the same text
// and hashes it itself, so replacing these functions does not make a tampered row pass.
const LOGS: { table: string; stream: string }[] = [
  { table: 'issue_events', stream: `'issue:' || NEW.issue_id::text` },
  { table: 'reception_events', stream: `'reception:' || NEW.reception_id::text` },
  { table: 'invitation_events', stream: `'invitation:' || NEW.invitation_id::text` },
  { table: 'admin_audit_log', stream: `'admin'` },
  { table: 'data_access_log', stream: `'access:' || coalesce(NEW.user_id::text, 'anonymous')` },
];

export class RecordChains1764736000000 implements MigrationInterface {
  name = 'RecordChains1764736000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA records`);
    await queryRunner.query(`
      CREATE TABLE records.heads (
        stream text NOT NULL,
        seq bigint NOT NULL,
        hash bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_heads PRIMARY KEY (stream)
      )`);
    await queryRunner.query(`
      CREATE TABLE records.links (
        stream text NOT NULL,
        seq bigint NOT NULL,
        source_table text NOT NULL,
        row_id bigint NOT NULL,
        prev_hash bytea NOT NULL,
        row_hash bytea NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_links PRIMARY KEY (stream, seq),
        CONSTRAINT uq_record_links_row UNIQUE (source_table, row_id),
        CONSTRAINT ck_record_links_seq CHECK (seq >= 1)
      )`);
    // Signed digests of the heads, one a day: also written to files and mailed, which is what the verifier trusts.
    await queryRunner.query(`
      CREATE TABLE records.digests (
        id bigint GENERATED ALWAYS AS IDENTITY,
        created_at timestamptz NOT NULL DEFAULT now(),
        body text NOT NULL,
        body_hash bytea NOT NULL,
        signature bytea NOT NULL,
        CONSTRAINT pk_record_digests PRIMARY KEY (id)
      )`);

    // The one way a link is written. UTC, so the canonical text does not depend on the writer's session time zone.
    await queryRunner.query(`
      CREATE FUNCTION records.link_row(p_stream text, p_table text, p_row_id bigint, p_row jsonb) RETURNS void
      LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
      DECLARE
        head records.heads%ROWTYPE;
        genesis CONSTANT bytea := decode(repeat('00', 32), 'hex');
        next_hash bytea;
      BEGIN
        INSERT INTO records.heads (stream, seq, hash) VALUES (p_stream, 0, genesis) ON CONFLICT (stream) DO NOTHING;
        SELECT * INTO head FROM records.heads WHERE stream = p_stream FOR UPDATE;
        next_hash := sha256(head.hash || convert_to(jsonb_build_object('table', p_table, 'row', p_row)::text, 'UTF8'));
        INSERT INTO records.links (stream, seq, source_table, row_id, prev_hash, row_hash)
        VALUES (p_stream, head.seq + 1, p_table, p_row_id, head.hash, next_hash);
        UPDATE records.heads SET seq = head.seq + 1, hash = next_hash, updated_at = now() WHERE stream = p_stream;
      END
      $$`);
    for (const { table, stream } of LOGS) {
      await queryRunner.query(`
        CREATE FUNCTION records.link_${table}() RETURNS trigger LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
        BEGIN
          PERFORM records.link_row(${stream}, '${table}', NEW.id, to_jsonb(NEW));
          RETURN NULL;
        END
        $$`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_hash_chain AFTER INSERT ON public.${table}
        FOR EACH ROW EXECUTE FUNCTION records.link_${table}()`);
    }
    // Rows written before this migration: linked now, in the order they were written.
    for (const { table, stream } of LOGS) {
      await queryRunner.query(`
        SELECT records.link_row(${stream.replaceAll('NEW.', 'r.')}, '${table}', r.id, to_jsonb(r))
          FROM (SELECT * FROM public.${table} ORDER BY id) r`);
    }
    // The application never rewrites a link or a digest either.
    await queryRunner.query(`
      CREATE FUNCTION records.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    for (const table of ['links', 'digests']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON records.${table}
        FOR EACH ROW EXECUTE FUNCTION records.append_only()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON records.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION records.append_only()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of LOGS) {
      await queryRunner.query(`DROP TRIGGER ${table}_hash_chain ON public.${table}`);
    }
    await queryRunner.query(`DROP SCHEMA records CASCADE`);
  }
}
