// Voters' phone and ID numbers protected at rest (issue #16, item 4), against real PostgreSQL with the real
// migrations: the migration encrypts rows written before it (and its undo restores them); the columns refuse
// plaintext; a key rotation re-encrypts every row under the new key in resumable, recorded runs, the keyed hashes
// unchanged; a backup holds ciphertext only.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { backupSystem } from '@app/backup';
import { DEV_PERSONAL_DATA_KEYS, personalDataKeySettings } from '@app/config';
import { queryRows } from '@app/database';
import { keyIdOf, PersonalDataCipher, PersonalDataDecryptError } from '@app/personal-data';
import { rotatePersonalDataKey, rowsUnderOldKeys } from '@app/records';
import { prepareWorkload } from '../../scripts/bench/transition-workload';
import { createMigratedDatabase } from '../support/database';
import { sealedVoter, testCipher } from '../support/personal-data';

const PHONE = (i: number) => `1380000${String(1000 + i)}`;
const ID_NUMBER = (i: number) => `43062119900101${String(1000 + i)}`;
const NEW_KEY = `k2026:${Buffer.alloc(32, 7).toString('base64')}`;

interface Stored {
  id: string;
  voter_phone: string | null;
  voter_phone_hash: string | null;
  voter_id_number: string | null;
  voter_id_number_hash: string | null;
}

