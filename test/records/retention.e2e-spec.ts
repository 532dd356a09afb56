// Personal data kept only as long as needed (issue #16, item 2), against real PostgreSQL with the real migrations:
// a dry run lists what is due and changes nothing; the run erases the voter data of issues closed before the
// retention period and deletes old access-log rows, recording itself; every figure is the same before and after;
// the hash chains still verify (a row retention removed is told apart from one someone deleted).
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { referenceCountsQuery, rollupCountsQuery, type MetricScope } from '@app/metrics';
import { applyRetentionBatch, previewRetention, retentionCutoffsOf, verifyRecords } from '@app/records';
import { sealedVoter, testCipher } from '../support/personal-data';
import { chainedDatabase } from './support/chained-database';

const DAY = 86_400_000;
const NOW = new Date();
const POLICY = { VOTER_DATA_RETENTION_DAYS: 365, ACCESS_LOG_RETENTION_DAYS: 183, UNBOUND_UPLOAD_RETENTION_DAYS: 7 };
const PERIOD = { from: '2020-01-01', to: '2030-01-01' };

describe('retention of personal data', () => {
  let db: DataSource;
  let url: string;
  let due: string[];
  let kept: string[];

  beforeAll(async () => {
    const chained = await chainedDatabase('retention');
    db = chained.setup;
    url = chained.url;
    await db.query(`SELECT metrics.fold_rollup_deltas()`);
    const ids = chained.issues.map((issue) => issue.id);
    const sealed = sealedVoter('13812345678', '430102199001011234');
    due = ids.slice(0, 7);
    kept = ids.slice(7);
    // Voter data on every issue; seven closed long enough ago, the rest closed lately or still open.
    await db.query(
      `UPDATE issues SET voter_name = '欧阳娜娜', voter_phone = $2, voter_phone_hash = $3, voter_id_number = $4,
              voter_id_number_hash = $5, voter_address = '荣家湾镇城东社区 1 号' WHERE id = ANY($1::uuid[])`,
      [ids, sealed.voterPhone, sealed.voterPhoneHash, sealed.voterIdNumber, sealed.voterIdNumberHash],
    );
    await db.query(`UPDATE issues SET status = 'closed', closed_at = $2 WHERE id = ANY($1::uuid[])`, [
      due,
      new Date(NOW.getTime() - 400 * DAY),
    ]);
    await db.query(`UPDATE issues SET status = 'closed', closed_at = $2 WHERE id = $1`, [
      kept[0],
      new Date(NOW.getTime() - 30 * DAY),
    ]);
    await db.query(`SELECT metrics.fold_rollup_deltas()`);
    // Unmasked reads: 9 old, 3 recent, by one user (one chain).
    const [user] = await queryRows<{ id: string }>(db, `SELECT id FROM users ORDER BY username LIMIT 1`);
    for (let i = 0; i < 12; i++) {
      await db.query(
        `INSERT INTO data_access_log (user_id, issue_id, fields, purpose, at) VALUES ($1, $2, '{voter_phone}', '回访', $3)`,
        [user.id, ids[i % ids.length], new Date(NOW.getTime() - (i < 9 ? 200 : 10) * DAY - i * 1000)],
      );
    }
    // As if written back then: their hash-chain links carry the same instant (links are append-only, so this takes
    // the superuser's way round the triggers, in setup only).
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(
        `UPDATE records.links l SET linked_at = d.at FROM data_access_log d
          WHERE l.source_table = 'data_access_log' AND l.row_id = d.id`,
      );
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await db?.destroy();
  });

  async function figures(): Promise<unknown[]> {
    const [county] = await queryRows<{ id: string; path: string }>(
      db,
      `SELECT id, path FROM regions WHERE level = 'county' ORDER BY path LIMIT 1`,
    );
    const scope: MetricScope = { kind: 'region', id: county.id, path: county.path, level: 'county' };
    const fast = rollupCountsQuery('region', [county.id], PERIOD, NOW, null);
    const plain = referenceCountsQuery(scope, PERIOD, NOW);
    return [await queryRows(db, fast.sql, fast.params), await queryRows(db, plain.sql, plain.params)];
  }

  async function verified() {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await verifyRecords(client);
    } finally {
      await client.end();
    }
  }

  it('lists what is due in a dry run and changes nothing', async () => {
    const before = await queryRows(db, `SELECT id, voter_phone FROM issues ORDER BY id`);
    const preview = await previewRetention(db, retentionCutoffsOf(POLICY, NOW));
    expect(preview.issues.map((issue) => issue.id).sort()).toEqual([...due].sort());
    expect(preview.issueCount).toBe(7);
    expect(preview.accessLogCount).toBe(9);
    expect(await queryRows(db, `SELECT id, voter_phone FROM issues ORDER BY id`)).toEqual(before);
  });

  it('erases due voter data and old access logs in batches, recorded, every figure unchanged, chains intact', async () => {
    const figuresBefore = await figures();
    expect((figuresBefore[0] as unknown[]).length).toBeGreaterThan(0);
    const cutoffs = retentionCutoffsOf(POLICY, NOW);
    let totals = { erasedIssues: 0, prunedAccessLogs: 0 };
    for (let more = true, round = 0; more; round++) {
      expect(round).toBeLessThan(10);
      const batch = await applyRetentionBatch(db, 'run-1', NOW, cutoffs, 4);
      totals = {
        erasedIssues: totals.erasedIssues + batch.erasedIssues,
        prunedAccessLogs: totals.prunedAccessLogs + batch.prunedAccessLogs,
      };
      more = batch.more;
    }
    expect(totals).toEqual({ erasedIssues: 7, prunedAccessLogs: 9 });

    const voters = await queryRows<{
      id: string;
      name: string | null;
      phone: string | null;
      rest: string | null;
      erased: Date | null;
    }>(
      db,
      `SELECT id, voter_name AS name, voter_phone AS phone,
              coalesce(voter_id_number, voter_address, voter_phone_hash, voter_id_number_hash) AS rest,
              voter_data_erased_at AS erased FROM issues WHERE id = ANY($1::uuid[])`,
      [[...due, ...kept]],
    );
    for (const voter of voters) {
      const erased = due.includes(voter.id);
      expect([
        voter.name,
        testCipher.decrypt('phone', voter.phone),
        voter.rest === null,
        voter.erased instanceof Date,
      ]).toEqual(erased ? [null, null, true, true] : ['欧阳娜娜', '13812345678', false, false]);
    }
    const [logs] = await queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM data_access_log`);
    expect(logs.n).toBe(3);
    const [run] = await queryRows<{ erased_issues: number; pruned_access_logs: number; finished_at: Date | null }>(
      db,
      `SELECT erased_issues, pruned_access_logs, finished_at FROM operations.retention_runs WHERE run_key = 'run-1'`,
    );
    expect([run.erased_issues, run.pruned_access_logs, run.finished_at instanceof Date]).toEqual([7, 9, true]);

    await db.query(`SELECT metrics.fold_rollup_deltas()`);
    expect(await figures()).toEqual(figuresBefore);
    expect((await verified()).problems).toEqual([]);

    // Another run finds nothing more to do.
    expect(await applyRetentionBatch(db, 'run-2', NOW, cutoffs, 4)).toEqual({
      erasedIssues: 0,
      erasedSubmissionContacts: 0,
      erasedAttachments: 0,
      deletedUnboundUploads: 0,
      prunedAccessLogs: 0,
      more: false,
    });
  });

  it('still catches an access-log row deleted by hand, retention or not', async () => {
    const [recent] = await queryRows<{ id: string }>(
      db,
      `SELECT id::text AS id FROM data_access_log ORDER BY id LIMIT 1`,
    );
    await db.query(`DELETE FROM data_access_log WHERE id = $1`, [recent.id]);
    const report = await verified();
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'deleted', table: 'data_access_log', rowId: recent.id }),
    ]);
  });
});
