// The record of processing activities (issue #16, item 6) is generated from the database's register of personal data
// and the configuration: every column that looks personal is in the register, each entry says why, who, how long
// (with the configured days) and how many rows hold it now.
import type { DataSource } from 'typeorm';
import { queryRows, seedDemoData } from '@app/database';
import { processingRecord, processingRecordMarkdown, unregisteredPersonalColumns } from '@app/records';
import { createMigratedDatabase } from '../support/database';

const SETTINGS = { VOTER_DATA_RETENTION_DAYS: 400, ACCESS_LOG_RETENTION_DAYS: 200, SESSION_RETENTION_DAYS: 30 };

describe('the record of processing activities', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = (await createMigratedDatabase('processing')).dataSource;
    await seedDemoData(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('lists every personal-data column with its purpose, readers, retention as configured, and rows held', async () => {
    const record = await processingRecord(db, SETTINGS, { database: 'lianluo', digests: '/var/lib/digests' });
    const phone = record.entries.find((entry) => entry.table === 'issues' && entry.column === 'voter_phone');
    const [held] = await queryRows<{ n: number }>(db, `SELECT count(voter_phone)::int AS n FROM issues`);
    expect(phone).toMatchObject({ subject: '选民', kind: '联系电话（AES-256-GCM 加密存储）', held: held.n });
    expect(phone?.retention).toContain('400 天');
    expect(record.entries.find((entry) => entry.column === 'voter_id_number')?.sensitive).toBe(true);
    expect(record.entries.find((entry) => entry.table === 'data_access_log')?.retention).toContain('200 天');
    const markdown = processingRecordMarkdown(record);
    expect(markdown).toContain('# 个人信息处理活动记录');
    expect(markdown).toContain('issues.voter_phone');
    expect(markdown).toContain('/var/lib/digests');
  });

  it('leaves no column that looks personal out of the register, and notices one added without it', async () => {
    expect(await unregisteredPersonalColumns(db)).toEqual([]);
    await db.query(`ALTER TABLE issues ADD COLUMN voter_email text`);
    try {
      expect(await unregisteredPersonalColumns(db)).toEqual(['issues.voter_email']);
    } finally {
      await db.query(`ALTER TABLE issues DROP COLUMN voter_email`);
    }
  });

  it('refuses a register that names a column which does not exist', async () => {
    await db.query(
      `INSERT INTO records.personal_data (table_name, column_name, subject, kind, purpose, access, retention)
       VALUES ('issues', 'voter_fax', '选民', '传真', '-', '-', 'record')`,
    );
    try {
      await expect(processingRecord(db, SETTINGS, { database: 'x' })).rejects.toThrow('issues.voter_fax');
    } finally {
      await db.query(`DELETE FROM records.personal_data WHERE column_name = 'voter_fax'`);
    }
  });
});
