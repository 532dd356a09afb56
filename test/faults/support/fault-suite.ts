// The fault suite of issue #17 item 5 and #18 item 3, for either runtime (faults.e2e-spec.ts: the dev stack;
// faults-cluster.e2e-spec.ts: the cluster profile). The faults of a running stack, one after the other on ONE stack (npm start's script, see support/fault-stack.ts), each under load from a client that sends one
// attempt per key and repairs nothing. Then, with no client action:
//   0 issues in limbo (a saved issue without its workflow) once INTAKE_RECONCILE_BOUND_S has passed after recovery;
//   0 lost (every issue answered 201 is carried to assigned);
//   0 duplicate events, assignments or replies;
//   every mail delivered once, or recorded as possibly twice (an attempt `unknown`);
//   every answer 2xx, 4xx or 503 with Retry-After and a message that says whether it was saved — never a 5xx other
//   than 503, never a hang (CLIENT_TIMEOUT_MS); only a killed API may leave a request without an answer;
//   while PostgreSQL is stopped, intake, commands, reads and login answer 503 naming the database.
// PostgreSQL is stopped for 15 s, not 30: longer than the workers' retry back-off cap (10 s) and the pool's
// reconnects, which is what the outage exercises; 30 s would add a minute of CI time on both runtimes for no new path.
import { INTAKE_RECONCILE_BOUND_S } from '@app/contracts';
import { DEMO_PASSWORD } from '@app/database';
import { messageIdFor } from '@app/mail';
import { until } from '../../support/until';
import { FaultStack, statusOf, type Runtime } from './fault-stack';
import { CLIENT_TIMEOUT_MS, OneAttemptClient, type Answer, type IntakeRefs } from './one-attempt-client';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const POSTGRES_OUTAGE_MS = 15_000;
const TEMPORAL_OUTAGE_MS = 8_000;
const SMTP_OUTAGE_MS = 8_000;
/** How long the workers may take to come back after a dependency returns (README: retries back off to at most 10 s). */
const RECOVERY_S = 15;

