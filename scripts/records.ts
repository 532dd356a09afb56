// `npm run verify:records`, `npm run records:digest` and `npm run retention`: check the evidence logs' hash chains,
// write down a signed digest of their heads (issue #16, item 1), and apply the personal-data retention by hand
// (item 2; the nightly maintenance run does it by itself).
//
//   verify   walks every chain and names the first broken row of each; with digests (RECORDS_DIGEST_DIR, or
//            --digests DIR) also checks each vouched-for head is still on its chain. Exit code 0 intact, 1 broken.
//   digest   signs the current heads with RECORDS_SIGNING_KEY (Ed25519, PKCS#8 PEM) and writes the digest file
//            into RECORDS_DIGEST_DIR.
//   processing  prints the record of processing activities (个人信息处理活动记录) as Markdown, from the database's
//            register of personal data and the configuration.
//   retention [--dry-run]  lists (dry run) or erases the voter data and deletes the access-log rows past their
//            retention (VOTER_DATA_RETENTION_DAYS, ACCESS_LOG_RETENTION_DAYS), recorded as a run of its own.
//   rotate-key  re-encrypts the voters' phone and ID numbers held under an older key with the first key of
//            PERSONAL_DATA_KEYS (put the new key first, keep the old ones listed until this reports 0 left), in
//            batches, printing progress; stopped, it resumes where it was when run again. Each run is recorded in
//            operations.key_rotations.
//
//   DATABASE_URL         Lianluo's database (default: the embedded one `npm start` runs, on EMBEDDED_POSTGRES_PORT)
//   RECORDS_SIGNING_KEY  the private key that signs digests (secret; from the environment only)
//   RECORDS_VERIFY_KEY   the public key that checks them (default: derived from RECORDS_SIGNING_KEY)
//   RECORDS_DIGEST_DIR   where digest files are kept (default .data/records-digests)
//   PERSONAL_DATA_KEYS, PERSONAL_DATA_HASH_KEY  the keys of voters' contacts (rotate-key; as the apps read them)
import { join } from 'node:path';
import { Client } from 'pg';
import { configSchema, personalDataKeySettings } from '@app/config';
import { createDataSource } from '@app/database';
import { PersonalDataCipher } from '@app/personal-data';
import {
  applyRetentionBatch,
  createDigest,
  previewRetention,
  processingRecord,
  processingRecordMarkdown,
  retentionCutoffsOf,
  rotatePersonalDataKey,
  rowsUnderOldKeys,
  publicKeyOf,
  readDigestFiles,
  verifyRecords,
  type ChainProblem,
  writeDigestFile,
} from '@app/records';
import { findProjectRoot, lianluoDatabaseUrl } from '@app/stack';

