// Owns the SQL of the Open311 server: categories as services, stations for the service definition and the place
// rule, API clients by key hash, and requests read with the state of the submission and issue behind them.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type JsonObject } from '@app/database';
import { recordAudit } from '../admin/admin-audit';

export interface ServiceRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface StationChoice {
  id: string;
  code: string;
  name: string;
}

/** A station whose own region (village or township) is named in an address. */
export interface StationByPlace {
  stationId: string;
  regionId: string;
  regionLevel: string;
  townshipRegionId: string;
}

export interface ClientRow {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewOpen311Request {
  submissionId: string;
  clientId: string;
  token: string;
  categoryId: string;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
  reporterFirstName: string | null;
  reporterLastName: string | null;
  deviceId: string | null;
  accountId: string | null;
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
}

export interface RequestRow {
  id: string;
  status: 'open' | 'closed';
  submissionStatus: string;
  decisionReason: string | null;
  issueNumber: string | null;
  serviceCode: string;
  serviceName: string;
  description: string;
  agency: string | null;
  requestedAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  addressString: string | null;
  addressId: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
}

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  from?: Date;
  to?: Date;
  statuses?: ('open' | 'closed')[];
  limit: number;
}

// Closed: the deputy declined it, or the issue it became (or joined) is closed. Otherwise open.
const STATUS = `CASE WHEN s.status = 'declined' OR i.status = 'closed' THEN 'closed' ELSE 'open' END`;

