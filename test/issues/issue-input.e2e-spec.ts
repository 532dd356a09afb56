// Bad input on every issue endpoint: each case answers 400 in the common error shape naming the field, writes
// nothing, and neither starts a workflow nor sends an update. No worker is needed: nothing may reach Temporal.
import { randomUUID } from 'node:crypto';
import { ReplyLinkService } from '../../apps/api/src/auth/reply-link.service';
import { IssueWorkflowClient } from '../../apps/api/src/issues/issue-workflow.client';
import { idOf, insertIssue, type IssueFixture } from '../auth/support/fixtures';
import type { ErrorBody } from '../auth/support/http';
import { startIssueApp, type IssueTestApp } from './support/issue-app';
import { intakeBody, ROADS_IN_CHENGDONG } from './support/issues';

type Body = Record<string, unknown>;

interface Case {
  /** What is wrong, for the test name. */
  name: string;
  /** The field the answer must name. */
  field: string;
  /** The body to send (or to break), given the suite's fixtures. */
  body: (f: Fixtures) => Body | Promise<Body>;
  headers?: Record<string, string>;
}

interface Endpoint {
  path: (f: Fixtures) => string;
  as: string | null;
  cases: Case[];
}

interface Fixtures {
  t: IssueTestApp;
  issue: IssueFixture;
  replyToken: string;
  intake: () => Promise<Body>;
  ids: Record<'gangkouStation' | 'yanglin' | 'county' | 'retiredCategory' | 'shehuiGangkou', string>;
}

const long = (n: number) => 'x'.repeat(n + 1);
const blank = '   ';

/** The usual breakages of a text field: missing, not text, blank, too long. */
function textCases(field: string, max: number, valid: (f: Fixtures) => Body, required = true): Case[] {
  const without = (f: Fixtures) => Object.fromEntries(Object.entries(valid(f)).filter(([key]) => key !== field));
  return [
    ...(required ? [{ name: `${field} missing`, field, body: without }] : []),
    { name: `${field} not text`, field, body: (f) => ({ ...valid(f), [field]: 42 }) },
    ...(required ? [{ name: `${field} blank`, field, body: (f: Fixtures) => ({ ...valid(f), [field]: blank }) }] : []),
    { name: `${field} over ${max} characters`, field, body: (f) => ({ ...valid(f), [field]: long(max) }) },
  ];
}

const unknownField = (valid: (f: Fixtures) => Body | Promise<Body>): Case => ({
  name: 'an unknown field',
  field: 'sneaky',
  body: async (f) => ({ ...(await valid(f)), sneaky: true }),
});

const badKey = (valid: (f: Fixtures) => Body = () => ({})): Case => ({
  name: 'a malformed Idempotency-Key header',
  field: 'Idempotency-Key',
  body: valid,
  headers: { 'Idempotency-Key': 'bad key!' },
});

const reply = () => ({ replyClass: 'A', text: '已修复' });
const replyCases: Case[] = [
  unknownField(reply),
  ...textCases('text', 4000, reply),
  { name: 'replyClass missing', field: 'replyClass', body: () => ({ text: '已修复' }) },
  { name: 'replyClass D', field: 'replyClass', body: () => ({ replyClass: 'D', text: '已修复' }) },
  { name: 'class B without promisedDate', field: 'promisedDate', body: () => ({ replyClass: 'B', text: '计划' }) },
  {
    name: 'class A with a promisedDate',
    field: 'promisedDate',
    body: () => ({ replyClass: 'A', text: '已修复', promisedDate: '2099-01-01' }),
  },
  {
    name: 'promisedDate not a date',
    field: 'promisedDate',
    body: () => ({ replyClass: 'B', text: '计划', promisedDate: '2099-02-30' }),
  },
];

