// The nightly run's care of the records with the worker's real activity on real PostgreSQL: sealing verifies every
// chain and writes a signed digest file; a broken chain is recorded in operations.record_checks and mailed to the
// admins through the outbox; the next run's digests still vouch for what the first one saw.
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { queryRows } from '@app/database';
import { MailOutbox } from '@app/mail';
import { RecordsActivitiesService } from '../../apps/worker/src/records/records-activities.service';
import { chainedDatabase, type Chained } from './support/chained-database';

describe('sealing the records (nightly)', () => {
  let chained: Chained;
  let dir: string;
  let activity: RecordsActivitiesService;

  beforeAll(async () => {
    chained = await chainedDatabase('seal');
    dir = await mkdtemp(join(tmpdir(), 'lianluo-seal-'));
    await chmod(dir, 0o755);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: chained.url,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      RECORDS_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      RECORDS_DIGEST_DIR: dir,
      RECORDS_DIGEST_MAIL_TO: 'records@archive.example.org, auditor@archive.example.org',
    });
    activity = new RecordsActivitiesService(chained.setup, config, new MailOutbox(chained.setup));
  });

  afterAll(async () => {
    await chained?.setup.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('verifies the chains, records the check and signs a digest of the heads into the digest folder', async () => {
    const result = await activity.sealRecords({ asOf: new Date().toISOString(), runKey: 'night-1' });
    expect(result).toMatchObject({ ok: true, problems: 0 });
    expect(result.rows).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^digest-.*\.json$/)]);
    const [check] = await queryRows<{ ok: boolean; problems: number; digest_file: string }>(
      chained.setup,
      `SELECT ok, problems, digest_file FROM operations.record_checks WHERE run_key = 'night-1'`,
    );
    expect([check.ok, check.problems, check.digest_file]).toEqual([true, 0, result.digestFile]);

    // The same file, word for word, goes to the configured addresses through the outbox: once, however often the
    // activity runs for this night.
    await activity.sealRecords({ asOf: new Date().toISOString(), runKey: 'night-1' });
    const mails = await queryRows<{ recipients: string[]; subject: string; text_body: string }>(
      chained.setup,
      `SELECT recipients, subject, text_body FROM mail_outbox WHERE dedupe_key = 'records-digest:night-1'`,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].recipients).toEqual(['records@archive.example.org', 'auditor@archive.example.org']);
    expect(mails[0].subject).toContain(basename(result.digestFile!));
    expect(mails[0].text_body).toContain(await readFile(result.digestFile!, 'utf8'));
  });

  it('tells the admins when a chain is broken, naming where, and still signs the next digest', async () => {
    const client = new Client({ connectionString: chained.url });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE issue_events SET actor_label = 'someone' WHERE issue_id = $1`, [chained.issues[0].id]);
    } finally {
      await client.end();
    }
    const result = await activity.sealRecords({ asOf: new Date().toISOString(), runKey: 'night-2' });
    expect(result.ok).toBe(false);
    expect(result.problems).toBeGreaterThan(0);
    const [check] = await queryRows<{ ok: boolean; first: { stream: string }[] }>(
      chained.setup,
      `SELECT ok, first_problems AS first FROM operations.record_checks WHERE run_key = 'night-2'`,
    );
    expect(check.ok).toBe(false);
    expect(check.first[0].stream).toBe(`issue:${chained.issues[0].id}`);
    const mails = await queryRows<{ recipients: string[]; text_body: string }>(
      chained.setup,
      `SELECT recipients, text_body FROM mail_outbox WHERE dedupe_key = 'records-broken:night-2'`,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].recipients.length).toBeGreaterThan(0);
    expect(mails[0].text_body).toContain(`issue:${chained.issues[0].id}`);
    // night-1 (run twice) and night-2 each signed a digest.
    expect(await readdir(dir)).toHaveLength(3);
  });
});
