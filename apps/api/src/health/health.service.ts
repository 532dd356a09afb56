// Owns the API's health: liveness (this process answers and its event loop runs) and readiness (PostgreSQL, Temporal
// and SMTP answer), each dependency check bounded in time and shared between concurrent probes.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailService } from '@app/mail';
import { TemporalClientService } from '@app/temporal';
import { SharedProbe } from './shared-probe';

/** Each dependency check gives up after this long, so readiness answers within about this long whatever they do. */
export const DEPENDENCY_CHECK_TIMEOUT_MS = 1000;
/**
 * How long an SMTP verify's outcome is served before the next one: a verify opens an SMTP connection (nodemailer's
 * pool keeps none for it), which probes every few seconds from several pollers would multiply.
 */
export const SMTP_VERIFY_FRESH_MS = 15_000;
/** An event loop stalled longer than this since the last probe makes the process not live. */
export const EVENT_LOOP_STALL_MS = 2000;

const DEPENDENCIES = ['database', 'temporal', 'smtp'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  /** Why the check failed (a timeout, a refused connection). */
  message?: string;
}

/** The body of GET /health, as it was before the terminus endpoints: kept for the scripts and probes that read it. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<Dependency, CheckResult>;
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly probes: Record<Dependency, SharedProbe>;
  private readonly eventLoop: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @InjectDataSource() dataSource: DataSource,
    @Inject(TemporalClientService) temporal: TemporalClientService,
    @Inject(MailService) mail: MailService,
  ) {
    this.probes = {
      // The pool's connections: a probe opens none of its own.
      database: new SharedProbe(async () => {
        await dataSource.query('SELECT 1');
      }),
      temporal: new SharedProbe(async () => {
        if (!(await temporal.ping(DEPENDENCY_CHECK_TIMEOUT_MS))) throw new Error('Temporal did not answer');
      }),
      smtp: new SharedProbe(async () => {
        if (!(await mail.verify())) throw new Error('the SMTP server did not accept a connection');
      }, SMTP_VERIFY_FRESH_MS),
    };
    this.eventLoop.enable();
  }

  /** How many SMTP verifies (connections) the health checks have opened: for tests and the curious. */
  get smtpVerifies(): number {
    return this.probes.smtp.runs;
  }

  /** Liveness: no dependency is asked, so a database outage never gets a healthy API restarted. */
  async live(): Promise<HealthCheckResult> {
    return this.run([
      () => {
        const session = this.indicators.check('eventLoop');
        const maxDelayMs = Math.round(this.eventLoop.max / 1e6);
        const p99DelayMs = Math.round(this.eventLoop.percentile(99) / 1e6);
        this.eventLoop.reset();
        const data = { maxDelayMs, p99DelayMs, uptimeSeconds: Math.round(process.uptime()) };
        return maxDelayMs > EVENT_LOOP_STALL_MS
          ? session.down({ ...data, message: `the event loop stalled for ${maxDelayMs} ms` })
          : session.up(data);
      },
    ]);
  }

  /** Readiness: every dependency answers, each asked at most once at a time and waited for at most a second. */
  async ready(): Promise<HealthCheckResult> {
    return this.run(
      DEPENDENCIES.map(
        (name) => () =>
          this.indicators
            .check(name)
            .attempt(() => this.probes[name].check())
            .withSuccessData({})
            .withTimeout(DEPENDENCY_CHECK_TIMEOUT_MS),
      ),
    );
  }

  /** Readiness in the shape GET /health has always answered with. */
  async report(): Promise<HealthReport> {
    const result = await this.ready();
    const checks = Object.fromEntries(
      DEPENDENCIES.map((name) => {
        const detail = result.details[name] as { status?: string; responseTime?: number; message?: string } | undefined;
        const check: CheckResult = { ok: detail?.status === 'up', latencyMs: Math.round(detail?.responseTime ?? 0) };
        if (!check.ok) check.message = detail?.message ?? 'not checked';
        return [name, check];
      }),
    ) as Record<Dependency, CheckResult>;
    return { status: result.status === 'ok' ? 'ok' : 'degraded', checks };
  }

  onModuleDestroy(): void {
    this.eventLoop.disable();
  }

  /** Terminus answers a failed check by throwing its result in a 503; the controller writes that result itself. */
  private async run(checks: Parameters<HealthCheckService['check']>[0]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