const reason = () => ({ reason: '理由' });
const departments = (f: Fixtures) => ({ leadDepartmentId: f.issue.leadDepartmentId });
const departmentCases = (valid: (f: Fixtures) => Body): Case[] => [
  {
    name: 'leadDepartmentId missing',
    field: 'leadDepartmentId',
    body: (f) => ({ ...valid(f), leadDepartmentId: undefined }),
  },
  {
    name: 'leadDepartmentId not a uuid',
    field: 'leadDepartmentId',
    body: (f) => ({ ...valid(f), leadDepartmentId: 'x' }),
  },
  {
    name: 'leadDepartmentId names no department',
    field: 'leadDepartmentId',
    body: (f) => ({ ...valid(f), leadDepartmentId: randomUUID() }),
  },
  {
    name: 'leadDepartmentId of another township',
    field: 'leadDepartmentId',
    body: (f) => ({ ...valid(f), leadDepartmentId: f.ids.shehuiGangkou }),
  },
  {
    name: 'coHandlerDepartmentIds not uuids',
    field: 'coHandlerDepartmentIds',
    body: (f) => ({ ...valid(f), coHandlerDepartmentIds: ['x'] }),
  },
  {
    name: 'coHandlerDepartmentIds twice the same',
    field: 'coHandlerDepartmentIds',
    body: (f) => ({ ...valid(f), coHandlerDepartmentIds: [f.issue.coDepartmentId, f.issue.coDepartmentId] }),
  },
  {
    name: 'more than 5 co-handlers',
    field: 'coHandlerDepartmentIds',
    body: (f) => ({ ...valid(f), coHandlerDepartmentIds: Array.from({ length: 6 }, () => randomUUID()) }),
  },
  {
    name: 'the lead as a co-handler',
    field: 'coHandlerDepartmentIds.0',
    body: (f) => ({ ...valid(f), coHandlerDepartmentIds: [f.issue.leadDepartmentId] }),
  },
];

