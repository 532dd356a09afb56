// Owns the reachability checks behind GET /health.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailService } from '@app/mail';
import { TemporalClientService } from '@app/temporal';

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { database: CheckResult; temporal: CheckResult; smtp: CheckResult };
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TemporalClientService) private readonly temporal: TemporalClientService,
    @Inject(MailService) private readonly mail: MailService,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, temporal, smtp] = await Promise.all([
      timed(() => this.dataSource.query('SELECT 1').then(() => true)),
      timed(() => this.temporal.ping()),
      timed(() => this.mail.verify()),
    ]);
    const ok = database.ok && temporal.ok && smtp.ok;
    return { status: ok ? 'ok' : 'degraded', checks: { database, temporal, smtp } };
  }
}

async function timed(check: () => Promise<boolean>): Promise<CheckResult> {
  const started = performance.now();
  const ok = await check().catch(() => false);
  return { ok, latencyMs: Math.round(performance.now() - started) };
}
