// Owns the admin audit trail: every write of the admin module records one admin_audit_log row, inside the
// transaction of the change itself, so a change is never recorded without happening nor happens unrecorded.
import type { EntityManager } from 'typeorm';
import type { AdminAuditAction, JsonObject } from '@app/database';
import { queryRows } from '@app/database';

export type AuditedEntity =
  | 'region'
  | 'station'
  | 'deputy'
  | 'department'
  | 'category'
  | 'routing_rule'
  | 'calendar_day'
  // A user account: created, roles and links changed, password reset, disabled, enabled, unlocked (no password hash).
  | 'user'
  // A bulk import of deputies and users from a spreadsheet (entity_id: the file's SHA-256).
  | 'import'
  // An issue's voter data, read, exported, corrected or erased on the person's request (entity_id: the issue).
  | 'voter_data'
  // A QR-code or Open311 submission's contact, erased on the person's request (entity_id: the submission).
  | 'voter_submission'
  // An outbound webhook endpoint (its secret is never in the trail).
  | 'webhook_endpoint'
  // An Open311 client and its API key: registered (create), revoked (disable); the key's hash is never in the trail.
  | 'open311_client';

/** The tables whose rows are snapshotted by id into the trail. */
const TABLES: Record<
  Exclude<
    AuditedEntity,
    'calendar_day' | 'voter_data' | 'voter_submission' | 'user' | 'import' | 'webhook_endpoint' | 'open311_client'
  >,
  string
> = {
  region: 'regions',
  station: 'stations',
  deputy: 'deputies',
  department: 'departments',
  category: 'issue_categories',
  routing_rule: 'routing_rules',
};

/** The row as stored (columns by their SQL names), for the before/after of an audit entry; null when absent. */
export async function snapshot(
  tx: EntityManager,
  entity: Exclude<
    AuditedEntity,
    'calendar_day' | 'voter_data' | 'voter_submission' | 'user' | 'import' | 'webhook_endpoint' | 'open311_client'
  >,
  id: string,
): Promise<JsonObject | null> {
  const [row] = await queryRows<{ row: JsonObject }>(
    tx,
    `SELECT to_jsonb(t) AS row FROM ${TABLES[entity]} t WHERE t.id = $1`,
    [id],
  );
  return row?.row ?? null;
}

export interface AuditEntry {
  actorUserId: string;
  action: AdminAuditAction;
  entity: AuditedEntity;
  entityId: string;
  before: JsonObject | null;
  after: JsonObject | null;
}

export async function recordAudit(tx: EntityManager, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO admin_audit_log (actor_user_id, action, entity, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [
      entry.actorUserId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
    ],
  );
}

/**
 * Whether another row of the table already has this code. Checked before writing so that the usual clash never
 * reaches PostgreSQL as a failed statement (which TypeORM logs); the unique constraint still settles a race.
 */
export async function codeTaken(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  entity: 'region' | 'station' | 'department' | 'category',
  code: string,
  exceptId: string | null = null,
): Promise<boolean> {
  const rows = await queryRows(db, `SELECT 1 FROM ${TABLES[entity]} WHERE code = $1 AND id IS DISTINCT FROM $2::uuid`, [
    code,
    exceptId,
  ]);
  return rows.length > 0;
}