describe('personal data at rest', () => {
  let db: DataSource;
  let url: string;
  let ids: string[];
  const stored = () =>
    queryRows<Stored>(
      db,
      `SELECT id, voter_phone, voter_phone_hash, voter_id_number, voter_id_number_hash FROM issues ORDER BY id`,
    );

  beforeAll(async () => {
    const created = await createMigratedDatabase('at_rest');
    db = created.dataSource;
    url = created.url;
    ids = (await prepareWorkload(db, 9)).map((issue) => issue.id).sort();
    for (const [i, id] of ids.entries()) {
      // One issue without a phone, one without an ID number: both columns are optional.
      const sealed = sealedVoter(i === 1 ? null : PHONE(i), i === 2 ? null : ID_NUMBER(i));
      await db.query(
        `UPDATE issues SET voter_phone = $2, voter_phone_hash = $3, voter_id_number = $4, voter_id_number_hash = $5
          WHERE id = $1`,
        [id, sealed.voterPhone, sealed.voterPhoneHash, sealed.voterIdNumber, sealed.voterIdNumberHash],
      );
    }
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('encrypts the rows written before the migration, and its undo gives the plaintext back', async () => {
    const encrypted = await stored();
    // Undo the later migrations too, down to and including the one that encrypts.
    for (;;) {
      const [last] = await queryRows<{ name: string }>(
        db,
        `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
      );
      await db.undoLastMigration({ transaction: 'each' });
      if (last.name === 'EncryptedVoterContacts1764741000000') break;
    }
    const plain = await queryRows<{ id: string; voter_phone: string | null; voter_id_number: string | null }>(
      db,
      `SELECT id, voter_phone, voter_id_number FROM issues ORDER BY id`,
    );
    expect(plain.map((row) => [row.voter_phone, row.voter_id_number])).toEqual(
      ids.map((_, i) => [i === 1 ? null : PHONE(i), i === 2 ? null : ID_NUMBER(i)]),
    );

    await db.runMigrations({ transaction: 'each' });
    const again = await stored();
    for (const [i, row] of again.entries()) {
      expect(row.voter_phone === null ? null : keyIdOf(row.voter_phone)).toBe(i === 1 ? null : 'dev');
      expect(testCipher.decrypt('phone', row.voter_phone)).toBe(i === 1 ? null : PHONE(i));
      expect(testCipher.decrypt('idNumber', row.voter_id_number)).toBe(i === 2 ? null : ID_NUMBER(i));
      // Fresh IVs, the same keyed hashes: the hash finds the same voter whoever encrypted the row.
      expect(row.voter_phone === null || row.voter_phone !== encrypted[i].voter_phone).toBe(true);
      expect([row.voter_phone_hash, row.voter_id_number_hash]).toEqual([
        encrypted[i].voter_phone_hash,
        encrypted[i].voter_id_number_hash,
      ]);
    }
    const [found] = await queryRows<{ id: string }>(db, `SELECT id FROM issues WHERE voter_phone_hash = $1`, [
      testCipher.hash('phone', `+86 ${PHONE(4).slice(0, 3)} ${PHONE(4).slice(3)}`),
    ]);
    expect(found.id).toBe(ids[4]);
  });

  it('refuses plaintext, and ciphertext without its hash, in the encrypted columns', async () => {
    const sealed = sealedVoter(PHONE(0), null);
    await expect(db.query(`UPDATE issues SET voter_phone = $2 WHERE id = $1`, [ids[0], PHONE(0)])).rejects.toThrow(
      /ck_issues_voter_phone_sealed/,
    );
    await expect(
      db.query(`UPDATE issues SET voter_id_number = $2, voter_id_number_hash = NULL WHERE id = $1`, [
        ids[1],
        sealed.voterPhone,
      ]),
    ).rejects.toThrow(/ck_issues_voter_id_number_sealed/);
  });

  it('rotates the key in resumable batches, each run recorded, the hashes unchanged', async () => {
    const before = await stored();
    const rotated = new PersonalDataCipher({
      PERSONAL_DATA_KEYS: `${NEW_KEY},${DEV_PERSONAL_DATA_KEYS}`,
      PERSONAL_DATA_HASH_KEY: personalDataKeySettings(process.env).PERSONAL_DATA_HASH_KEY,
    });
    expect(await rowsUnderOldKeys(db, rotated)).toBe(9);

    const seen: { rewritten: number; left: number }[] = [];
    const first = await rotatePersonalDataKey(db, rotated, {
      batchSize: 4,
      maxBatches: 1,
      progress: (p) => seen.push(p),
    });
    expect(first).toMatchObject({ keyId: 'k2026', rewritten: 4, left: 5 });
    expect(seen).toEqual([{ rewritten: 4, left: 5 }]);

    const second = await rotatePersonalDataKey(db, rotated, { batchSize: 4, progress: (p) => seen.push(p) });
    expect(second).toMatchObject({ rewritten: 5, left: 0 });
    expect(seen.slice(1)).toEqual([
      { rewritten: 4, left: 1 },
      { rewritten: 5, left: 0 },
    ]);

    const after = await stored();
    for (const [i, row] of after.entries()) {
      for (const value of [row.voter_phone, row.voter_id_number]) if (value) expect(keyIdOf(value)).toBe('k2026');
      expect(rotated.decrypt('phone', row.voter_phone)).toBe(i === 1 ? null : PHONE(i));
      expect(rotated.decrypt('idNumber', row.voter_id_number)).toBe(i === 2 ? null : ID_NUMBER(i));
      expect([row.voter_phone_hash, row.voter_id_number_hash]).toEqual([
        before[i].voter_phone_hash,
        before[i].voter_id_number_hash,
      ]);
    }
    // The old key alone opens nothing any more: it can be dropped from PERSONAL_DATA_KEYS.
    expect(() => testCipher.decrypt('phone', after[0].voter_phone)).toThrow(PersonalDataDecryptError);

    const runs = await queryRows<{ key_id: string; rows_rewritten: number; rows_left: number; done: boolean }>(
      db,
      `SELECT key_id, rows_rewritten, rows_left, finished_at IS NOT NULL AS done FROM operations.key_rotations
        ORDER BY id`,
    );
    expect(runs).toEqual([
      { key_id: 'k2026', rows_rewritten: 4, rows_left: 5, done: true },
      { key_id: 'k2026', rows_rewritten: 5, rows_left: 0, done: true },
    ]);
    expect(await rotatePersonalDataKey(db, rotated)).toMatchObject({ rewritten: 0, left: 0 });
  });

  it('leaves only ciphertext in a backup', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lianluo-at-rest-'));
    try {
      const manifest = await backupSystem({ lianluo: url }, work);
      const files = manifest.databases[0].tables;
      const issues = files.find((t) => t.table === 'issues');
      expect(issues).toBeDefined();
      let sawCiphertext = false;
      for (const table of files) {
        const raw = await readFile(join(work, table.file));
        const bytes = table.file.endsWith('.gz') ? gunzipSync(raw) : raw;
        for (const i of ids.keys()) {
          expect({ file: table.file, phone: bytes.includes(PHONE(i)) }).toEqual({ file: table.file, phone: false });
          expect({ file: table.file, id: bytes.includes(ID_NUMBER(i)) }).toEqual({ file: table.file, id: false });
        }
        if (table === issues) sawCiphertext = bytes.includes('pd1:k2026:');
      }
      expect(sawCiphertext).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
