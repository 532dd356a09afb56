// The operator's view of a running Lianluo (issue #14 items 4–6), on the API and the worker as deployed: both
// processes from dist/, their stdout and stderr captured, tracing on and exporting by OTLP to a receiver the suite
// runs, against a fresh database with the demo data, the shared Temporal dev server and an SMTP catcher. Two issues go
// through: one from intake to a satisfied rating, one urgent and left to go overdue and climb the escalation levels
// (on the demo clock). Then:
//   logs:    every line of both processes is a JSON object, none holds the voter's phone or ID number, and the lines
//            carry the request id, issue id and workflow id;
//   metrics: /metrics of the API and of the worker count what happened, by the right amounts;
//   traces:  one trace runs from the submission's HTTP request through the Temporal client, the workflow and its
//            activities and their PostgreSQL statements to the SMTP exchange of the assignment mail.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { findProjectRoot, freePort, stopChild } from '@app/stack';
import { idOf } from '../auth/support/fixtures';
import { createMigratedDatabase } from '../support/database';
import { until } from '../support/until';
import { OtlpReceiver } from './support/otlp-receiver';
import { scrape, valueOf, type Sample } from './support/prometheus';

const dist = join(findProjectRoot(), 'dist', 'apps');
const WORKER = join(dist, 'worker', 'src', 'main.js');
const API = join(dist, 'api', 'src', 'main.js');

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const VOTER = { name: '李桂兰', phone: '13807305678', idNumber: '430621196505121230', address: '城东社区建设路12号' };

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
}

interface IssueView {
  id: string;
  status: string;
  escalationLevel: number;
  voter: { phone: string | null; idNumber: string | null; masked: boolean };
}

