// Owns the SQL of the bulk import: the names a workbook may refer to, and writing all its rows in one transaction.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@app/database';
import { queryRows } from '@app/database';
import { recordAudit } from '../admin/admin-audit';
import type { DeputyFields } from '../admin/deputies.repository';

/** A row a cell can name, by its name or its code. */
export interface NamedRow {
  id: string;
  name: string;
  code: string | null;
}

export interface ExistingDeputy {
  id: string;
  name: string;
  phone: string;
  hasUser: boolean;
}

/** What the workbook's cells may refer to, loaded once per import. */
export interface ImportReferences {
  stations: NamedRow[];
  terms: NamedRow[];
  regions: NamedRow[];
  departments: NamedRow[];
  deputies: ExistingDeputy[];
}

export interface DeputyToImport extends DeputyFields {
  stationIds: string[];
  termId: string | null;
}

export interface UserToImport {
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  departmentId: string | null;
  /** An existing deputy's id, or the index of a deputy of this workbook. */
  deputy: { id: string } | { index: number } | null;
  grants: { role: Role; regionId: string | null }[];
}

@Injectable()
export class UserImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async references(): Promise<ImportReferences> {
    const [stations, terms, regions, departments, deputies] = await Promise.all([
      queryRows<NamedRow>(this.db, `SELECT id, name, code FROM stations`),
      queryRows<NamedRow>(this.db, `SELECT id, name, code FROM congress_terms`),
      queryRows<NamedRow>(this.db, `SELECT id, name, code FROM regions`),
      queryRows<NamedRow>(this.db, `SELECT id, name, code FROM departments`),
      queryRows<ExistingDeputy>(
        this.db,
        `SELECT d.id, d.name, d.phone,
                (d.user_id IS NOT NULL OR EXISTS (SELECT 1 FROM users u WHERE u.deputy_id = d.id)) AS "hasUser"
           FROM deputies d`,
      ),
    ]);
    return { stations, terms, regions, departments, deputies };
  }

  /** The usernames among these that are taken already. */
  async takenUsernames(usernames: string[]): Promise<Set<string>> {
    if (!usernames.length) return new Set();
    const rows = await queryRows<{ username: string }>(
      this.db,
      `SELECT username FROM users WHERE username = ANY($1::text[])`,
      [usernames],
    );
    return new Set(rows.map((r) => r.username));
  }

  /**
   * Writes every deputy (with its stations and term) and every user (with grants and links, the deputy link on both
   * sides as user administration keeps it), and one audit row with the counts, in one transaction: all or nothing.
   */
  async write(actorUserId: string, sha256: string, deputies: DeputyToImport[], users: UserToImport[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deputyIds: string[] = [];
      for (const deputy of deputies) {
        const [row] = await queryRows<{ id: string }>(
          tx,
          `INSERT INTO deputies (name, gender, level, employer, post, phone) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id`,
          [deputy.name, deputy.gender, deputy.level, deputy.employer, deputy.post, deputy.phone],
        );
        deputyIds.push(row.id);
        for (const stationId of deputy.stationIds) {
          await tx.query(`INSERT INTO station_deputies (station_id, deputy_id) VALUES ($1, $2)`, [stationId, row.id]);
        }
        if (deputy.termId) {
          await tx.query(`INSERT INTO term_deputies (term_id, deputy_id) VALUES ($1, $2)`, [deputy.termId, row.id]);
        }
      }
      for (const user of users) {
        const deputyId =
          user.deputy === null ? null : 'id' in user.deputy ? user.deputy.id : deputyIds[user.deputy.index];
        const [row] = await queryRows<{ id: string }>(
          tx,
          `INSERT INTO users (username, display_name, email, password_hash, department_id, deputy_id, must_change_password)
           VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id`,
          [user.username, user.displayName, user.email, user.passwordHash, user.departmentId, deputyId],
        );
        if (deputyId) await tx.query(`UPDATE deputies SET user_id = $1 WHERE id = $2`, [row.id, deputyId]);
        for (const grant of user.grants) {
          await tx.query(`INSERT INTO user_roles (user_id, role, region_id) VALUES ($1, $2, $3)`, [
            row.id,
            grant.role,
            grant.regionId,
          ]);
        }
      }
      await recordAudit(tx, {
        actorUserId,
        action: 'import',
        entity: 'import',
        entityId: sha256,
        before: null,
        after: { deputies: deputies.length, users: users.length, usernames: users.map((u) => u.username) },
      });
    });
  }
}
