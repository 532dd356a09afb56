// Live updates: the worker records an escalation (recordTransition, as the workflow calls it), PostgreSQL's
// trigger announces it with NOTIFY, the API's one LISTEN connection hears it and pushes it as a server-sent event
// to the supervisors whose regions hold the issue, and to no one else.
import type { Notices } from '@app/mail';
import { IssueActivitiesRepository } from '../../apps/worker/src/issues/issue-activities.repository';
import { IssueActivitiesService } from '../../apps/worker/src/issues/issue-activities.service';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { buildIssue, forgetIds } from './support/issue-builder';
import { SseClient } from './support/sse';
import { testCipher } from '../support/personal-data';

interface Notice {
  id: string;
  issueId: string;
  type: string;
  regionPath: string;
  at: string;
}

describe('supervision live updates', () => {
  let t: TestApp;
  let township: string;
  let county: string;
  let worker: IssueActivitiesService;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    township = (await t.http.login('supervisor.rongjiawan')).accessToken;
    county = (await t.http.login('supervisor.yueyangxian')).accessToken;
    // recordTransition needs the database alone; the outbox is for the other activities.
    worker = new IssueActivitiesService(new IssueActivitiesRepository(t.db), {} as Notices, t.config, testCipher);
  });

  afterAll(async () => {
    await Promise.all(open.map((client) => client.close()));
    await t?.close();
  });

  const subscribe = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${t.http.baseUrl}${path}`, headers);
    open.push(client);
    return client;
  };

  const assignedIssue = (village: string, station: string, lead: string, deputy: string) =>
    buildIssue(t.db, {
      submittedAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      dueAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
      status: 'overdue',
      village,
      station,
      lead,
      deputy,
    });

  const escalate = (issueId: string) =>
    worker.recordTransition({
      issueId,
      stepKey: 'r1:escalation:1',
      type: 'escalated',
      at: new Date().toISOString(),
      status: 'escalated',
      patch: { escalationLevel: 1 },
      data: { level: 1, key: 'township_presidium', name: '乡镇人大主席团', trigger: 'overdue' },
    });

  it('pushes an escalation recorded by the worker to the supervisors of its region, and only to them', async () => {
    const mine = await assignedIssue('chengdong', 'rongjiawan', 'jiaotong.rongjiawan', 'deputy.zhangzhiqiang');
    const elsewhere = await assignedIssue('tongxi', 'gangkou', 'nongye.gangkou', 'deputy.zhaoweidong');
    const townshipStream = await subscribe(`/api/supervision/events?access_token=${township}`);
    const countyStream = await subscribe('/api/supervision/events', { Authorization: `Bearer ${county}` });
    expect([townshipStream.status, countyStream.status]).toEqual([200, 200]);
    await townshipStream.next((e) => e.type === 'ready');
    await countyStream.next((e) => e.type === 'ready');

    await escalate(elsewhere); // 筻口镇: the county sees it, 荣家湾镇 does not
    await escalate(mine);

    const seen = await townshipStream.next((e) => e.type === 'issue_event');
    expect(seen.data).toMatchObject({
      issueId: mine,
      type: 'escalated',
      regionPath: 'yueyang/yueyang-county/rongjiawan/chengdong',
    });
    expect(seen.id).toBe((seen.data as Notice).id);
    const countySaw = [
      await countyStream.next((e) => e.type === 'issue_event'),
      await countyStream.next((e) => e.type === 'issue_event'),
    ];
    expect(countySaw.map((e) => (e.data as Notice).issueId)).toEqual([elsewhere, mine]);

    // The row and the queue moved with the event.
    const queue = await t.http.get<{ items: { id: string; escalationLevel: number }[] }>(
      '/api/supervision/queues/escalated',
      township,
    );
    expect(queue.body.items).toEqual([expect.objectContaining({ id: mine, escalationLevel: 1 })]);
  });

  it('pushes a reply, and leaves out the event types not asked for', async () => {
    const issueId = await assignedIssue('baishi', 'rongjiawan', 'jiaotong.rongjiawan', 'deputy.zhangzhiqiang');
    const stream = await subscribe(`/api/supervision/events?access_token=${township}`);
    await stream.next((e) => e.type === 'ready');
    await t.db.query(
      `INSERT INTO issue_events (issue_id, step_key, type, occurred_at) VALUES ($1, 'update:ack', 'acknowledged', now())`,
      [issueId],
    );
    await t.db.query(
      `INSERT INTO issue_events (issue_id, step_key, type, occurred_at) VALUES ($1, 'update:reply', 'replied', now())`,
      [issueId],
    );
    const event = await stream.next((e) => e.type === 'issue_event');
    expect(event.data).toMatchObject({ issueId, type: 'replied' });

    const acknowledgements = await subscribe(`/api/supervision/events?access_token=${township}&types=acknowledged`);
    await acknowledgements.next((e) => e.type === 'ready');
    await t.db.query(
      `INSERT INTO issue_events (issue_id, step_key, type, occurred_at) VALUES ($1, 'update:ack2', 'acknowledged', now())`,
      [issueId],
    );
    expect((await acknowledgements.next((e) => e.type === 'issue_event')).data).toMatchObject({ type: 'acknowledged' });
  });

  it('needs a valid token, in the header or (on this route only) in the query', async () => {
    const none = await subscribe('/api/supervision/events');
    expect(none.status).toBe(401);
    const bad = await subscribe('/api/supervision/events?access_token=not-a-token');
    expect(bad.status).toBe(401);
    const otherRoute = await t.http.get(`/api/supervision/queues/escalated?access_token=${township}`);
    expect(otherRoute.status).toBe(401);
    const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    expect((await subscribe(`/api/supervision/events?access_token=${deputy}`)).status).toBe(403);
    expect((await subscribe(`/api/supervision/events?access_token=${township}&types=weather`)).status).toBe(400);
  });
});