describe("the operator's view: logs, metrics and traces of a running API and worker", () => {
  let db: DataSource;
  let mail: MailCatcher;
  const otlp = new OtlpReceiver();
  const procs: Proc[] = [];
  let api: string;
  let workerMetricsUrl: string;
  const tokens = new Map<string, string>();
  /** The issue taken from intake to a rating, and the urgent one left to escalate. */
  let rated: IssueView;
  let escalated: IssueView;
  let submitRequestId: string;

  function start(name: string, entry: string, env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const proc = { name, child, output: () => output };
    procs.push(proc);
    return proc;
  }

  async function call<T>(
    method: string,
    path: string,
    username?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; requestId: string | null }> {
    let token = username ? tokens.get(username) : undefined;
    if (username && !token) {
      const login = await call<{ accessToken: string }>('POST', '/api/auth/login', undefined, {
        username,
        password: DEMO_PASSWORD,
      });
      token = login.body.accessToken;
      tokens.set(username, token);
    }
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as T,
      requestId: response.headers.get('x-request-id'),
    };
  }

  const issueAs = async (username: string, id: string) =>
    (await call<IssueView>('GET', `/api/issues/${id}`, username)).body;

  async function submit(urgency: 'normal' | 'urgent'): Promise<{ issue: IssueView; requestId: string }> {
    const answer = await call<IssueView>('POST', '/api/issues', DEPUTY, {
      stationId: await idOf(db, 'stations', 'rongjiawan'),
      categoryId: await idOf(db, 'issue_categories', 'roads'),
      placeRegionId: await idOf(db, 'regions', 'chengdong'),
      channel: 'reception_day',
      urgency,
      description: '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。',
      voter: VOTER,
      idempotencyKey: randomUUID(),
    });
    if (answer.status !== 201) throw new Error(`submit: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { issue: answer.body, requestId: answer.requestId! };
  }

  const untilIssue = (username: string, id: string, what: string, ok: (issue: IssueView) => boolean) =>
    until(
      what,
      async () => {
        const issue = await issueAs(username, id);
        return ok(issue) ? issue : undefined;
      },
      90_000,
    );

  beforeAll(async () => {
    for (const entry of [WORKER, API]) {
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm test does)`);
    }
    const created = await createMigratedDatabase('observe');
    db = created.dataSource;
    const [otlpUrl] = await Promise.all([otlp.start(), seedDemoData(db)]);
    mail = await new MailCatcher().start();
    const [apiPort, healthPort] = [await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    workerMetricsUrl = `http://127.0.0.1:${healthPort}/metrics`;
    const env = {
      // JSON lines, as in production; `test` rather than `production` only so that the demo clock may run.
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: created.url,
      SMTP_URL: mail.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? 'localhost:7233',
      TEMPORAL_TASK_QUEUE: `observe-${randomUUID()}`,
      PUBLIC_URL: 'http://lianluo.test',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      WORKER_HEALTH_PORT: String(healthPort),
      // A working day in 4 s: the urgent issue (3 working days) is overdue in 12 s and climbs a level every 12 s.
      DEMO_WORKING_DAY_SECONDS: '4',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
      // Export within a fraction of a second rather than the batch processor's 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    start('worker', WORKER, env);
    start('api', API, env);
    await until(
      'the worker ready',
      async () =>
        (await fetch(`http://127.0.0.1:${healthPort}/health/ready`).catch(() => null))?.ok ? true : undefined,
      90_000,
    );
    await until(
      'the API ready',
      async () => ((await fetch(`${api}/health/ready`).catch(() => null))?.ok ? true : undefined),
      90_000,
    );

    // The urgent issue first: its clock runs while the other one is handled.
    escalated = (await submit('urgent')).issue;
    const normal = await submit('normal');
    submitRequestId = normal.requestId;
    await untilIssue(DEPUTY, normal.issue.id, 'the issue assigned', (i) => i.status === 'assigned');
    await mail.waitFor((m) => m.text.includes(normal.issue.id), 60_000);
    // The deputy reads the issue with the voter's data unmasked (the answer holds them; the logs must not).
    const unmasked = await issueAs(DEPUTY, normal.issue.id);
    expect(unmasked.voter).toMatchObject({ phone: VOTER.phone, idNumber: VOTER.idNumber, masked: false });
    const reply = await call('POST', `/api/issues/${normal.issue.id}/reply`, LEAD, {
      replyClass: 'A',
      text: '已完成路面修复。',
    });
    expect([200, 202]).toContain(reply.status);
    await untilIssue(DEPUTY, normal.issue.id, 'the reply recorded', (i) => i.status === 'awaiting_feedback');
    const rate = await call('POST', `/api/issues/${normal.issue.id}/rate`, DEPUTY, { rating: 'satisfied' });
    expect([200, 202]).toContain(rate.status);
    rated = await untilIssue(DEPUTY, normal.issue.id, 'the issue closed', (i) => i.status === 'closed');
    escalated = await untilIssue(
      DEPUTY,
      escalated.id,
      'the urgent issue at the top level',
      (i) => i.escalationLevel >= 3,
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => stopChild(p.child, 10_000)));
    await otlp.stop();
    await mail?.stop();
    await db?.destroy();
  });

  describe('metrics', () => {
    let apiSamples: Sample[];
    let workerSamples: Sample[];

    beforeAll(async () => {
      // Every mail recorded has been sent (the gauge is read at most every 5 s).
      workerSamples = await until('the outbox empty', async () => {
        const samples = await scrape(workerMetricsUrl);
        return valueOf(samples, 'lianluo_mail_outbox_pending') === 0 ? samples : undefined;
      });
      apiSamples = await scrape(`${api}/metrics`);
    });

    it('counts at the API the issues taken in, the replies, and the requests by route template and status', () => {
      expect(valueOf(apiSamples, 'lianluo_issues_submitted_total')).toBe(2);
      expect(valueOf(apiSamples, 'lianluo_replies_total', { via: 'app' })).toBe(1);
      expect(valueOf(apiSamples, 'lianluo_replies_total', { via: 'link' })).toBe(0);
      const requests = (labels: Record<string, string>) =>
        valueOf(apiSamples, 'lianluo_http_request_duration_seconds_count', labels);
      expect(requests({ method: 'POST', route: '/api/issues', status: '201' })).toBe(2);
      expect(
        requests({ method: 'POST', route: '/api/issues/:id/reply', status: '200' }) +
          requests({ method: 'POST', route: '/api/issues/:id/reply', status: '202' }),
      ).toBe(1);
      expect(requests({ method: 'GET', route: '/api/issues/:id' })).toBeGreaterThan(0);
      // Ids never become labels.
      expect(apiSamples.filter((s) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(s.labels.route ?? ''))).toEqual([]);
    });

    it('gives the open issues by status and those overdue now, as the read model has them', async () => {
      const [facts] = await db.query<{ open: number; overdue: number }[]>(
        `SELECT count(*) FILTER (WHERE status <> 'closed')::int AS open,
                count(*) FILTER (WHERE is_open AND deadline_at < now())::int AS overdue
           FROM metrics.issue_facts`,
      );
      expect(facts).toEqual({ open: 1, overdue: 1 });
      // Read at most every 30 s: the first scrape came after both issues had moved on.
      expect(valueOf(apiSamples, 'lianluo_open_issues')).toBe(facts.open);
      expect(valueOf(apiSamples, 'lianluo_open_issues', { status: 'closed' })).toBe(0);
      expect(valueOf(apiSamples, 'lianluo_overdue_issues')).toBe(facts.overdue);
    });

    it("counts at the worker the mails sent, the escalations by level and the timer steps' lateness", async () => {
      expect(valueOf(workerSamples, 'lianluo_mail_attempts_total', { outcome: 'sent' })).toBe(mail.list().length);
      expect(valueOf(workerSamples, 'lianluo_mail_attempts_total', { outcome: 'failed' })).toBe(0);
      expect(valueOf(workerSamples, 'lianluo_mail_outbox_oldest_pending_seconds')).toBe(0);
      const events = await db.query<{ type: string; level: string | null; count: number }[]>(
        `SELECT type, data->>'level' AS level, count(*)::int AS count FROM issue_events
          WHERE type IN ('escalated', 'reminder', 'overdue', 'co_handler_overdue', 'follow_up_missed', 'not_rated')
          GROUP BY 1, 2`,
      );
      for (const level of ['1', '2', '3']) {
        const recorded = events.find((e) => e.type === 'escalated' && e.level === level)?.count ?? 0;
        expect({ level, counted: valueOf(workerSamples, 'lianluo_escalations_total', { level }) }).toEqual({
          level,
          counted: recorded,
        });
        expect(recorded).toBe(1);
      }
      const timerSteps = events.reduce((sum, e) => sum + e.count, 0);
      expect(valueOf(workerSamples, 'lianluo_timer_lateness_seconds_count')).toBe(timerSteps);
    });

    it("serves the Temporal SDK's runtime metrics on the worker's endpoint too", () => {
      const sdk = workerSamples.filter((s) => s.name.startsWith('temporal_'));
      expect(sdk.length).toBeGreaterThan(0);
      expect(valueOf(workerSamples, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);
    });
  });

  describe('logs', () => {
    const linesOf = (proc: Proc) =>
      proc
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '');
    const records = (name: string) =>
      linesOf(procs.find((p) => p.name === name)!).map((line) => JSON.parse(line) as Record<string, unknown>);

    it('writes every line of both processes as one JSON object with a level and the service', () => {
      for (const proc of procs) {
        const bad = linesOf(proc).filter((line) => {
          try {
            const record = JSON.parse(line) as Record<string, unknown>;
            return typeof record.level !== 'string' || record.service !== proc.name;
          } catch {
            return true;
          }
        });
        expect({ process: proc.name, bad: bad.slice(0, 5) }).toEqual({ process: proc.name, bad: [] });
      }
    });

    it("never logs the voter's phone or ID number, in either process, through a whole lifecycle", () => {
      for (const proc of procs) {
        expect(linesOf(proc).length).toBeGreaterThan(10);
        const leaks = linesOf(proc).filter((line) => line.includes(VOTER.phone) || line.includes(VOTER.idNumber));
        expect({ process: proc.name, leaks }).toEqual({ process: proc.name, leaks: [] });
      }
    });

    it('puts the request id on the request line and the issue id on lines about an issue', () => {
      const api = records('api');
      const submission = api.find((r) => (r.req as { id?: string } | undefined)?.id === submitRequestId);
      expect(submission).toMatchObject({ req: { method: 'POST', path: '/api/issues' }, res: { statusCode: 201 } });
      const replyLine = api.find(
        (r) => (r.req as { path?: string } | undefined)?.path === `/api/issues/${rated.id}/reply`,
      );
      expect(replyLine).toMatchObject({ issueId: rated.id, req: { method: 'POST' } });
      // No credential reaches a line.
      expect(api.filter((r) => JSON.stringify(r).includes(tokens.get(DEPUTY)!))).toEqual([]);
    });

    it("puts the workflow id and issue id on the worker's lines about an issue's activities", () => {
      const lines = records('worker').filter((r) => r.workflowId === `issue-${rated.id}`);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatchObject({ issueId: rated.id });
      expect(lines.some((line) => typeof line.activityType === 'string' || typeof line.activity === 'string')).toBe(
        true,
      );
    });
  });

  describe('traces', () => {
    it('follows one submission from its HTTP request to the SMTP exchange of its assignment mail', async () => {
      // The issue taken to its end: its workflow has completed, so the workflow's own span has ended and been sent.
      const expected = [
        'lianluo-api StartWorkflow:issueWorkflow',
        'lianluo-worker RunWorkflow:issueWorkflow',
        'lianluo-worker StartActivity:assignDepartments',
        'lianluo-worker RunActivity:assignDepartments',
        'lianluo-worker smtp send',
      ];
      const spansOf = (traceId: string) => otlp.spans.filter((s) => s.traceId === traceId);
      const traceId = await until(
        'the submission traced to its assignment mail',
        () => {
          const start = otlp.spans.find(
            (s) => s.name === 'StartWorkflow:issueWorkflow' && s.attributes.temporalWorkflowId === `issue-${rated.id}`,
          );
          const names = start ? spansOf(start.traceId).map((s) => `${s.service} ${s.name}`) : [];
          return start && expected.every((name) => names.includes(name)) ? start.traceId : undefined;
        },
        60_000,
      );
      const trace = spansOf(traceId);
      const [root, ...others] = trace.filter((s) => !s.parentSpanId);
      expect(others).toEqual([]);
      expect(root).toMatchObject({ service: 'lianluo-api', name: 'POST /api/issues' });
      // The assignment mail's SMTP exchange hangs under the activity that recorded it.
      const recording = trace.find((s) => s.name === 'RunActivity:assignDepartments')!;
      expect(trace.some((s) => s.name === 'smtp send' && s.parentSpanId === recording.spanId)).toBe(true);
      // PostgreSQL statements in both processes: the API's insert of the issue, the activity's of the assignment.
      const statements = (service: string) =>
        trace.filter((s) => s.service === service && s.name.startsWith('pg.query:INSERT')).length;
      expect(statements('lianluo-api')).toBeGreaterThan(0);
      expect(trace.some((s) => s.name.startsWith('pg.query:INSERT') && s.parentSpanId === recording.spanId)).toBe(true);
      // One tree: every span's parent is in the trace, up to the one root, the HTTP request.
      const ids = new Set(trace.map((s) => s.spanId));
      expect(trace.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).map((s) => s.name)).toEqual([]);
      // Statement parameters (the voter's data) are not on the spans.
      expect(JSON.stringify(trace)).not.toContain(VOTER.phone);
    });
  });
});