function say(message: string): void {
  process.stdout.write(`[records] ${message}\n`);
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function describe(problem: ChainProblem): string {
  const where = [problem.table, problem.stream, problem.seq !== null ? `seq ${problem.seq}` : null, problem.rowId]
    .filter((part) => part !== null)
    .join(' · ');
  return `${problem.kind.padEnd(8)} ${where}: ${problem.detail}`;
}

async function retention(dryRun: boolean): Promise<number> {
  const policy = policyFromEnv();
  const asOf = new Date();
  const cutoffs = retentionCutoffsOf(policy, asOf);
  const db = await createDataSource(lianluoDatabaseUrl()).initialize();
  try {
    const preview = await previewRetention(db, cutoffs);
    say(
      `voter data of issues closed before ${cutoffs.voterDataClosedBefore.toISOString()} ` +
        `(${policy.VOTER_DATA_RETENTION_DAYS} days): ${preview.issueCount} issues`,
    );
    for (const issue of preview.issues) say(`  ${issue.id} closed ${issue.closedAt}`);
    say(`  and the content of their ${preview.attachmentCount} attachments`);
    say(
      `uploads bound to no issue made before ${cutoffs.unboundUploadsBefore.toISOString()} ` +
        `(${policy.UNBOUND_UPLOAD_RETENTION_DAYS} days): ${preview.unboundUploadCount}`,
    );
    say(
      `access-log rows made before ${cutoffs.accessLogsBefore.toISOString()} ` +
        `(${policy.ACCESS_LOG_RETENTION_DAYS} days): ${preview.accessLogCount}`,
    );
    if (dryRun) {
      say('dry run: nothing changed');
      return 0;
    }
    const runKey = `manual-${asOf.toISOString()}`;
    let erased = 0;
    let files = 0;
    let uploads = 0;
    let pruned = 0;
    for (let more = true; more;) {
      const batch = await applyRetentionBatch(db, runKey, asOf, cutoffs, 1000);
      erased += batch.erasedIssues;
      files += batch.erasedAttachments;
      uploads += batch.deletedUnboundUploads;
      pruned += batch.prunedAccessLogs;
      more = batch.more;
      say(
        `… ${erased} issues erased (${files} attachments), ${uploads} unbound uploads and ` +
          `${pruned} access-log rows deleted`,
      );
    }
    say(`done (run ${runKey}, recorded in operations.retention_runs)`);
    return 0;
  } finally {
    await db.destroy();
  }
}

function policyFromEnv() {
  const days = (
    name:
      | 'VOTER_DATA_RETENTION_DAYS'
      | 'ACCESS_LOG_RETENTION_DAYS'
      | 'SESSION_RETENTION_DAYS'
      | 'UNBOUND_UPLOAD_RETENTION_DAYS',
  ) => configSchema.shape[name].parse(process.env[name] || undefined);
  return {
    VOTER_DATA_RETENTION_DAYS: days('VOTER_DATA_RETENTION_DAYS'),
    ACCESS_LOG_RETENTION_DAYS: days('ACCESS_LOG_RETENTION_DAYS'),
    SESSION_RETENTION_DAYS: days('SESSION_RETENTION_DAYS'),
    UNBOUND_UPLOAD_RETENTION_DAYS: days('UNBOUND_UPLOAD_RETENTION_DAYS'),
  };
}

async function rotateKey(): Promise<number> {
  const cipher = new PersonalDataCipher(personalDataKeySettings(process.env));
  const db = await createDataSource(lianluoDatabaseUrl()).initialize();
  try {
    say(`re-encrypting under key "${cipher.currentKeyId}": ${await rowsUnderOldKeys(db, cipher)} issues to rewrite`);
    const result = await rotatePersonalDataKey(db, cipher, {
      progress: ({ rewritten, left }) => say(`… ${rewritten} rewritten, ${left} left`),
    });
    say(`done (run ${result.runId} in operations.key_rotations): ${result.rewritten} rewritten, ${result.left} left`);
    return result.left === 0 ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

async function processing(): Promise<number> {
  const url = new URL(lianluoDatabaseUrl());
  const db = await createDataSource(url.toString()).initialize();
  try {
    const record = await processingRecord(db, policyFromEnv(), {
      database: `${url.pathname.slice(1)} @ ${url.hostname}:${url.port || 5432}`,
      digests: process.env.RECORDS_DIGEST_DIR,
      backups: join(findProjectRoot(), '.data', 'backups'),
    });
    process.stdout.write(processingRecordMarkdown(record));
    return 0;
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command === 'processing') return processing();
  if (command === 'retention') return retention(process.argv.includes('--dry-run'));
  if (command === 'rotate-key') return rotateKey();
  if (command !== 'verify' && command !== 'digest') {
    throw new Error(
      'usage: records.js verify [--digests DIR] | digest | processing | retention [--dry-run] | rotate-key',
    );
  }
  const digestDir =
    argument('--digests') ?? process.env.RECORDS_DIGEST_DIR ?? join(findProjectRoot(), '.data', 'records-digests');
  const client = new Client({ connectionString: lianluoDatabaseUrl() });
  await client.connect();
  try {
    if (command === 'digest') {
      const key = process.env.RECORDS_SIGNING_KEY;
      if (!key) throw new Error('RECORDS_SIGNING_KEY is not set: it must hold the Ed25519 private key (PKCS#8 PEM)');
      const digest = await createDigest(client, key);
      say(`digest written to ${await writeDigestFile(digestDir, digest)}`);
      return 0;
    }
    const publicKey =
      process.env.RECORDS_VERIFY_KEY ??
      (process.env.RECORDS_SIGNING_KEY ? publicKeyOf(process.env.RECORDS_SIGNING_KEY) : undefined);
    const digests = publicKey ? await readDigestFiles(digestDir).catch(() => []) : [];
    if (!publicKey) say('no RECORDS_VERIFY_KEY or RECORDS_SIGNING_KEY: checking the chains without digests');
    const report = await verifyRecords(client, { digests, publicKey, progress: say });
    say(`${report.rows} rows in ${report.streams} chains, ${report.digests} signed digests checked`);
    if (report.ok) {
      say('intact');
      return 0;
    }
    const firstOfStream = new Set<string>();
    for (const problem of report.problems) {
      const key = problem.stream ?? `${problem.kind}:${problem.rowId ?? problem.detail}`;
      const first = !firstOfStream.has(key);
      firstOfStream.add(key);
      say(`${first ? 'BROKEN' : '  then'} ${describe(problem)}`);
    }
    say(`${report.problems.length} problems`);
    return 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[records] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