const ENDPOINTS: Record<string, Endpoint> = {
  'POST /api/issues': {
    path: () => '/api/issues',
    as: 'deputy.zhangzhiqiang',
    cases: [
      unknownField((f) => f.intake()),
      ...['stationId', 'categoryId', 'placeRegionId'].flatMap((field): Case[] => [
        { name: `${field} missing`, field, body: async (f) => ({ ...(await f.intake()), [field]: undefined }) },
        { name: `${field} not a uuid`, field, body: async (f) => ({ ...(await f.intake()), [field]: 'chengdong' }) },
        {
          name: `${field} names nothing`,
          field,
          body: async (f) => ({ ...(await f.intake()), [field]: randomUUID() }),
        },
      ]),
      {
        name: 'a station the deputy does not serve',
        field: 'stationId',
        body: async (f) => ({ ...(await f.intake()), stationId: f.ids.gangkouStation }),
      },
      {
        name: 'a category no longer in use',
        field: 'categoryId',
        body: async (f) => ({ ...(await f.intake()), categoryId: f.ids.retiredCategory }),
      },
      {
        name: 'a village of another township',
        field: 'placeRegionId',
        body: async (f) => ({ ...(await f.intake()), placeRegionId: f.ids.yanglin }),
      },
      {
        name: 'the county as the place',
        field: 'placeRegionId',
        body: async (f) => ({ ...(await f.intake()), placeRegionId: f.ids.county }),
      },
      { name: 'channel email', field: 'channel', body: async (f) => ({ ...(await f.intake()), channel: 'email' }) },
      { name: 'urgency missing', field: 'urgency', body: async (f) => ({ ...(await f.intake()), urgency: undefined }) },
      { name: 'urgency very', field: 'urgency', body: async (f) => ({ ...(await f.intake()), urgency: 'very' }) },
      {
        name: 'description over 4000 characters',
        field: 'description',
        body: async (f) => ({ ...(await f.intake()), description: long(4000) }),
      },
      {
        name: 'description blank',
        field: 'description',
        body: async (f) => ({ ...(await f.intake()), description: blank }),
      },
      {
        name: 'a phone number that is not one',
        field: 'voter.phone',
        body: async (f) => ({ ...(await f.intake()), voter: { phone: '12345' } }),
      },
      {
        name: 'an ID number with a wrong check character',
        field: 'voter.idNumber',
        body: async (f) => ({ ...(await f.intake()), voter: { idNumber: '430621199001011237' } }),
      },
      {
        name: 'a voter name over 50 characters',
        field: 'voter.name',
        body: async (f) => ({ ...(await f.intake()), voter: { name: long(50) } }),
      },
      {
        name: 'an unknown voter field',
        field: 'voter.email',
        body: async (f) => ({ ...(await f.intake()), voter: { email: 'x@example.org' } }),
      },
      {
        name: 'more than 10 attachments',
        field: 'attachments',
        body: async (f) => ({
          ...(await f.intake()),
          attachments: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.jpg`, url: `https://f.example.org/${i}` })),
        }),
      },
      {
        name: 'an attachment URL that is not http(s)',
        field: 'attachments.0.url',
        body: async (f) => ({ ...(await f.intake()), attachments: [{ name: 'a.jpg', url: 'javascript:alert(1)' }] }),
      },
      {
        name: 'an attachment without a name',
        field: 'attachments.0.name',
        body: async (f) => ({ ...(await f.intake()), attachments: [{ url: 'https://f.example.org/a.jpg' }] }),
      },
      {
        name: 'idempotencyKey too short',
        field: 'idempotencyKey',
        body: async (f) => ({ ...(await f.intake()), idempotencyKey: 'short' }),
      },
      {
        name: 'idempotencyKey with spaces',
        field: 'idempotencyKey',
        body: async (f) => ({ ...(await f.intake()), idempotencyKey: 'has spaces in it' }),
      },
      {
        name: 'idempotencyKey missing',
        field: 'idempotencyKey',
        body: async (f) => ({ ...(await f.intake()), idempotencyKey: undefined }),
      },
    ],
  },
  'POST /api/issues/:id/acknowledge': {
    path: (f) => `/api/issues/${f.issue.id}/acknowledge`,
    as: 'dept.jiaotong.rongjiawan',
    cases: [badKey()],
  },
  'POST /api/issues/:id/send-back': {
    path: (f) => `/api/issues/${f.issue.id}/send-back`,
    as: 'dept.jiaotong.rongjiawan',
    cases: [unknownField(reason), ...textCases('reason', 1000, reason), badKey(reason)],
  },
  'POST /api/issues/:id/co-handler-input': {
    path: (f) => `/api/issues/${f.issue.id}/co-handler-input`,
    as: 'dept.jiaotong.rongjiawan',
    cases: [unknownField(() => ({ text: '意见' })), ...textCases('text', 4000, () => ({ text: '意见' }))],
  },
  'POST /api/issues/:id/reply': {
    path: (f) => `/api/issues/${f.issue.id}/reply`,
    as: 'dept.jiaotong.rongjiawan',
    cases: [...replyCases, badKey(reply)],
  },
  'POST /api/issues/:id/follow-up-reply': {
    path: (f) => `/api/issues/${f.issue.id}/follow-up-reply`,
    as: 'dept.jiaotong.rongjiawan',
    cases: [
      unknownField(reply),
      ...textCases('text', 4000, reply),
      { name: 'replyClass B', field: 'replyClass', body: () => ({ replyClass: 'B', text: '仍在办理' }) },
    ],
  },
  'POST /api/issues/:id/rate': {
    path: (f) => `/api/issues/${f.issue.id}/rate`,
    as: 'deputy.zhangzhiqiang',
    cases: [
      unknownField(() => ({ rating: 'satisfied' })),
      { name: 'rating missing', field: 'rating', body: () => ({}) },
      { name: 'rating happy', field: 'rating', body: () => ({ rating: 'happy' }) },
      { name: 'rating not_rated', field: 'rating', body: () => ({ rating: 'not_rated' }) },
      ...textCases('comment', 1000, () => ({ rating: 'satisfied' }), false),
    ],
  },
  'POST /api/issues/:id/assign': {
    path: (f) => `/api/issues/${f.issue.id}/assign`,
    as: 'liaison.chengdong',
    cases: [unknownField(departments), ...departmentCases(departments), ...textCases('note', 1000, departments, false)],
  },
  'POST /api/issues/:id/reassign': {
    path: (f) => `/api/issues/${f.issue.id}/reassign`,
    as: 'supervisor.rongjiawan',
    cases: [
      unknownField((f) => ({ ...departments(f), reason: '改办' })),
      ...departmentCases((f) => ({ ...departments(f), reason: '改办' })),
      ...textCases('reason', 1000, (f) => ({ ...departments(f), reason: '改办' })),
    ],
  },
  'POST /api/issues/:id/urge': {
    path: (f) => `/api/issues/${f.issue.id}/urge`,
    as: 'supervisor.rongjiawan',
    cases: [
      unknownField(() => ({ note: '请抓紧' })),
      ...textCases('note', 1000, () => ({ note: '请抓紧' })),
      badKey(() => ({ note: '请抓紧' })),
    ],
  },
  'POST /api/issues/:id/extend': {
    path: (f) => `/api/issues/${f.issue.id}/extend`,
    as: 'supervisor.rongjiawan',
    cases: [
      unknownField(() => ({ extraWorkingDays: 5, reason: '等待资金' })),
      ...textCases('reason', 1000, () => ({ extraWorkingDays: 5, reason: '等待资金' })),
      {
        name: 'neither extraWorkingDays nor newDueDate',
        field: 'extraWorkingDays',
        body: () => ({ reason: '等待资金' }),
      },
      {
        name: 'both extraWorkingDays and newDueDate',
        field: 'newDueDate',
        body: () => ({ extraWorkingDays: 5, newDueDate: '2099-01-01', reason: '等待资金' }),
      },
      { name: 'extraWorkingDays 0', field: 'extraWorkingDays', body: () => ({ extraWorkingDays: 0, reason: '等待' }) },
      {
        name: 'extraWorkingDays 61',
        field: 'extraWorkingDays',
        body: () => ({ extraWorkingDays: 61, reason: '等待' }),
      },
      {
        name: 'extraWorkingDays 1.5',
        field: 'extraWorkingDays',
        body: () => ({ extraWorkingDays: 1.5, reason: '等待' }),
      },
      {
        name: 'extraWorkingDays as text',
        field: 'extraWorkingDays',
        body: () => ({ extraWorkingDays: '5', reason: '等待' }),
      },
      {
        name: 'newDueDate not a date',
        field: 'newDueDate',
        body: () => ({ newDueDate: '2099-13-01', reason: '等待' }),
      },
    ],
  },
  'POST /api/issues/:id/refer-upward': {
    path: (f) => `/api/issues/${f.issue.id}/refer-upward`,
    as: 'supervisor.rongjiawan',
    cases: [unknownField(reason), ...textCases('reason', 1000, reason)],
  },
  'POST /api/reply-links/:token/reply': {
    path: (f) => `/api/reply-links/${f.replyToken}/reply`,
    as: null,
    cases: replyCases,
  },
};

