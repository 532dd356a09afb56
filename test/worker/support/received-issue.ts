// An issue row as the API writes it at intake — status `received`, no workflow started yet — for the demo data's
// 荣家湾镇 roads case, so that a suite can hand it to a worker (or leave it for the intake reconciler) itself.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { issueWorkflowId } from '@app/contracts';
import { queryRows } from '@app/database';

export interface ReceivedIssue {
  issueId: string;
  /** The deputy's user, who submitted it. */
  userId: string;
  savedAt: Date;
}

export async function insertReceivedIssue(db: DataSource, deputy = 'deputy.zhangzhiqiang'): Promise<ReceivedIssue> {
  const issueId = randomUUID();
  const [ids] = await queryRows<
    Record<'deputy' | 'user' | 'station' | 'place' | 'path' | 'township' | 'category', string>
  >(
    db,
    `SELECT u.deputy_id AS deputy, u.id AS "user", s.id AS station, p.id AS place, p.path, t.id AS township,
            c.id AS category
       FROM users u, stations s, regions p, regions t, issue_categories c
      WHERE u.username = $1 AND s.code = 'rongjiawan' AND p.code = 'chengdong' AND t.code = 'rongjiawan'
        AND c.code = 'roads'`,
    [deputy],
  );
  const [saved] = await queryRows<{ savedAt: Date }>(
    db,
    `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
       township_region_id, region_path, category_id, description, channel, urgency, status, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '城东社区建设路路灯损坏三个月未修', 'walk_in', 'normal', 'received', $10)
     RETURNING submitted_at AS "savedAt"`,
    [
      issueId,
      randomUUID(),
      ids.user,
      ids.deputy,
      ids.station,
      ids.place,
      ids.township,
      ids.path,
      ids.category,
      issueWorkflowId(issueId),
    ],
  );
  return { issueId, userId: ids.user, savedAt: saved.savedAt };
}
