// Owns the SQL of a user's own notifications: the page, the unread count, marking read. Every statement is keyed by
// the user, so no call reaches another user's rows.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, type UserLanguage } from '@app/database';
import type { NotificationView } from './notifications.dto';

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(
    userId: string,
    unreadOnly: boolean,
    limit: number,
    offset: number,
  ): Promise<{ rows: NotificationView[]; total: number }> {
    const rows = await queryRows<NotificationView>(
      this.db,
      `SELECT n.id::text AS id, n.kind, n.issue_id AS "issueId", i.number AS "issueNumber", n.title, n.body,
              n.created_at AS "createdAt", n.read_at AS "readAt"
         FROM notifications n LEFT JOIN issues i ON i.id = n.issue_id
        WHERE n.user_id = $1 AND (NOT $2 OR n.read_at IS NULL)
        ORDER BY n.id DESC LIMIT $3 OFFSET $4`,
      [userId, unreadOnly, limit, offset],
    );
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)`,
      [userId, unreadOnly],
    );
    return { rows, total };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ unread }] = await queryRows<{ unread: number }>(
      this.db,
      `SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return unread;
  }

  /** False when the user has no such notification (someone else's is "not found" too). Reading twice is fine. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  async mailLanguage(userId: string): Promise<UserLanguage> {
    const [row] = await queryRows<{ language: UserLanguage }>(this.db, `SELECT language FROM users WHERE id = $1`, [
      userId,
    ]);
    return row?.language ?? 'zh';
  }

  async setMailLanguage(userId: string, language: UserLanguage): Promise<void> {
    await this.db.query(`UPDATE users SET language = $2 WHERE id = $1`, [userId, language]);
  }

  /** Whether the department holds (or held) an assignment of the issue: its inbox may show it. */
  async isAssignedTo(issueId: string, departmentId: string): Promise<boolean> {
    const rows = await queryRows<{ one: number }>(
      this.db,
      `SELECT 1 AS one FROM assignments WHERE issue_id = $1 AND department_id = $2 LIMIT 1`,
      [issueId, departmentId],
    );
    return rows.length > 0;
  }
}
