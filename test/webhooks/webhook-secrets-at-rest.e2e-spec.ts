// Webhook endpoints' signing secrets encrypted at rest (issue #15, item 6), against real PostgreSQL with the real
// migrations: the migration encrypts the secrets of endpoints registered before it (and its undo restores them); the
// column refuses a plaintext secret; a key rotation re-encrypts them with the voters' contacts. The API and worker
// path (the shown secret still verifies every delivery) is in webhooks.e2e-spec.ts.
import type { DataSource } from 'typeorm';
import { personalDataKeySettings } from '@app/config';
import { queryRows } from '@app/database';
import { keyIdOf, PersonalDataCipher } from '@app/personal-data';
import { rotatePersonalDataKey } from '@app/records';
import { newWebhookSecret } from '@app/webhooks';
import { prepareWorkload } from '../../scripts/bench/transition-workload';
import { createMigratedDatabase } from '../support/database';
import { testCipher } from '../support/personal-data';

const MIGRATION = 'EncryptedWebhookSecrets1764765000002';

describe('webhook secrets at rest', () => {
  let db: DataSource;
  const secrets = [newWebhookSecret(), newWebhookSecret()];
  const stored = async () =>
    (await queryRows<{ secret: string }>(db, `SELECT secret FROM webhook_endpoints ORDER BY name`)).map(
      (r) => r.secret,
    );

  beforeAll(async () => {
    db = (await createMigratedDatabase('webhook_secrets')).dataSource;
    await prepareWorkload(db, 1);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('encrypts the secrets of endpoints registered before the migration, and its undo gives them back', async () => {
    for (;;) {
      const [last] = await queryRows<{ name: string }>(
        db,
        `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
      );
      await db.undoLastMigration({ transaction: 'each' });
      if (last.name === MIGRATION) break;
    }
    const [owner] = await queryRows<{ id: string }>(db, `SELECT id FROM users ORDER BY id LIMIT 1`);
    for (const [i, secret] of secrets.entries()) {
      await db.query(`INSERT INTO webhook_endpoints (name, url, secret, owner_user_id) VALUES ($1, $2, $3, $4)`, [
        `endpoint-${i}`,
        `https://hooks.example.com/${i}`,
        secret,
        owner.id,
      ]);
    }

    await db.runMigrations({ transaction: 'each' });
    const sealed = await stored();
    for (const [i, value] of sealed.entries()) {
      expect(keyIdOf(value)).toBe('dev');
      expect(value).not.toContain(secrets[i].slice('whsec_'.length));
      expect(testCipher.decrypt('webhookSecret', value)).toBe(secrets[i]);
      // Bound to its field: it does not open as another one.
      expect(() => testCipher.decrypt('phone', value)).toThrow();
    }

    const [{ name }] = await queryRows<{ name: string }>(
      db,
      `SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`,
    );
    if (name === MIGRATION) {
      await db.undoLastMigration({ transaction: 'each' });
      expect(await stored()).toEqual(secrets);
      await db.runMigrations({ transaction: 'each' });
    }
  });

  it('refuses a plaintext secret', async () => {
    const [owner] = await queryRows<{ id: string }>(db, `SELECT id FROM users ORDER BY id LIMIT 1`);
    await expect(
      db.query(
        `INSERT INTO webhook_endpoints (name, url, secret, owner_user_id) VALUES ('x', 'https://x.example', $1, $2)`,
        [newWebhookSecret(), owner.id],
      ),
    ).rejects.toThrow(/ck_webhook_endpoints_secret_sealed/);
  });

  it('is re-encrypted by a key rotation, still opening to the same secret', async () => {
    const settings = personalDataKeySettings(process.env);
    const rotated = new PersonalDataCipher({
      ...settings,
      PERSONAL_DATA_KEYS: `k2026:${Buffer.alloc(32, 7).toString('base64')},${settings.PERSONAL_DATA_KEYS}`,
    });
    const result = await rotatePersonalDataKey(db, rotated);
    expect(result.left).toBe(0);
    const after = await stored();
    for (const [i, value] of after.entries()) {
      expect(keyIdOf(value)).toBe('k2026');
      expect(rotated.decrypt('webhookSecret', value)).toBe(secrets[i]);
    }
  });
});
