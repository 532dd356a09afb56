// Owns the nightly run's care of the records (issue #16): erasing personal data past its retention, and checking the
// evidence logs' hash chains, telling the admins when one is broken, then signing a digest of the chain heads into
// RECORDS_DIGEST_DIR and mailing it to RECORDS_DIGEST_MAIL_TO. The SQL and the checks live in libs/records, shared with `npm run retention` and
// `npm run verify:records`.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type {
  ApplyRetentionInput,
  ApplyRetentionResult,
  MaintenanceActivities,
  SealRecordsInput,
  SealRecordsResult,
} from '@app/contracts';
import { queryRows } from '@app/database';
import { MailOutbox } from '@app/mail';
import {
  applyRetentionBatch,
  createDigest,
  publicKeyOf,
  readDigestFiles,
  retentionCutoffsOf,
  verifyRecords,
  writeDigestFile,
} from '@app/records';

@Injectable()
export class RecordsActivitiesService implements Pick<MaintenanceActivities, 'applyRetention' | 'sealRecords'> {
  private readonly logger = new Logger(RecordsActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
  ) {}

  async applyRetention(input: ApplyRetentionInput): Promise<ApplyRetentionResult> {
    const asOf = new Date(input.asOf);
    if (Number.isNaN(asOf.getTime()) || !Number.isInteger(input.batchSize) || input.batchSize < 1 || !input.runKey) {
      throw ApplicationFailure.nonRetryable(`bad retention input: ${JSON.stringify(input)}`, 'BadMaintenanceInput');
    }
    const batch = await applyRetentionBatch(
      this.db,
      input.runKey,
      asOf,
      retentionCutoffsOf(this.config, asOf),
      input.batchSize,
    );
    if (batch.erasedIssues || batch.prunedAccessLogs || batch.deletedUnboundUploads) {
      this.logger.log(
        `Erased the voter data of ${batch.erasedIssues} closed issues (and ${batch.erasedAttachments} attachments), ` +
          `deleted ${batch.deletedUnboundUploads} uploads bound to no issue and ${batch.prunedAccessLogs} ` +
          `access-log rows past their retention${batch.more ? '; more are due' : ''}`,
      );
    }
    return batch;
  }

  async sealRecords(input: SealRecordsInput): Promise<SealRecordsResult> {
    const key = this.config.RECORDS_SIGNING_KEY;
    const dir = this.config.RECORDS_DIGEST_DIR ?? join(process.cwd(), '.data', 'records-digests');
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const publicKey = key ? publicKeyOf(key) : undefined;
      const digests = publicKey ? await readDigestFiles(dir).catch(() => []) : [];
      const report = await verifyRecords(client, { digests, publicKey });
      let digestFile: string | null = null;
      if (key) {
        const digest = await createDigest(client, key);
        digestFile = await writeDigestFile(dir, digest);
        await this.mailDigest(input.runKey, digestFile, await readFile(digestFile, 'utf8'));
      }
      await this.db.query(
        `INSERT INTO operations.record_checks (run_key, ok, rows_checked, problems, first_problems, digest_file)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_key) DO NOTHING`,
        [
          input.runKey,
          report.ok,
          report.rows,
          report.problems.length,
          JSON.stringify(report.problems.slice(0, 20)),
          digestFile,
        ],
      );
      if (!report.ok) await this.alertAdmins(input.runKey, report.problems.length, report.problems.slice(0, 5));
      return { ok: report.ok, rows: report.rows, problems: report.problems.length, digestFile };
    } finally {
      await runner.release();
    }
  }

  /** The digest file, word for word, to RECORDS_DIGEST_MAIL_TO: once per run, whatever the retries. */
  private async mailDigest(runKey: string, file: string, content: string): Promise<void> {
    const to = this.config.RECORDS_DIGEST_MAIL_TO;
    if (!to?.length) return;
    await this.outbox.enqueue({
      dedupeKey: `records-digest:${runKey}`,
      issueId: null,
      to: [...to],
      subject: `【联络】记录摘要 ${basename(file)}`,
      text: [
        '联络系统记录链头部的签名摘要（Ed25519）。请原样保存在数据库服务器以外；核对时把下面的内容存为同名文件，',
        '放进摘要目录后运行 npm run verify:records。',
        '',
        `文件：${basename(file)}`,
        '',
        content,
      ].join('\n'),
    });
  }

  private async alertAdmins(runKey: string, count: number, first: { detail: string; stream: string | null }[]) {
    this.logger.error(`The records' hash chains are broken: ${count} problems (first: ${first[0]?.detail ?? '?'})`);
    const admins = await queryRows<{ email: string }>(
      this.db,
      `SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
        WHERE r.role = 'admin' AND u.active AND u.email IS NOT NULL ORDER BY u.email`,
    );
    if (admins.length === 0) return;
    const lines = first.map((problem) => `- ${problem.stream ?? ''} ${problem.detail}`);
    await this.outbox.enqueue({
      dedupeKey: `records-broken:${runKey}`,
      issueId: null,
      to: admins.map((admin) => admin.email),
      subject: '【联络】记录校验未通过 / Records verification failed',
      text: [
        `夜间校验发现 ${count} 处记录链异常，请立即运行 npm run verify:records 查看并调查。`,
        `The nightly check found ${count} problems in the records' hash chains. Run npm run verify:records.`,
        '',
        ...lines,
      ].join('\n'),
    });
  }
}
