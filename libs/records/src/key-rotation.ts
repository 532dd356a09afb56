// Key rotation of the voters' encrypted contacts (issue #16, item 4): re-encrypts every ciphertext made
// under another key than the first of PERSONAL_DATA_KEYS, in committed batches, so a run that stops (killed, or
// `maxBatches`) is resumed by running again. Each run is a row of operations.key_rotations. The keyed hashes are not
// touched: they depend on PERSONAL_DATA_HASH_KEY, not on the encryption key.
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { CIPHERTEXT_PREFIX, type EncryptedField, PersonalDataCipher } from '@app/personal-data';

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

/** Every table with encrypted columns, its key column, and the field each column's ciphertext is bound to. */
const ENCRYPTED: readonly {
  table: string;
  key?: string;
  columns: readonly (readonly [string, EncryptedField])[];
}[] = [
  {
    table: 'issues',
    columns: [
      ['voter_phone', 'phone'],
      ['voter_id_number', 'idNumber'],
    ],
  },
  {
    table: 'voter_submissions',
    columns: [
      ['contact_phone', 'phone'],
      ['contact_email', 'email'],
    ],
  },
  { table: 'webhook_endpoints', columns: [['secret', 'webhookSecret']] },
  {
    table: 'open311_requests',
    key: 'submission_id',
    columns: [
      ['reporter_first_name', 'name'],
      ['reporter_last_name', 'name'],
    ],
  },
];

const staleIn = (columns: readonly (readonly [string, EncryptedField])[]) =>
  columns.map(([column]) => `(${column} IS NOT NULL AND NOT starts_with(${column}, $1))`).join(' OR ');

/** How many rows (issues, voter submissions, webhook endpoints, Open311 requests) still hold a ciphertext under another key than the current one. */
export async function rowsUnderOldKeys(db: DataSource, cipher: PersonalDataCipher): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    `SELECT (${ENCRYPTED.map(({ table, columns }) => `(SELECT count(*) FROM ${table} WHERE ${staleIn(columns)})`).join(' + ')})::int AS n`,
    [currentPrefix(cipher)],
  );
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
      // One batch of at most batchSize rows, taken from the tables in turn.
      let count = 0;
      for (const { table, key = 'id', columns } of ENCRYPTED) {
        if (count >= batchSize) break;
        const names = columns.map(([column]) => column);
        // SKIP LOCKED: a row an API request holds is taken by the next batch or the next run, not waited for.
        const rows = await queryRows<Record<string, string | null> & { id: string }>(
          tx,
          `SELECT ${key} AS id, ${names.join(', ')} FROM ${table} WHERE ${staleIn(columns)}
            ORDER BY ${key} LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [prefix, batchSize - count],
        );
        for (const row of rows) {
          await tx.query(
            `UPDATE ${table} SET ${names.map((column, i) => `${column} = $${i + 2}`).join(', ')} WHERE ${key} = $1`,
            [row.id, ...columns.map(([column, field]) => cipher.encrypt(field, cipher.decrypt(field, row[column])))],
          );
        }
        count += rows.length;
      }
      await tx.query(`UPDATE operations.key_rotations SET rows_rewritten = rows_rewritten + $2 WHERE id = $1`, [
        run.id,
        count,
      ]);
      rewritten += count;
      return count < batchSize;
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