/** An outage's length, chosen by the suite (the load keeps running through it): a duration, not a wait for a condition. */
const outageOf = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeFaults(runtime: Runtime): void {
  describe(`faults of the running stack (${runtime === 'server' ? 'cluster: real Temporal server, 2 workers, 2 APIs' : 'dev server'})`, () => {
    const stack = new FaultStack(runtime);
    let client: OneAttemptClient;
    let refs: IntakeRefs;
    let deputyToken: string;
    let leadToken: string;
    /** Issues answered 201, in order, for the department's commands. */
    const created: string[] = [];
    const commanded = new Set<string>();

    beforeAll(async () => {
      await stack.start();
      client = new OneAttemptClient(stack.apis);
      [refs] = await stack.query<IntakeRefs>(
        `SELECT (SELECT id FROM stations WHERE code = 'rongjiawan') AS "stationId",
              (SELECT id FROM issue_categories WHERE code = 'roads') AS "categoryId",
              (SELECT id FROM regions WHERE code = 'chengdong') AS "placeRegionId"`,
      );
      deputyToken = (await client.login(DEPUTY, DEMO_PASSWORD))!;
      leadToken = (await client.login(LEAD, DEMO_PASSWORD))!;
      expect([deputyToken, leadToken].every(Boolean)).toBe(true);
    }, 300_000);

    afterAll(async () => {
      await stack.close();
    }, 120_000);

    /** Deputies submit, the lead department acknowledges and replies, a user signs in: until `stop` is set. */
    function startLoad(): { stop: () => Promise<void> } {
      let stopped = false;
      const pace = (ms: number) => new Promise((r) => setTimeout(r, ms)); // load pacing, not waiting on a condition
      const submitter = async () => {
        while (!stopped) {
          const answer = await client.submit(deputyToken, refs);
          const id = (answer as { json?: { id?: string } }).json?.id;
          if (answer.status === 201 && id) created.push(id);
          await pace(400);
        }
      };
      const commander = async () => {
        while (!stopped) {
          const issueId = created.find((id) => !commanded.has(id));
          if (issueId) {
            commanded.add(issueId);
            const read = await client.send('read', `/api/issues/${issueId}`, {
              method: 'GET',
              token: leadToken,
              issueId,
            });
            const status = (read as { json?: { status?: string } }).json?.status;
            // While reads fail (no answer, or a 5xx), the command is sent anyway: its route must answer as truthfully.
            // A 404 is the lead department before its assignment: the issue is not theirs yet.
            const unreadable = read.status === undefined || read.status >= 500;
            if (unreadable || (read.status === 200 && status === 'assigned')) {
              const key = `ack-${issueId}`;
              const ack = await client.send('acknowledge', `/api/issues/${issueId}/acknowledge`, {
                token: leadToken,
                body: {},
                key,
                issueId,
                header: true,
              });
              if (ack.status === 200 || ack.status === 202) {
                await client.send('reply', `/api/issues/${issueId}/reply`, {
                  token: leadToken,
                  body: { replyClass: 'A', text: '已安排施工队修复破损路面。' },
                  key: `reply-${issueId}`,
                  issueId,
                  header: true,
                });
              }
            } else {
              commanded.delete(issueId); // not assigned yet: later
            }
          }
          await pace(300);
        }
      };
      const signer = async () => {
        while (!stopped) {
          await client.login(DEPUTY, DEMO_PASSWORD);
          await pace(1500);
        }
      };
      const running = Promise.all([submitter(), submitter(), commander(), signer()]);
      return {
        stop: async () => {
          stopped = true;
          await running;
        },
      };
    }

    /** Runs one fault under load, waits for the stack to be ready again, checks limbo within the bound, prints a line. */
    async function underFault(name: string, act: () => Promise<void>): Promise<Answer[]> {
      client.fault = name;
      const from = client.answers.length;
      const load = startLoad();
      const started = performance.now();
      try {
        await until(
          'some answers before the fault',
          () => (client.answers.length >= from + 6 ? true : undefined),
          60_000,
          100,
        );
        await act();
      } finally {
        await load.stop();
      }
      const recovered = performance.now();
      await stack.ready();
      // No saved issue without its workflow once the reconciler's bound has passed after the recovery.
      const limboFree = await until(
        'no saved issue without its workflow',
        async () => {
          const received = await stack.query<{ id: string }>(`SELECT id FROM issues WHERE status = 'received'`);
          const missing = await stack.withoutWorkflow(received.map((r) => r.id));
          return missing?.length === 0 ? performance.now() : undefined;
        },
        (INTAKE_RECONCILE_BOUND_S + RECOVERY_S) * 1000,
        500,
      );
      const answers = client.answers.slice(from);
      const refusals = new Set(answers.filter((a) => a.status === 503).map((a) => `${a.kind}: ${a.message}`));
      const byStatus = new Map<string, number>();
      for (const a of answers) {
        const key = `${a.kind} ${a.status ?? a.error}${a.resent ? ' (resent)' : ''}`;
        byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
      }
      process.stdout.write(
        `[faults] ${runtime} ${name}: ${answers.length} answers (${[...byStatus].map(([k, n]) => `${k}×${n}`).join(', ')}), ` +
          `slowest ${Math.round(Math.max(...answers.map((a) => a.ms)))} ms, fault ${Math.round((recovered - started) / 1000)} s, no issue in limbo ${Math.round((limboFree - recovered) / 1000)} s after` +
          [...refusals].map((r) => `\n[faults]   503 ${r}`).join('') +
          '\n',
      );
      return answers;
    }

    it('keeps every promise through worker, API, Temporal, PostgreSQL and SMTP faults', async () => {
      const [api] = stack.apis;
      const [worker] = stack.workers;

      await underFault('worker SIGKILL', () => stack.kill(worker, 'SIGKILL'));
      await underFault('API SIGKILL', () => stack.kill(api, 'SIGKILL'));
      await underFault('API SIGTERM', () => stack.kill(api, 'SIGTERM'));
      await underFault('Temporal kill and restart', async () => {
        await stack.killTemporal();
        await outageOf(TEMPORAL_OUTAGE_MS);
        await stack.startTemporal();
      });
      const postgres = await underFault('PostgreSQL immediate stop and restart', async () => {
        await stack.stopPostgresImmediately();
        const down = client.answers.length;
        // Every route class answered at least once during the outage, and the outage lasts its time.
        const outageEnds = Date.now() + POSTGRES_OUTAGE_MS;
        await until(
          'intake, a command, a read and a login answered while PostgreSQL is down, and the outage over',
          () => {
            const kinds = new Set(client.answers.slice(down).map((a) => a.kind));
            return Date.now() >= outageEnds &&
              ['intake', 'read', 'login', 'acknowledge'].every((k) => kinds.has(k as never))
              ? true
              : undefined;
          },
          POSTGRES_OUTAGE_MS + CLIENT_TIMEOUT_MS * 2,
          200,
        );
        await stack.startPostgres();
      });
      await underFault('SMTP refusing, then hanging', async () => {
        stack.mail.setMode('refuse');
        await outageOf(SMTP_OUTAGE_MS);
        stack.mail.setMode('hang');
        await until(
          'a deliverer held by the hanging server',
          () => (stack.mail.hangingConnections > 0 ? true : undefined),
          60_000,
          100,
        );
        stack.mail.setMode('accept');
      });

      // ---- every answer: truthful, bounded ----
      const all = client.answers;
      const problems: string[] = [];
      for (const a of all) {
        const what = `${a.fault} ${a.kind} on ${a.replica} → ${a.status ?? a.error}: ${a.message ?? ''}`;
        if (a.error === 'timeout') problems.push(`no answer within ${CLIENT_TIMEOUT_MS} ms: ${what}`);
        else if (a.error && !a.fault.startsWith('API')) problems.push(`no answer outside an API kill: ${what}`);
        // With two replicas, the client's one resend (same key, the other replica) must be answered.
        else if (a.error && stack.apis.length > 1 && a.resent)
          problems.push(`the other replica did not answer: ${what}`);
        else if (a.status !== undefined && a.status >= 500 && a.status !== 503) problems.push(`a ${a.status}: ${what}`);
        else if (a.status === 503 && (!a.retryAfter || !a.message))
          problems.push(`503 without Retry-After or message: ${what}`);
        else if (a.status !== undefined && a.status >= 400 && !a.message) problems.push(`no message: ${what}`);
      }
      // While PostgreSQL was down, each route class answered 503 naming it.
      for (const kind of ['intake', 'read', 'login', 'acknowledge'] as const) {
        const named = postgres.filter((a) => a.kind === kind && a.status === 503 && /PostgreSQL/.test(a.message ?? ''));
        if (named.length === 0) problems.push(`no ${kind} answered 503 naming PostgreSQL during its outage`);
      }
      // An intake 503 that says nothing was saved saved nothing; one that says it is saved, is.
      const keys = new Set(
        (await stack.query<{ key: string }>(`SELECT idempotency_key AS key FROM issues`)).map((r) => r.key),
      );
      for (const a of all.filter((x) => x.kind === 'intake' && x.status === 503)) {
        if (/nothing of it was saved/.test(a.message ?? '') && keys.has(a.key!))
          problems.push(`said not saved, was: ${a.key}`);
        if (/The issue is saved/.test(a.message ?? '') && !keys.has(a.key!))
          problems.push(`said saved, was not: ${a.key}`);
      }
      expect(problems).toEqual([]);

      // ---- 0 lost: every 201 carried to assigned ----
      const accepted = all.filter((a) => a.kind === 'intake' && a.status === 201).map((a) => a.key!);
      expect(accepted.length).toBeGreaterThan(20);
      await until(
        'every issue answered 201 assigned',
        async () => {
          const rows = await stack.query<{ key: string }>(
            `SELECT idempotency_key AS key FROM issues i WHERE status <> 'received'
              AND EXISTS (SELECT 1 FROM assignments a WHERE a.issue_id = i.id)`,
          );
          const assigned = new Set(rows.map((r) => r.key));
          return accepted.every((k) => assigned.has(k)) ? true : undefined;
        },
        120_000,
        500,
      );
      // And every saved issue, answered or not, has left `received` (none waits for a client to resend).
      await until(
        'no issue left received',
        async () =>
          (await stack.query(`SELECT 1 FROM issues WHERE status = 'received'`)).length === 0 ? true : undefined,
        120_000,
        500,
      );

      // ---- 0 duplicates ----
      expect(
        await stack.query(
          `SELECT issue_id, type, data, count(*)::int AS n FROM issue_events
          GROUP BY issue_id, type, data, actor_label HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      expect(
        await stack.query(
          `SELECT issue_id, department_id, round, count(*)::int AS n FROM assignments
          GROUP BY issue_id, department_id, round HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      expect(
        await stack.query(
          `SELECT issue_id, round, kind, count(*)::int AS n FROM replies GROUP BY issue_id, round, kind HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      // Every command answered 200/202 is recorded (the reply once, above).
      const replied = all
        .filter((a) => a.kind === 'reply' && (a.status === 200 || a.status === 202))
        .map((a) => a.issueId!);
      await until(
        'every accepted reply recorded',
        async () => {
          const rows = await stack.query<{ issue_id: string }>(`SELECT issue_id FROM replies`);
          const have = new Set(rows.map((r) => r.issue_id));
          return replied.every((id) => have.has(id)) ? true : undefined;
        },
        120_000,
        500,
      );

      // A reply answered 503 says whether the workflow took it: taken is recorded, "nothing saved" is not.
      const replies = new Set(
        (await stack.query<{ issue_id: string }>(`SELECT issue_id FROM replies`)).map((r) => r.issue_id),
      );
      for (const a of all.filter((x) => x.kind === 'reply' && x.status === 503)) {
        if (/nothing of it was saved/.test(a.message ?? '') && replies.has(a.issueId!)) {
          problems.push(`reply said not saved, was recorded: ${a.issueId}`);
        }
        if (/was (accepted|carried out)/.test(a.message ?? '') && !replies.has(a.issueId!)) {
          problems.push(`reply said accepted, not recorded: ${a.issueId}`);
        }
      }
      expect(problems).toEqual([]);

      // ---- mail: each delivered once, or recorded as possibly twice ----
      await until(
        'the outbox drained',
        async () =>
          (await stack.query(`SELECT 1 FROM mail_outbox WHERE status <> 'sent'`)).length === 0 ? true : undefined,
        120_000,
        500,
      );
      const outbox = await stack.query<{ id: string; dedupe_key: string; unknown: boolean }>(
        `SELECT o.id, o.dedupe_key,
              EXISTS (SELECT 1 FROM operations.mail_attempts m WHERE m.mail_id = o.id AND m.outcome = 'unknown') AS unknown
         FROM mail_outbox o`,
      );
      const copies = new Map<string, number>();
      for (const m of stack.mail.list()) {
        const id = m.headers['message-id'];
        if (typeof id === 'string') copies.set(id, (copies.get(id) ?? 0) + 1);
      }
      const badMail = outbox
        .map((o) => ({ key: o.dedupe_key, copies: copies.get(messageIdFor(o.dedupe_key)) ?? 0, unknown: o.unknown }))
        .filter((o) => o.copies === 0 || (o.copies > 1 && !o.unknown));
      expect(badMail).toEqual([]);
      process.stdout.write(
        `[faults] ${runtime} total: ${all.length} answers, ${accepted.length} issues answered 201 all assigned, ` +
          `${replied.length} replies, ${outbox.length} mails (${outbox.filter((o) => o.unknown).length} possibly twice)\n`,
      );
      for (const app of stack.apis) expect(await statusOf(`${app.health}/health/ready`)).toBe(200);
    }, 900_000);
  });
}