@Injectable()
export class Open311Repository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async services(): Promise<ServiceRow[]> {
    return queryRows<ServiceRow>(
      this.db,
      `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM issue_categories WHERE active ORDER BY code`,
    );
  }

  async service(code: string): Promise<ServiceRow | null> {
    const [row] = await queryRows<ServiceRow>(
      this.db,
      `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM issue_categories WHERE active AND code = $1`,
      [code],
    );
    return row ?? null;
  }

  async stations(): Promise<StationChoice[]> {
    return queryRows<StationChoice>(this.db, `SELECT id, code, name FROM stations ORDER BY code`);
  }

  async stationByCode(code: string): Promise<StationChoice | null> {
    const [row] = await queryRows<StationChoice>(this.db, `SELECT id, code, name FROM stations WHERE code = $1`, [
      code,
    ]);
    return row ?? null;
  }

  /** Stations whose own region's name occurs in the address, villages first. */
  async stationsNamedIn(address: string): Promise<StationByPlace[]> {
    return queryRows<StationByPlace>(
      this.db,
      `SELECT st.id AS "stationId", r.id AS "regionId", r.level AS "regionLevel",
              CASE WHEN r.level = 'township' THEN r.id ELSE r.parent_id END AS "townshipRegionId"
         FROM stations st JOIN regions r ON r.id = st.region_id
        WHERE r.level IN ('township', 'village') AND strpos($1, r.name) > 0
        ORDER BY (r.level = 'village') DESC, st.code`,
      [address],
    );
  }

  /** The township, or the village or community of it, whose name the address holds (the longest name wins). */
  async placeNamedIn(townshipRegionId: string, address: string): Promise<string | null> {
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `SELECT id FROM regions WHERE (id = $1 OR parent_id = $1) AND strpos($2, name) > 0
        ORDER BY (level = 'township'), length(name) DESC, id LIMIT 1`,
      [townshipRegionId, address],
    );
    return row?.id ?? null;
  }

  async activeClientByKeyHash(keyHash: string): Promise<{ id: string } | null> {
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `SELECT id FROM open311_clients WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    return row ?? null;
  }

  async insertRequest(tx: EntityManager, r: NewOpen311Request): Promise<void> {
    await tx.query(
      `INSERT INTO open311_requests (submission_id, client_id, token, category_id, lat, long, address_string,
          address_id, reporter_first_name, reporter_last_name, device_id, account_id, media_url, attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        r.submissionId,
        r.clientId,
        r.token,
        r.categoryId,
        r.lat,
        r.long,
        r.addressString,
        r.addressId,
        r.reporterFirstName,
        r.reporterLastName,
        r.deviceId,
        r.accountId,
        r.mediaUrl,
        JSON.stringify(r.attributes),
      ],
    );
  }

  async requestIdByToken(token: string): Promise<string | null> {
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `SELECT submission_id AS id FROM open311_requests WHERE token = $1`,
      [token],
    );
    return row?.id ?? null;
  }

  /** Requests posted through Open311 (never a voter's own page submissions or deputies' issues), newest first. */
  async requests(filter: RequestFilter): Promise<RequestRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (condition: (n: string) => string, value: unknown) => {
      values.push(value);
      where.push(condition(`$${values.length}`));
    };
    if (filter.ids) add((n) => `o.submission_id = ANY(${n}::uuid[])`, filter.ids);
    if (filter.serviceCodes) add((n) => `COALESCE(ic.code, c.code) = ANY(${n}::text[])`, filter.serviceCodes);
    if (filter.from) add((n) => `o.requested_at >= ${n}`, filter.from);
    if (filter.to) add((n) => `o.requested_at <= ${n}`, filter.to);
    if (filter.statuses) add((n) => `${STATUS} = ANY(${n}::text[])`, filter.statuses);
    values.push(filter.limit);
    return queryRows<RequestRow>(
      this.db,
      `SELECT o.submission_id AS id, ${STATUS} AS status, s.status AS "submissionStatus",
              s.decision_reason AS "decisionReason", i.number AS "issueNumber",
              COALESCE(ic.code, c.code) AS "serviceCode", COALESCE(ic.name_zh, c.name_zh) AS "serviceName",
              s.description, dep.name AS agency, o.requested_at AS "requestedAt",
              GREATEST(o.requested_at, s.decided_at, i.assigned_at, i.last_replied_at, i.closed_at) AS "updatedAt",
              i.due_at AS "dueAt", o.address_string AS "addressString", o.address_id AS "addressId",
              o.lat, o.long, o.media_url AS "mediaUrl"
         FROM open311_requests o
         JOIN voter_submissions s ON s.id = o.submission_id
         JOIN issue_categories c ON c.id = o.category_id
         LEFT JOIN issues i ON i.id = s.issue_id
         LEFT JOIN issue_categories ic ON ic.id = i.category_id
         LEFT JOIN departments dep ON dep.id = i.lead_department_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.requested_at DESC, o.submission_id
        LIMIT $${values.length}`,
      values,
    );
  }

  // --- the admin's side: clients and their keys

  async clients(): Promise<ClientRow[]> {
    return queryRows<ClientRow>(
      this.db,
      `SELECT id, name, key_prefix AS "keyPrefix", created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM open311_clients ORDER BY created_at DESC, id`,
    );
  }

  /** Registers the client and records it in the admin audit trail, in one transaction (the key's hash never in it). */
  async createClient(name: string, keyHash: string, keyPrefix: string, userId: string): Promise<ClientRow> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<ClientRow>(
        tx,
        `INSERT INTO open311_clients (name, key_hash, key_prefix, created_by_user_id) VALUES ($1, $2, $3, $4)
         RETURNING ${CLIENT_COLUMNS}`,
        [name, keyHash, keyPrefix, userId],
      );
      const after = await clientSnapshot(tx, row.id);
      await recordAudit(tx, {
        actorUserId: userId,
        action: 'create',
        entity: 'open311_client',
        entityId: row.id,
        before: null,
        after,
      });
      return row;
    });
  }

  /**
   * Revokes the key (once: a second revoke keeps the first time, and is not audited again), recorded in the admin
   * audit trail as `disable`; null when there is no such client.
   */
  async revokeClient(id: string, userId: string): Promise<ClientRow | null> {
    return this.db.transaction(async (tx) => {
      const before = await clientSnapshot(tx, id, true);
      if (!before) return null;
      const [row] = await queryRows<ClientRow>(
        tx,
        `UPDATE open311_clients
            SET revoked_at = COALESCE(revoked_at, now()), revoked_by_user_id = COALESCE(revoked_by_user_id, $2)
          WHERE id = $1
         RETURNING ${CLIENT_COLUMNS}`,
        [id, userId],
      );
      if (before.revoked_at === null) {
        const after = await clientSnapshot(tx, id);
        await recordAudit(tx, {
          actorUserId: userId,
          action: 'disable',
          entity: 'open311_client',
          entityId: id,
          before,
          after,
        });
      }
      return row;
    });
  }
}

const CLIENT_COLUMNS = `id, name, key_prefix AS "keyPrefix", created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** The client as the audit trail keeps it: everything but the key's hash. */
async function clientSnapshot(tx: EntityManager, id: string, forUpdate = false): Promise<JsonObject | null> {
  const [row] = await queryRows<{ row: JsonObject }>(
    tx,
    `SELECT to_jsonb(c) - 'key_hash' AS row FROM open311_clients c WHERE c.id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row?.row ?? null;
}
