import type { MigrationInterface, QueryRunner } from 'typeorm';
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher } from '@app/personal-data';

// Webhook endpoints' signing secrets encrypted at rest (issue #15, item 6). Whoever holds a copy of the database (a
// backup, a restored test copy) could otherwise sign forged events that every receiver would accept. An HMAC needs the
// key itself, so the secret is AES-256-GCM ciphertext under PERSONAL_DATA_KEYS (`pd1:<keyId>:…`, bound to the field
// `webhookSecret`), the keys and the rotation (`npm run records:rotate-key`) the voters' contacts already have. Existing
// rows are converted here with the keys of the environment running the migration, as EncryptedVoterContacts does;
// a CHECK refuses a plaintext secret from then on.
export class EncryptedWebhookSecrets1764765000002 implements MigrationInterface {
  name = 'EncryptedWebhookSecrets1764765000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query(
      `SELECT id, secret FROM webhook_endpoints WHERE secret NOT LIKE 'pd1:%' ORDER BY id`,
    )) as { id: string; secret: string }[];
    // Keys are needed only when there is something to encrypt: a new database migrates without them.
    const cipher = rows.length ? new PersonalDataCipher(personalDataKeySettings()) : undefined;
    for (const row of rows) {
      await queryRunner.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [
        row.id,
        cipher?.encrypt('webhookSecret', row.secret),
      ]);
    }
    await queryRunner.query(
      `ALTER TABLE webhook_endpoints ADD CONSTRAINT ck_webhook_endpoints_secret_sealed CHECK (secret LIKE 'pd1:%')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_endpoints DROP CONSTRAINT ck_webhook_endpoints_secret_sealed`);
    const rows = (await queryRunner.query(`SELECT id, secret FROM webhook_endpoints ORDER BY id`)) as {
      id: string;
      secret: string;
    }[];
    const cipher = rows.length ? new PersonalDataCipher(personalDataKeySettings()) : undefined;
    for (const row of rows) {
      await queryRunner.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [
        row.id,
        cipher?.decrypt('webhookSecret', row.secret),
      ]);
    }
  }
}
