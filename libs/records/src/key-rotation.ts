// Key rotation of the voters' encrypted phone and ID numbers (issue #16, item 4): re-encrypts every ciphertext made
// under another key than the first of PERSONAL_DATA_KEYS, in committed batches, so a run that stops (killed, or
// `maxBatches`) is resumed by running again. Each run is a row of operations.key_rotations. The keyed hashes are not
// touched: they depend on PERSONAL_DATA_HASH_KEY, not on the encryption key.
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { CIPHERTEXT_PREFIX, PersonalDataCipher } from '@app/personal-data';

export interface KeyRotationProgress {
  rewritten: number;
  left: number;
}

export interface KeyRotationOptions {
  batchSize?: number;
  /** Stop after this many batches (the rest is left for the next run); default: until none is left. */
  maxBatches?: number;
  progress?: (progress: KeyRotationProgress) => void;
}

export interface KeyRotationResult extends KeyRotationProgress {
  runId: string;
  keyId: string;
}

const STALE = `(voter_phone IS NOT NULL AND NOT starts_with(voter_phone, $1))
            OR (voter_id_number IS NOT NULL AND NOT starts_with(voter_id_number, $1))`;

/** How many issues still hold a ciphertext under another key than the cipher's current one. */
export async function rowsUnderOldKeys(db: DataSource, cipher: PersonalDataCipher): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM issues WHERE ${STALE}`, [
    currentPrefix(cipher),
  ]);
  return row.n;
}

export async function rotatePersonalDataKey(
  db: DataSource,
  cipher: PersonalDataCipher,
  options: KeyRotationOptions = {},
): Promise<KeyRotationResult> {
  const batchSize = options.batchSize ?? 500;
  const prefix = currentPrefix(cipher);
  const [run] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO operations.key_rotations (key_id) VALUES ($1) RETURNING id::text`,
    [cipher.currentKeyId],
  );
  let rewritten = 0;
  for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
    const done = await db.transaction(async (tx) => {
      // SKIP LOCKED: a row an API request holds is taken by the next batch or the next run, not waited for.
      const rows = await queryRows<{ id: string; voter_phone: string | null; voter_id_number: string | null }>(
        tx,
        `SELECT id, voter_phone, voter_id_number FROM issues WHERE ${STALE}
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [prefix, batchSize],
      );
      for (const row of rows) {
        await tx.query(`UPDATE issues SET voter_phone = $2, voter_id_number = $3 WHERE id = $1`, [
          row.id,
          cipher.encrypt('phone', cipher.decrypt('phone', row.voter_phone)),
          cipher.encrypt('idNumber', cipher.decrypt('idNumber', row.voter_id_number)),
        ]);
      }
      await tx.query(`UPDATE operations.key_rotations SET rows_rewritten = rows_rewritten + $2 WHERE id = $1`, [
        run.id,
        rows.length,
      ]);
      rewritten += rows.length;
      return rows.length < batchSize;
    });
    const left = await rowsUnderOldKeys(db, cipher);
    options.progress?.({ rewritten, left });
    if (done || left === 0) break;
  }
  const left = await rowsUnderOldKeys(db, cipher);
  await db.query(`UPDATE operations.key_rotations SET finished_at = now(), rows_left = $2 WHERE id = $1`, [
    run.id,
    left,
  ]);
  return { runId: run.id, keyId: cipher.currentKeyId, rewritten, left };
}

function currentPrefix(cipher: PersonalDataCipher): string {
  return `${CIPHERTEXT_PREFIX}${cipher.currentKeyId}:`;
}
