// Outbound webhooks end to end (issue #15 item 6), on the real services: PostgreSQL with the migrations, the Temporal
// dev server, a real worker in process with the webhook dispatcher, the SMTP catcher, and real HTTP receivers (node
// http servers in this process) that verify every signature the way a receiver should.
import { TemporalClientService } from '@app/temporal';
import { PersonalDataCipher } from '@app/personal-data';
import { WebhookActivitiesRepository } from '../../apps/worker/src/webhooks/webhook-activities.repository';
import { WebhookDispatcher } from '../../apps/worker/src/webhooks/webhook-dispatcher';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { commandCarriedOut, ROADS_IN_CHENGDONG, submit, untilStatus } from '../issues/support/issues';
import { Receiver } from './support/receiver';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const ADMIN = 'admin';
const PAUSE_AFTER = 4;

interface Webhook {
  id: string;
  status: string;
  pausedReason: string | null;
  consecutiveFailures: number;
  secret?: string;
}

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  issueId: string;
  status: string;
  attempts: { statusCode: number | null; error: string | null; durationMs: number }[];
}

describe('outbound webhooks, with a real worker and real receivers', () => {
  let t: IssueTestApp;
  let dispatcher: WebhookDispatcher;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await startIssueApp({
      worker: true,
      env: {
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_INITIAL_SECONDS: '1',
        WEBHOOK_RETRY_MAX_SECONDS: '2',
        WEBHOOK_PAUSE_AFTER_FAILURES: String(PAUSE_AFTER),
        WEBHOOK_TIMEOUT_SECONDS: '2',
      },
    });
    // As runWorker does beside the worker.
    dispatcher = new WebhookDispatcher(
      new WebhookActivitiesRepository(t.db, new PersonalDataCipher(t.config)),
      t.app.get(TemporalClientService).client,
      t.config,
      200,
    );
    dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await t?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function register(receiver: Receiver, body: Record<string, unknown> = {}): Promise<Webhook> {
    receivers.push(receiver);
    const url = await receiver.start();
    const created = expectStatus<Webhook>(
      await t.http.post('/api/webhooks', { name: '县12345热线平台', url, ...body }, await t.tokenOf(ADMIN)),
      201,
    );
    receiver.secret = created.secret!;
    return created;
  }

  async function deliveries(endpointId: string, issueId: string): Promise<Delivery[]> {
    const page = expectStatus<{ items: Delivery[] }>(
      await t.http.get(`/api/webhooks/${endpointId}/deliveries?limit=100`, await t.tokenOf(ADMIN)),
      200,
    );
    return page.items.filter((d) => d.issueId === issueId).reverse();
  }

  it('a receiver sees every event of a lifecycle once, in order, signed (submit → reply → rate → closed)', async () => {
    const receiver = new Receiver();
    const endpoint = await register(receiver);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // The secret is shown once: never again.
    const again = expectStatus<Webhook>(await t.http.get(`/api/webhooks/${endpoint.id}`, await t.tokenOf(ADMIN)), 200);
    expect(again.secret).toBeUndefined();
    // Kept encrypted: the database holds a ciphertext of it, never the secret itself.
    const [{ secret: stored }] = await t.db.query<{ secret: string }[]>(
      `SELECT secret FROM webhook_endpoints WHERE id = $1`,
      [endpoint.id],
    );
    expect(stored).toMatch(/^pd1:/);
    expect(stored).not.toContain(endpoint.secret!.slice('whsec_'.length));

    const created = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    // Each carried out before the next (a busy worker answers 202 and carries it out a moment later).
    await commandCarriedOut(t, LEAD, created.id, 'acknowledge');
    await commandCarriedOut(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '已安排施工队修复破损路面。' });
    await commandCarriedOut(t, DEPUTY, created.id, 'rate', { rating: 'satisfied' });

    await eventually('the closed event at the receiver', () =>
      Promise.resolve(
        receiver.takenFor(created.id).some((e) => e.type === 'cn.lianluo.issue.closed') ? true : undefined,
      ),
    );
    const detail = expectStatus<{ number: string; timeline: { id: string; type: string }[] }>(
      await t.http.get(`/api/issues/${created.id}`, await t.tokenOf(DEPUTY)),
      200,
    );
    const seen = receiver.takenFor(created.id);
    // Every event of the issue's timeline, each once, in the order it happened.
    expect(seen.map((e) => [e.id, e.type])).toEqual(detail.timeline.map((e) => [e.id, `cn.lianluo.issue.${e.type}`]));
    expect(seen.map((e) => e.type)).toEqual([
      'cn.lianluo.issue.received',
      'cn.lianluo.issue.assigned',
      'cn.lianluo.issue.acknowledged',
      'cn.lianluo.issue.replied',
      'cn.lianluo.issue.co_handlers_released',
      'cn.lianluo.issue.rated',
      'cn.lianluo.issue.closed',
    ]);
    expect(seen[0]).toMatchObject({
      specversion: '1.0',
      source: 'http://lianluo.test/api/issues',
      subject: detail.number,
      datacontenttype: 'application/json',
      data: { issueId: created.id, number: detail.number, event: 'received', status: 'received' },
    });
    expect(seen.at(-1)!.data.status).toBe('closed');
    expect(receiver.refused).toEqual([]);
    // The delivery log: each delivered at the first attempt.
    const log = await deliveries(endpoint.id, created.id);
    expect(log.map((d) => [d.eventId, d.status, d.attempts.map((a) => a.statusCode)])).toEqual(
      seen.map((e) => [e.id, 'delivered', [204]]),
    );
  });

  it('a receiver that fails, then times out, then comes back gets the events retried and in order', async () => {
    const receiver = new Receiver();
    receiver.script = ['fail', 'hang'];
    const endpoint = await register(receiver, {
      eventTypes: ['cn.lianluo.issue.received', 'cn.lianluo.issue.assigned'],
    });

    const created = await submit(t, ROADS_IN_CHENGDONG);
    await eventually('the assigned event at the receiver', () =>
      Promise.resolve(
        receiver.takenFor(created.id).some((e) => e.type === 'cn.lianluo.issue.assigned') ? true : undefined,
      ),
    );
    expect(receiver.takenFor(created.id).map((e) => e.type)).toEqual([
      'cn.lianluo.issue.received',
      'cn.lianluo.issue.assigned',
    ]);
    const log = await deliveries(endpoint.id, created.id);
    expect(log.map((d) => d.eventType)).toEqual(['cn.lianluo.issue.received', 'cn.lianluo.issue.assigned']);
    expect(log[0].attempts).toEqual([
      expect.objectContaining({ statusCode: 500, error: 'receiver is down' }),
      expect.objectContaining({ statusCode: null, error: 'no answer within 2 s' }),
      expect.objectContaining({ statusCode: 204, error: null }),
    ]);
    expect(log[0].attempts[1].durationMs).toBeGreaterThanOrEqual(2000);
    expect(log[1].attempts.map((a) => a.statusCode)).toEqual([204]);
    const after = expectStatus<Webhook>(await t.http.get(`/api/webhooks/${endpoint.id}`, await t.tokenOf(ADMIN)), 200);
    expect(after).toMatchObject({ status: 'active', consecutiveFailures: 0 });
  });

  it('an endpoint that keeps failing is paused and its owner mailed; resumed, it catches up; a redelivery resends', async () => {
    const receiver = new Receiver();
    receiver.then = 'fail';
    const endpoint = await register(receiver, {
      eventTypes: ['cn.lianluo.issue.received', 'cn.lianluo.issue.assigned'],
    });

    const created = await submit(t, ROADS_IN_CHENGDONG);
    const mail = await t.mail.waitFor(
      (m) => m.to.includes('admin@demo.lianluo.local') && m.subject.includes('Webhook 端点已暂停'),
      60_000,
    );
    expect(mail.text).toContain(`连续 ${PAUSE_AFTER} 次推送失败`);
    const paused = expectStatus<Webhook>(await t.http.get(`/api/webhooks/${endpoint.id}`, await t.tokenOf(ADMIN)), 200);
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'failures', consecutiveFailures: PAUSE_AFTER });
    const failed = await deliveries(endpoint.id, created.id);
    expect(failed[0].attempts.map((a) => a.statusCode)).toEqual(Array<number>(PAUSE_AFTER).fill(500));
    expect(receiver.takenFor(created.id)).toEqual([]);

    receiver.then = 'ok';
    const resumed = expectStatus<Webhook>(
      await t.http.post(`/api/webhooks/${endpoint.id}/resume`, {}, await t.tokenOf(ADMIN)),
      200,
    );
    expect(resumed).toMatchObject({ status: 'active', pausedReason: null, consecutiveFailures: 0 });
    await eventually('the assigned event after the resume', () =>
      Promise.resolve(
        receiver.takenFor(created.id).some((e) => e.type === 'cn.lianluo.issue.assigned') ? true : undefined,
      ),
    );
    const seen = receiver.takenFor(created.id);
    expect(seen.map((e) => e.type)).toEqual(['cn.lianluo.issue.received', 'cn.lianluo.issue.assigned']);

    // A manual redelivery sends the same event (same id) once more.
    const [first] = await deliveries(endpoint.id, created.id);
    expect(
      (await t.http.post(`/api/webhooks/${endpoint.id}/deliveries/${first.id}/redeliver`, {}, await t.tokenOf(ADMIN)))
        .status,
    ).toBe(202);
    await eventually('the redelivered event', () =>
      Promise.resolve(receiver.takenFor(created.id).length === 3 ? true : undefined),
    );
    expect(receiver.takenFor(created.id)[2]).toEqual(seen[0]);
    // The attempt is recorded once the receiver's answer is back, a moment after the receiver has the event.
    const expected = [...Array<number>(PAUSE_AFTER).fill(500), 204, 204];
    const attempts = await eventually('the redelivery recorded', async () => {
      const [redelivered] = await deliveries(endpoint.id, created.id);
      return redelivered.attempts.length === expected.length ? redelivered.attempts : undefined;
    });
    expect(attempts.map((a) => a.statusCode)).toEqual(expected);
  });

  it('admins only; URLs and event types are validated at the edge', async () => {
    const admin = await t.tokenOf(ADMIN);
    const deputy = await t.tokenOf(DEPUTY);
    expect((await t.http.get('/api/webhooks', deputy)).status).toBe(403);
    expect((await t.http.post('/api/webhooks', { name: 'x', url: 'https://example.org/h' }, deputy)).status).toBe(403);
    for (const url of [
      'https://user:pw@example.org/h',
      'ftp://example.org/h',
      'not a url',
      `https://e.org/${'a'.repeat(2100)}`,
    ]) {
      const response = await t.http.post<{ fields: Record<string, string[]> }>(
        '/api/webhooks',
        { name: 'x', url },
        admin,
      );
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields)).toEqual(['url']);
    }
    const badType = await t.http.post(
      '/api/webhooks',
      { name: 'x', url: 'https://example.org/h', eventTypes: ['x'] },
      admin,
    );
    expect(badType.status).toBe(400);
    expect((await t.http.get('/api/webhooks/00000000-0000-4000-8000-000000000000', admin)).status).toBe(404);
    expect(
      (await t.http.post('/api/webhooks/00000000-0000-4000-8000-000000000000/deliveries/1/redeliver', {}, admin))
        .status,
    ).toBe(404);
  });
});
