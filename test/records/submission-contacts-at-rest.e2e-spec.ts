// The contacts a voter leaves through a QR code (voter_submissions) protected at rest like the issues' voter contacts
// (issue #16, item 4), against real PostgreSQL with the real migrations: the migration encrypts the rows written
// before it (and its undo gives them back), the columns refuse plaintext, the keyed hashes find a contact however it
// is spelled, a key rotation re-encrypts them, and a backup holds none of them in the clear.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { backupSystem } from '@app/backup';
import { DEV_PERSONAL_DATA_KEYS, personalDataKeySettings } from '@app/config';
import { queryRows } from '@app/database';
import { keyIdOf, PersonalDataCipher, sealSubmissionContacts } from '@app/personal-data';
import { rotatePersonalDataKey, rowsUnderOldKeys } from '@app/records';
import { prepareWorkload } from '../../scripts/bench/transition-workload';
import { createMigratedDatabase } from '../support/database';
import { testCipher } from '../support/personal-data';

const MIGRATION = 'EncryptedSubmissionContacts1764756000000';
const NEW_KEY = `k2027:${Buffer.alloc(32, 9).toString('base64')}`;
// One with both contacts, one with a phone only, one with an email only (the table needs at least one).
const CONTACTS = [
  { phone: '13900001111', email: 'li.si@example.com' },
  { phone: '13900002222', email: null },
  { phone: null, email: 'wang.wu@example.com' },
];

interface Stored {
  id: string;
  contact_phone: string | null;
  contact_phone_hash: string | null;
  contact_email: string | null;
  contact_email_hash: string | null;
}