const TABLES = ['issues', 'issue_events', 'assignments', 'replies', 'feedback', 'reply_link_uses'];

describe('bad input on the issue endpoints', () => {
  let fixtures: Fixtures;
  let t: IssueTestApp;
  let start: jest.SpyInstance;
  let update: jest.SpyInstance;

  beforeAll(async () => {
    t = await startIssueApp();
    const issue = await insertIssue(t.db);
    const [retired] = await t.db.query<{ id: string }[]>(
      `INSERT INTO issue_categories (code, name_zh, name_en, active) VALUES ('retired', '已停用', 'Retired', false)
       RETURNING id`,
    );
    fixtures = {
      t,
      issue,
      replyToken: t.app.get(ReplyLinkService).create(issue.leadAssignmentId, issue.leadDepartmentId).token,
      intake: () => intakeBody(t, ROADS_IN_CHENGDONG),
      ids: {
        gangkouStation: await idOf(t.db, 'stations', 'gangkou'),
        yanglin: await idOf(t.db, 'regions', 'yanglin'),
        county: await idOf(t.db, 'regions', 'yueyang-county'),
        retiredCategory: retired.id,
        shehuiGangkou: await idOf(t.db, 'departments', 'shehui.gangkou'),
      },
    };
    const workflows = t.app.get(IssueWorkflowClient);
    start = jest.spyOn(workflows, 'start');
    update = jest.spyOn(workflows, 'update');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function counts(): Promise<Record<string, number>> {
    const rows = await t.db.query<{ name: string; n: number }[]>(
      TABLES.map((table) => `SELECT '${table}' AS name, count(*)::int AS n FROM ${table}`).join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  }

  describe.each(Object.entries(ENDPOINTS))('%s', (_name, endpoint) => {
    it.each(endpoint.cases.map((c) => [c.name, c] as const))(
      '%s → 400 naming the field, nothing done',
      async (_case, c) => {
        const before = await counts();
        const response = await t.http.request<ErrorBody>('POST', endpoint.path(fixtures), {
          body: await c.body(fixtures),
          token: endpoint.as ? await t.tokenOf(endpoint.as) : undefined,
          headers: c.headers,
        });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(Object.keys(response.body.fields ?? {})).toContain(c.field);
        expect(await counts()).toEqual(before);
        expect(start).not.toHaveBeenCalled();
        expect(update).not.toHaveBeenCalled();
      },
    );
  });

  describe('list and read parameters', () => {
    it.each([
      ['/api/issues?status=bogus', 'status'],
      ['/api/issues?categoryId=roads', 'categoryId'],
      ['/api/issues?departmentId=1', 'departmentId'],
      ['/api/issues?from=2026-02-30', 'from'],
      ['/api/issues?from=2026-03-10&to=2026-03-01', 'to'],
      ['/api/issues?limit=101', 'limit'],
      ['/api/issues/not-a-uuid', 'id'],
      ['/api/issues/not-a-uuid/events', 'id'],
      ['/api/assignments?status=late', 'status'],
    ])('GET %s → 400 naming %s', async (path, field) => {
      const as = path.startsWith('/api/assignments') ? 'dept.jiaotong.rongjiawan' : 'admin';
      const response = await t.http.get<ErrorBody>(path, await t.tokenOf(as));
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields ?? {})).toEqual([field]);
    });
  });
});