describe("a QR-code voter's contacts at rest", () => {
  let db: DataSource;
  let url: string;
  let ids: string[];
  const stored = () =>
    queryRows<Stored>(
      db,
      `SELECT id, contact_phone, contact_phone_hash, contact_email, contact_email_hash
         FROM voter_submissions ORDER BY submitted_at, id`,
    );

  beforeAll(async () => {
    const created = await createMigratedDatabase('submission_contacts');
    db = created.dataSource;
    url = created.url;
    await prepareWorkload(db, 1);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('encrypts the contacts stored before the migration, and its undo gives the plaintext back', async () => {
    // Back to before the migration (and any after it), where contacts were stored in the clear.
    for (;;) {
      const [last] = await queryRows<{ name: string }>(
        db,
        `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
      );
      await db.undoLastMigration({ transaction: 'each' });
      if (last.name === MIGRATION) break;
    }
    const [target] = await queryRows<{ stationId: string; placeId: string }>(
      db,
      `SELECT (SELECT id FROM stations WHERE code = 'rongjiawan') AS "stationId",
              (SELECT id FROM regions WHERE code = 'chengdong') AS "placeId"`,
    );
    ids = [];
    for (const [i, contact] of CONTACTS.entries()) {
      const [row] = await queryRows<{ id: string }>(
        db,
        `INSERT INTO voter_submissions (station_id, place_region_id, description, contact_phone, contact_email,
            notice_version, notice_accepted_at, secret_hash, workflow_id, submitted_at)
         VALUES ($1, $2, '村口路灯坏了两个月。', $3, $4, 'test', now(), 'x', gen_random_uuid()::text,
                 now() - make_interval(mins => $5))
         RETURNING id`,
        [target.stationId, target.placeId, contact.phone, contact.email, 10 - i],
      );
      ids.push(row.id);
    }

    await db.runMigrations({ transaction: 'each' });
    const encrypted = await stored();
    expect(encrypted.map((row) => row.id)).toEqual(ids);
    for (const [i, row] of encrypted.entries()) {
      for (const value of [row.contact_phone, row.contact_email]) if (value) expect(keyIdOf(value)).toBe('dev');
      expect(testCipher.decrypt('phone', row.contact_phone)).toBe(CONTACTS[i].phone);
      expect(testCipher.decrypt('email', row.contact_email)).toBe(CONTACTS[i].email);
      expect([row.contact_phone_hash, row.contact_email_hash]).toEqual([
        testCipher.hash('phone', CONTACTS[i].phone),
        testCipher.hash('email', CONTACTS[i].email),
      ]);
    }
    // Found by exact value however it is spelled; the phone hashes as an issue's voter phone does.
    const [byPhone] = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM voter_submissions WHERE contact_phone_hash = $1`,
      [testCipher.hash('phone', '+86 139 0000 2222')],
    );
    expect(byPhone.id).toBe(ids[1]);
    const [byEmail] = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM voter_submissions WHERE contact_email_hash = $1`,
      [testCipher.hash('email', ' Wang.Wu@Example.com ')],
    );
    expect(byEmail.id).toBe(ids[2]);
    // The register says what the new columns hold.
    const registered = await queryRows<{ column_name: string }>(
      db,
      `SELECT column_name FROM records.personal_data WHERE table_name = 'voter_submissions' ORDER BY column_name`,
    );
    expect(registered.map((row) => row.column_name)).toEqual(
      expect.arrayContaining(['contact_email', 'contact_email_hash', 'contact_phone', 'contact_phone_hash']),
    );

    // The undo gives the plaintext back (a rollback of the release loses nothing), and redoing encrypts again.
    for (;;) {
      const [last] = await queryRows<{ name: string }>(
        db,
        `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
      );
      await db.undoLastMigration({ transaction: 'each' });
      if (last.name === MIGRATION) break;
    }
    const plain = await queryRows<{ contact_phone: string | null; contact_email: string | null }>(
      db,
      `SELECT contact_phone, contact_email FROM voter_submissions ORDER BY submitted_at, id`,
    );
    expect(plain).toEqual(CONTACTS.map((c) => ({ contact_phone: c.phone, contact_email: c.email })));
    await db.runMigrations({ transaction: 'each' });
    const again = await stored();
    expect(again.map((row) => [row.contact_phone_hash, row.contact_email_hash])).toEqual(
      encrypted.map((row) => [row.contact_phone_hash, row.contact_email_hash]),
    );
  });

  it('refuses plaintext, and ciphertext without its hash, in the contact columns', async () => {
    await expect(
      db.query(`UPDATE voter_submissions SET contact_phone = $2 WHERE id = $1`, [ids[0], CONTACTS[0].phone]),
    ).rejects.toThrow(/ck_voter_submissions_contact_phone_sealed/);
    const sealed = sealSubmissionContacts(testCipher, { contactPhone: null, contactEmail: 'zhao.liu@example.com' });
    await expect(
      db.query(`UPDATE voter_submissions SET contact_email = $2, contact_email_hash = NULL WHERE id = $1`, [
        ids[1],
        sealed.contactEmail,
      ]),
    ).rejects.toThrow(/ck_voter_submissions_contact_email_sealed/);
    await expect(
      db.query(`UPDATE voter_submissions SET contact_email = $2 WHERE id = $1`, [ids[2], 'zhao.liu@example.com']),
    ).rejects.toThrow(/ck_voter_submissions_contact_email_sealed/);
  });

  it('rotates the key over the contacts too, the hashes unchanged', async () => {
    const before = await stored();
    const rotated = new PersonalDataCipher({
      PERSONAL_DATA_KEYS: `${NEW_KEY},${DEV_PERSONAL_DATA_KEYS}`,
      PERSONAL_DATA_HASH_KEY: personalDataKeySettings(process.env).PERSONAL_DATA_HASH_KEY,
    });
    // prepareWorkload's issue has no voter contacts: only the three submissions are under the old key.
    expect(await rowsUnderOldKeys(db, rotated)).toBe(3);
    expect(await rotatePersonalDataKey(db, rotated, { batchSize: 2 })).toMatchObject({ rewritten: 3, left: 0 });
    const after = await stored();
    for (const [i, row] of after.entries()) {
      for (const value of [row.contact_phone, row.contact_email]) if (value) expect(keyIdOf(value)).toBe('k2027');
      expect(rotated.decrypt('phone', row.contact_phone)).toBe(CONTACTS[i].phone);
      expect(rotated.decrypt('email', row.contact_email)).toBe(CONTACTS[i].email);
      expect([row.contact_phone_hash, row.contact_email_hash]).toEqual([
        before[i].contact_phone_hash,
        before[i].contact_email_hash,
      ]);
    }
  });

  it('leaves no contact in the clear in a backup', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lianluo-contacts-at-rest-'));
    try {
      const manifest = await backupSystem({ lianluo: url }, work);
      const files = manifest.databases[0].tables;
      expect(files.some((t) => t.table === 'voter_submissions')).toBe(true);
      for (const table of files) {
        const raw = await readFile(join(work, table.file));
        const bytes = table.file.endsWith('.gz') ? gunzipSync(raw) : raw;
        for (const { phone, email } of CONTACTS) {
          for (const value of [phone, email]) {
            if (value)
              expect({ file: table.file, value, found: bytes.includes(value) }).toMatchObject({ found: false });
          }
        }
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
