// The authorisation matrix: role × endpoint × in/out of scope → status. One row per endpoint; every actor must
// have an expectation, so a new endpoint cannot be added without deciding who may call it. A refused request
// (401, 403, 404) must also leave every table exactly as it was.
//
// Adding the issue endpoints: add rows like
//   {
//     endpoint: 'GET /api/issues/:id',
//     request: (f) => ({ method: 'GET', path: `/api/issues/${f.issue.id}` }),
//     expect: { ...everyone(404), anonymous: 401, admin: 200, 'supervisor in scope': 200, ... },
//   },
// Out-of-scope reads answer 404 (existence is not revealed); visible but forbidden actions answer 403.
// The fixture issue has no workflow, so an issue command that passes every access check answers 409 (its workflow
// is not running): that 409 is the "allowed" outcome of the command rows, and nothing is changed by it.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import { chinaDay } from '@app/calendar';
import { loadConfig } from '@app/config';
import type { AuthUser } from '../../apps/api/src/auth/auth-user';
import { ReplyLinkService } from '../../apps/api/src/auth/reply-link.service';
import { ScopeService } from '../../apps/api/src/auth/scope.service';
import { ACTOR_NAMES, type Actor, addMissingActors, signInActors } from './support/actors';
import { dataFingerprint } from './support/fingerprint';
import { idOf, insertIssue, userId, type IssueFixture } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

interface Fixtures {
  issue: IssueFixture;
  /** A user the admin rows may modify (not one of the actors), and the region of their liaison role. */
  targetUserId: string;
  targetRegionId: string;
  /** A reply link for the fixture issue's lead assignment, and the ids an intake names. */
  replyToken: string;
  intake: { stationId: string; categoryId: string; placeRegionId: string };
}

interface MatrixRow {
  endpoint: string;
  request: (f: Fixtures, actor: Actor) => { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown };
  expect: Record<Actor, number>;
  /** A stream that stays open (server-sent events): only the status is read, then the connection is dropped. */
  stream?: boolean;
  /** Send the access token as ?access_token= instead of the Authorization header. */
  tokenInQuery?: boolean;
}

/** The same status for every actor; override the exceptions: `{ ...everyone(403), admin: 200, anonymous: 401 }`. */
function everyone(status: number): Record<Actor, number> {
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, status])) as Record<Actor, number>;
}

const ADMIN_ONLY = { ...everyone(403), anonymous: 401 };

/** `expectation` with every `from` turned into `to`. */
function replaced(expectation: Record<Actor, number>, from: number, to: number): Record<Actor, number> {
  const entries = ACTOR_NAMES.map((actor) => [actor, expectation[actor] === from ? to : expectation[actor]]);
  return Object.fromEntries(entries) as Record<Actor, number>;
}

const MATRIX: MatrixRow[] = [
  {
    endpoint: 'GET / (home)',
    request: () => ({ method: 'GET', path: '/' }),
    expect: everyone(200),
  },
  {
    endpoint: 'GET /api/docs-json',
    request: () => ({ method: 'GET', path: '/api/docs-json' }),
    expect: everyone(200),
  },
  {
    endpoint: 'GET /api/auth/me',
    request: () => ({ method: 'GET', path: '/api/auth/me' }),
    expect: { ...everyone(200), anonymous: 401 },
  },
  {
    // An empty body: signed-in callers reach validation (400); nobody's password changes.
    endpoint: 'POST /api/auth/password',
    request: () => ({ method: 'POST', path: '/api/auth/password', body: {} }),
    expect: { ...everyone(400), anonymous: 401 },
  },
  {
    endpoint: 'GET /api/users',
    request: () => ({ method: 'GET', path: '/api/users' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/users',
    request: (_f, actor) => ({
      method: 'POST',
      path: '/api/users',
      body: {
        username: `matrix.${randomUUID().slice(0, 8)}`,
        displayName: `created by ${actor}`,
        password: 'a-fine-initial-passphrase',
        roles: [{ role: 'admin' }],
      },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/users/:id/roles',
    request: (f) => ({
      method: 'PATCH',
      path: `/api/users/${f.targetUserId}/roles`,
      body: { roles: [{ role: 'admin' }] },
    }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/users/:id/unlock',
    request: (f) => ({ method: 'POST', path: `/api/users/${f.targetUserId}/unlock` }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/users/:id/reset-password',
    request: (f) => ({ method: 'POST', path: `/api/users/${f.targetUserId}/reset-password` }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/admin/imports/users/template',
    request: () => ({ method: 'GET', path: '/api/admin/imports/users/template' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    // No file sent: an admin is told so (400); nobody else gets that far.
    endpoint: 'POST /api/admin/imports/users',
    request: () => ({ method: 'POST', path: '/api/admin/imports/users?dryRun=true' }),
    expect: { ...ADMIN_ONLY, admin: 400 },
  },
  {
    endpoint: 'POST /api/users/:id/disable',
    request: (f) => ({ method: 'POST', path: `/api/users/${f.targetUserId}/disable` }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/users/:id/enable',
    request: (f) => ({ method: 'POST', path: `/api/users/${f.targetUserId}/enable` }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
];

/** Who may see the fixture issue: ScopeService's rule, which every issue endpoint enforces. */
const ISSUE_READABLE: Record<Exclude<Actor, 'anonymous'>, boolean> = {
  admin: true,
  'supervisor in scope': true,
  'county supervisor': true,
  'supervisor out of scope': false,
  'liaison in scope': true,
  'liaison out of scope': false,
  'deputy who submitted': true,
  'other deputy': false,
  'lead department': true,
  'unassigned department': false,
};

/** Readers of the fixture issue get `status`, others 404 (401 anonymous). */
function readers(status: number): Record<Actor, number> {
  const entries = ACTOR_NAMES.map((actor) => [
    actor,
    actor === 'anonymous' ? 401 : ISSUE_READABLE[actor] ? status : 404,
  ]);
  return Object.fromEntries(entries) as Record<Actor, number>;
}

const ALLOWED = 409; // reached the (absent) workflow: see the top of the file
/** The statuses of a request turned away by authentication or authorisation. */
const REFUSED = [401, 403, 404];
const issueCommand = (action: string, body: (f: Fixtures) => unknown) => (f: Fixtures) => ({
  method: 'POST' as const,
  path: `/api/issues/${f.issue.id}/${action}`,
  body: body(f),
});
/** A command for the lead department only: another department that can see the issue would get 403. */
const LEAD_DEPARTMENT_ONLY = {
  ...everyone(403),
  anonymous: 401,
  'lead department': ALLOWED,
  'unassigned department': 404,
};
/** A command for liaison officers and supervisors whose scope covers the issue. */
const REGIONAL = {
  ...everyone(403),
  anonymous: 401,
  'supervisor in scope': ALLOWED,
  'county supervisor': ALLOWED,
  'liaison in scope': ALLOWED,
  'supervisor out of scope': 404,
  'liaison out of scope': 404,
};

const ISSUE_MATRIX: MatrixRow[] = [
  {
    endpoint: 'POST /api/issues',
    request: (f, actor) => ({
      method: 'POST',
      path: '/api/issues',
      body: {
        ...f.intake,
        channel: 'walk_in',
        urgency: 'normal',
        description: `授权矩阵：${actor}`,
        idempotencyKey: `matrix-${randomUUID()}`,
      },
    }),
    expect: { ...everyone(403), anonymous: 401, 'deputy who submitted': 201, 'other deputy': 201 },
  },
  {
    endpoint: 'GET /api/issues',
    request: () => ({ method: 'GET', path: '/api/issues' }),
    expect: { ...everyone(200), anonymous: 401 },
  },
  {
    endpoint: 'GET /api/issues/:id',
    request: (f) => ({ method: 'GET', path: `/api/issues/${f.issue.id}` }),
    expect: readers(200),
  },
  {
    endpoint: 'GET /api/issues/:id/events',
    request: (f) => ({ method: 'GET', path: `/api/issues/${f.issue.id}/events` }),
    expect: readers(200),
  },
  {
    endpoint: 'GET /api/assignments',
    request: () => ({ method: 'GET', path: '/api/assignments' }),
    expect: { ...everyone(403), anonymous: 401, 'lead department': 200, 'unassigned department': 200 },
  },
  {
    endpoint: 'POST /api/issues/:id/acknowledge',
    request: issueCommand('acknowledge', () => undefined),
    expect: LEAD_DEPARTMENT_ONLY,
  },
  {
    endpoint: 'POST /api/issues/:id/send-back',
    request: issueCommand('send-back', () => ({ reason: '不属本单位职责' })),
    expect: LEAD_DEPARTMENT_ONLY,
  },
  {
    // Only a co-handler may: the lead department is refused (403) like everyone else who can see it.
    endpoint: 'POST /api/issues/:id/co-handler-input',
    request: issueCommand('co-handler-input', () => ({ text: '协办意见' })),
    expect: { ...LEAD_DEPARTMENT_ONLY, 'lead department': 403 },
  },
  {
    endpoint: 'POST /api/issues/:id/reply',
    request: issueCommand('reply', () => ({ replyClass: 'A', text: '已解决' })),
    expect: LEAD_DEPARTMENT_ONLY,
  },
  {
    endpoint: 'POST /api/issues/:id/follow-up-reply',
    request: issueCommand('follow-up-reply', () => ({ replyClass: 'A', text: '已解决' })),
    expect: LEAD_DEPARTMENT_ONLY,
  },
  {
    endpoint: 'POST /api/issues/:id/rate',
    request: issueCommand('rate', () => ({ rating: 'satisfied' })),
    expect: { ...everyone(403), anonymous: 401, 'deputy who submitted': ALLOWED, 'other deputy': 404 },
  },
  {
    endpoint: 'POST /api/issues/:id/assign',
    request: issueCommand('assign', (f) => ({ leadDepartmentId: f.issue.leadDepartmentId })),
    expect: REGIONAL,
  },
  {
    endpoint: 'POST /api/issues/:id/urge',
    request: issueCommand('urge', () => ({ note: '请抓紧办理' })),
    expect: REGIONAL,
  },
  {
    endpoint: 'POST /api/issues/:id/extend',
    request: issueCommand('extend', () => ({ extraWorkingDays: 3, reason: '等待资金' })),
    expect: REGIONAL,
  },
  {
    endpoint: 'POST /api/issues/:id/reassign',
    request: issueCommand('reassign', (f) => ({ leadDepartmentId: f.issue.coDepartmentId, reason: '改办' })),
    expect: REGIONAL,
  },
  {
    endpoint: 'POST /api/issues/:id/refer-upward',
    request: issueCommand('refer-upward', () => ({ reason: '提请督办' })),
    expect: REGIONAL,
  },
  {
    // The link is the credential: the same answer whoever holds it, signed in or not.
    endpoint: 'GET /api/reply-links/:token',
    request: (f) => ({ method: 'GET', path: `/api/reply-links/${f.replyToken}` }),
    expect: everyone(200),
  },
  {
    endpoint: 'POST /api/reply-links/:token/reply',
    request: (f) => ({
      method: 'POST',
      path: `/api/reply-links/${f.replyToken}/reply`,
      body: { replyClass: 'A', text: '已解决' },
    }),
    expect: everyone(ALLOWED),
  },
  {
    endpoint: 'GET /reply (reply page)',
    request: (f) => ({ method: 'GET', path: `/reply?token=${f.replyToken}` }),
    expect: everyone(200),
  },
];
/** A year that holds the fixture issue (submitted today), for the period every figure and file asks about. */
const PERIOD = `from=${chinaDay(new Date()).slice(0, 4)}-01-01&to=${Number(chinaDay(new Date()).slice(0, 4)) + 1}-01-01`;
const SUPERVISION_ACTORS = [
  'admin',
  'supervisor in scope',
  'county supervisor',
  'supervisor out of scope',
  'liaison in scope',
  'liaison out of scope',
] as const satisfies readonly Actor[];
/** Nobody but the roles the supervision controllers name gets past the role gate. */
const SUPERVISION_ROLES_ONLY = {
  ...everyone(403),
  anonymous: 401,
  admin: 200,
  'supervisor in scope': 200,
  'county supervisor': 200,
  'supervisor out of scope': 200,
  'liaison in scope': 200,
  'liaison out of scope': 200,
};
/** A scope named inside 城东社区 (the fixture issue's village): every supervisor and liaison officer above it. */
const REACHES_CHENGDONG = {
  ...SUPERVISION_ROLES_ONLY,
  'supervisor out of scope': 403,
  'liaison out of scope': 403,
};
/** A scope named at 荣家湾镇 itself: the village's liaison officer does not reach up to the township. */
const REACHES_RONGJIAWAN = { ...REACHES_CHENGDONG, 'liaison in scope': 403 };

// Supervision reads change nothing whoever asks; in/out of scope is decided by the region, station, department or
// deputy the request names: unknown → 404, known but outside the caller's regions → 403 (see
// SupervisionScopeService). The rates breakdown is left to its own suite.
const SUPERVISION_MATRIX: MatrixRow[] = [
  {
    // No region named: each caller gets the queue of their own regions.
    endpoint: 'GET /api/supervision/queues/escalated',
    request: () => ({ method: 'GET', path: '/api/supervision/queues/escalated' }),
    expect: SUPERVISION_ROLES_ONLY,
  },
  {
    endpoint: 'GET /api/supervision/queues/escalated?region=chengdong',
    request: () => ({ method: 'GET', path: '/api/supervision/queues/escalated?region=chengdong' }),
    expect: REACHES_CHENGDONG,
  },
  {
    // The token belongs in the header here: ?access_token= is for the event stream only.
    endpoint: 'GET /api/supervision/queues/escalated?access_token=',
    request: () => ({ method: 'GET', path: '/api/supervision/queues/escalated' }),
    tokenInQuery: true,
    expect: everyone(401),
  },
  {
    endpoint: 'GET /api/supervision/queues/due-soon?region=chengdong',
    request: () => ({ method: 'GET', path: '/api/supervision/queues/due-soon?region=chengdong&within=5' }),
    expect: REACHES_CHENGDONG,
  },
  {
    endpoint: 'GET /api/supervision/queues/triage?region=rongjiawan',
    request: () => ({ method: 'GET', path: '/api/supervision/queues/triage?region=rongjiawan' }),
    expect: REACHES_RONGJIAWAN,
  },
  {
    // No scope named: the caller's own region when they hold exactly one; an admin, who reaches everywhere, must
    // name one (400).
    endpoint: 'GET /api/supervision/rates',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?${PERIOD}` }),
    expect: { ...SUPERVISION_ROLES_ONLY, admin: 400 },
  },
  {
    endpoint: 'GET /api/supervision/rates?region=chengdong',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?region=chengdong&${PERIOD}` }),
    expect: REACHES_CHENGDONG,
  },
  {
    endpoint: 'GET /api/supervision/rates?region=yueyang-county',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?region=yueyang-county&${PERIOD}` }),
    expect: { ...REACHES_RONGJIAWAN, 'supervisor in scope': 403 },
  },
  {
    endpoint: 'GET /api/supervision/rates?station=rongjiawan',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?station=rongjiawan&${PERIOD}` }),
    expect: REACHES_RONGJIAWAN,
  },
  {
    endpoint: 'GET /api/supervision/rates?department=jiaotong.rongjiawan',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?department=jiaotong.rongjiawan&${PERIOD}` }),
    expect: REACHES_RONGJIAWAN,
  },
  {
    // 张志强 sits at the 荣家湾镇 and 城东社区 stations; the deputy's own figures are the performance file's business.
    endpoint: 'GET /api/supervision/rates?deputy=:id',
    request: (f) => ({ method: 'GET', path: `/api/supervision/rates?deputy=${f.issue.deputyId}&${PERIOD}` }),
    expect: REACHES_CHENGDONG,
  },
  {
    endpoint: 'GET /api/supervision/rates?region=<unknown>',
    request: () => ({ method: 'GET', path: `/api/supervision/rates?region=atlantis&${PERIOD}` }),
    expect: replaced(SUPERVISION_ROLES_ONLY, 200, 404),
  },
  {
    endpoint: 'GET /api/supervision/rates/drill?region=chengdong',
    request: () => ({
      method: 'GET',
      path: `/api/supervision/rates/drill?metric=collected&region=chengdong&${PERIOD}`,
    }),
    expect: REACHES_CHENGDONG,
  },
  {
    endpoint: 'GET /api/supervision/rates/drill?department=jiaotong.rongjiawan',
    request: () => ({
      method: 'GET',
      path: `/api/supervision/rates/drill?metric=assigned&department=jiaotong.rongjiawan&${PERIOD}`,
    }),
    expect: REACHES_RONGJIAWAN,
  },
  {
    endpoint: 'GET /api/supervision/ledgers/stations/rongjiawan',
    request: () => ({ method: 'GET', path: `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}&format=csv` }),
    expect: REACHES_RONGJIAWAN,
  },
  {
    endpoint: 'GET /api/supervision/ledgers/stations/chengdong (xlsx)',
    request: () => ({ method: 'GET', path: `/api/supervision/ledgers/stations/chengdong?${PERIOD}` }),
    expect: REACHES_CHENGDONG,
  },
  {
    // A deputy may export their own performance file, and nobody else's.
    endpoint: 'GET /api/supervision/ledgers/deputies/:id',
    request: (f) => ({ method: 'GET', path: `/api/supervision/ledgers/deputies/${f.issue.deputyId}?${PERIOD}` }),
    expect: { ...REACHES_CHENGDONG, 'deputy who submitted': 200 },
  },
  {
    endpoint: 'GET /api/supervision/ledgers/deputies/:id (csv)',
    request: (f) => ({
      method: 'GET',
      path: `/api/supervision/ledgers/deputies/${f.issue.deputyId}?${PERIOD}&format=csv`,
    }),
    expect: { ...REACHES_CHENGDONG, 'deputy who submitted': 200 },
  },
  {
    endpoint: 'GET /api/supervision/reports/monthly',
    request: () => ({
      method: 'GET',
      path: `/api/supervision/reports/monthly?county=yueyang-county&month=${chinaDay(new Date()).slice(0, 7)}`,
    }),
    expect: { ...REACHES_RONGJIAWAN, 'supervisor in scope': 403 },
  },
  {
    // Everyone with a supervision role may listen; what each stream carries is filtered by region (events suite).
    endpoint: 'GET /api/supervision/events (SSE)',
    request: () => ({ method: 'GET', path: '/api/supervision/events' }),
    stream: true,
    expect: SUPERVISION_ROLES_ONLY,
  },
  {
    endpoint: 'GET /api/supervision/events?access_token= (SSE, EventSource)',
    request: () => ({ method: 'GET', path: '/api/supervision/events' }),
    stream: true,
    tokenInQuery: true,
    expect: SUPERVISION_ROLES_ONLY,
  },
];

const OTHER_MATRIX: MatrixRow[] = [
  {
    endpoint: 'GET /api/intake-options',
    request: () => ({ method: 'GET', path: '/api/intake-options' }),
    expect: { ...everyone(403), anonymous: 401, 'deputy who submitted': 200, 'other deputy': 200 },
  },
  {
    endpoint: 'GET /health',
    request: () => ({ method: 'GET', path: '/health' }),
    expect: everyone(200),
  },
  {
    // Only where DEV_MAILBOX_DIR is set, which production refuses, and then for admins only: the caught mail holds
    // reply links and one-time passwords (credentials). The suite sets it to show who the route answers once on.
    endpoint: 'GET /api/dev/mail',
    request: () => ({ method: 'GET', path: '/api/dev/mail' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    // Only a redirect (followed here) to the web app's mailbox page, where an admin signs in: no mail is in it.
    endpoint: 'GET /dev/mail',
    request: () => ({ method: 'GET', path: '/dev/mail' }),
    expect: everyone(200),
  },
  {
    // A wrong password for nobody in particular: the same 401 whoever is signed in, and no account is touched.
    endpoint: 'POST /api/auth/login',
    request: () => ({
      method: 'POST',
      path: '/api/auth/login',
      body: { username: 'matrix.nobody', password: 'not-the-password' },
    }),
    expect: everyone(401),
  },
  {
    endpoint: 'POST /api/auth/refresh',
    request: () => ({ method: 'POST', path: '/api/auth/refresh', body: { refreshToken: 'x'.repeat(43) } }),
    expect: everyone(401),
  },
  {
    // Signing out with an unknown token is a no-op, whoever asks.
    endpoint: 'POST /api/auth/logout',
    request: () => ({ method: 'POST', path: '/api/auth/logout', body: { refreshToken: 'x'.repeat(43) } }),
    expect: everyone(204),
  },
];
const ROWS = [...MATRIX, ...ISSUE_MATRIX, ...SUPERVISION_MATRIX, ...OTHER_MATRIX];

describe('authorisation matrix', () => {
  let t: TestApp;
  let fixtures: Fixtures;
  let tokens: Map<Actor, string>;
  let users: Map<Actor, AuthUser>;
  let mailDir: string;

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'lianluo-matrix-mail-'));
    // A task queue no worker polls: the intake rows start workflows that never run. The dev mailbox is on, so its
    // rows show who reaches it when it is.
    t = await startTestApp({ TEMPORAL_TASK_QUEUE: `authorization-matrix-${randomUUID()}`, DEV_MAILBOX_DIR: mailDir });
    await addMissingActors(t);
    ({ tokens, users } = await signInActors(t));
    const issue = await insertIssue(t.db);
    fixtures = {
      issue,
      targetUserId: await userId(t.db, 'liaison.tongxi'),
      targetRegionId: await idOf(t.db, 'regions', 'tongxi'),
      replyToken: t.app.get(ReplyLinkService).create(issue.leadAssignmentId, issue.leadDepartmentId).token,
      intake: {
        stationId: await idOf(t.db, 'stations', 'rongjiawan'),
        categoryId: await idOf(t.db, 'issue_categories', 'roads'),
        placeRegionId: await idOf(t.db, 'regions', 'chengdong'),
      },
    };
    // Issues the actors must not see: elsewhere, from another deputy, assigned to other departments.
    await insertIssue(t.db, {
      village: 'xinkai',
      township: 'huangshajie',
      station: 'huangshajie',
      deputyUsername: 'deputy.liuchunhua',
      lead: 'shehui.huangshajie',
      co: 'nongye.huangshajie',
    });
  });

  afterAll(async () => {
    await t?.close();
    if (mailDir) await rm(mailDir, { recursive: true, force: true });
  });

  it('has an expectation for every actor in every row', () => {
    for (const row of ROWS) expect(Object.keys(row.expect).sort()).toEqual([...ACTOR_NAMES].sort());
  });

  describe.each(ROWS.map((row) => [row.endpoint, row] as const))('%s', (_endpoint, row) => {
    it.each(ACTOR_NAMES.map((actor) => [actor, row.expect[actor]] as const))('%s → %i', async (actor, status) => {
      const { method, path, body } = row.request(fixtures, actor);
      const token = tokens.get(actor);
      const url = row.tokenInQuery && token ? `${path}${path.includes('?') ? '&' : '?'}access_token=${token}` : path;
      const options = { body, token: row.tokenInQuery ? undefined : token };
      // A refused request must leave every record as it was, not merely answer the right status.
      const refused = REFUSED.includes(status);
      const before = refused ? await dataFingerprint(t.db) : null;
      const response = row.stream ? await t.http.openStream(url, options) : await t.http.request(method, url, options);
      expect(response.status).toBe(status);
      if (refused) expect(await dataFingerprint(t.db)).toEqual(before);
    });
  });

  it('notices a write in the fingerprint the refused rows are checked with', async () => {
    const before = await dataFingerprint(t.db);
    await t.db.query(`INSERT INTO data_access_log (user_id, issue_id, fields, purpose) VALUES (NULL, $1, '{}', 'x')`, [
      fixtures.issue.id,
    ]);
    expect(await dataFingerprint(t.db)).not.toEqual(before);
    await t.db.query(`DELETE FROM data_access_log WHERE purpose = 'x'`);
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it.each(SUPERVISION_ACTORS)(
    '%s: the drill-down of their own regions lists the fixture issue exactly when their scope covers it',
    async (actor) => {
      // No scope named: the caller's own region (an admin names the city, which covers everything).
      const scope = actor === 'admin' ? 'region=yueyang&' : '';
      const response = await t.http.get<{ items: { id: string }[] }>(
        `/api/supervision/rates/drill?metric=collected&${scope}${PERIOD}&limit=100`,
        tokens.get(actor),
      );
      expect(response.status).toBe(200);
      expect(response.body.items.some((item) => item.id === fixtures.issue.id)).toBe(ISSUE_READABLE[actor]);
    },
  );

  it('refuses to switch the public dev mailbox on in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://lianluo@localhost/lianluo',
      SMTP_URL: 'smtp://localhost:25',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      PERSONAL_DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    expect(() => loadConfig(production)).not.toThrow();
    expect(() => loadConfig({ ...production, DEV_MAILBOX_DIR: '/var/mail/caught' })).toThrow(/DEV_MAILBOX_DIR/);
  });

  describe('ScopeService on the fixture issue', () => {
    const cases = Object.entries(ISSUE_READABLE) as [Exclude<Actor, 'anonymous'>, boolean][];

    it.each(cases)(
      '%s may read it: %s (canReadIssue, isIssueReadable, assertIssueReadable)',
      async (actor, readable) => {
        const scope = t.app.get(ScopeService);
        const user = users.get(actor)!;
        expect(await scope.canReadIssue(user, fixtures.issue.id)).toBe(readable);
        expect(await scope.isIssueReadable(user, fixtures.issue)).toBe(readable);
        if (readable) await expect(scope.assertIssueReadable(user, fixtures.issue)).resolves.toBe(fixtures.issue);
        else await expect(scope.assertIssueReadable(user, fixtures.issue)).rejects.toBeInstanceOf(NotFoundException);
      },
    );

    it.each(cases)('%s: the list condition returns exactly the readable issues', async (actor) => {
      const scope = t.app.get(ScopeService);
      const user = users.get(actor)!;
      const visibility = scope.issueVisibility(user);
      const listed = await t.db
        .createQueryBuilder()
        .select('issue.id', 'id')
        .from('issues', 'issue')
        .where(visibility.where, visibility.parameters)
        .getRawMany<{ id: string }>();
      const all = await t.db.query<
        { id: string; region_path: string; deputy_id: string; submitted_by_user_id: string }[]
      >(`SELECT id, region_path, deputy_id, submitted_by_user_id FROM issues`);
      const readable: string[] = [];
      for (const row of all) {
        const facts = {
          id: row.id,
          regionPath: row.region_path,
          deputyId: row.deputy_id,
          submittedByUserId: row.submitted_by_user_id,
        };
        if (await scope.isIssueReadable(user, facts)) readable.push(row.id);
      }
      expect(listed.map((r) => r.id).sort()).toEqual(readable.sort());
      expect(listed.some((r) => r.id === fixtures.issue.id)).toBe(ISSUE_READABLE[actor]);
    });

    it('answers 404, not an error, for ids that are not issues or not uuids', async () => {
      const scope = t.app.get(ScopeService);
      expect(await scope.canReadIssue(users.get('admin')!, randomUUID())).toBe(false);
      expect(await scope.canReadIssue(users.get('admin')!, "1' OR '1'='1")).toBe(false);
      await expect(scope.assertIssueReadable(users.get('admin')!, null)).rejects.toBeInstanceOf(NotFoundException);
    });

    it('lets only the department itself act as that department', () => {
      const scope = t.app.get(ScopeService);
      const lead = fixtures.issue.leadDepartmentId;
      expect(scope.canActAsDepartment(users.get('lead department')!, lead)).toBe(true);
      for (const actor of ['unassigned department', 'admin', 'supervisor in scope', 'deputy who submitted'] as const) {
        expect(scope.canActAsDepartment(users.get(actor)!, lead)).toBe(false);
        expect(() => scope.assertCanActAsDepartment(users.get(actor)!, lead)).toThrow(
          'Only that department may do this',
        );
      }
    });

    it('places regions by path, not by prefix of text', () => {
      const scope = t.app.get(ScopeService);
      const supervisor = users.get('supervisor in scope')!;
      expect(scope.regionPathsFor(supervisor, 'supervisor')).toEqual(['yueyang/yueyang-county/rongjiawan']);
      expect(scope.isInRegion(supervisor, 'supervisor', 'yueyang/yueyang-county/rongjiawan/chengdong')).toBe(true);
      expect(scope.isInRegion(supervisor, 'supervisor', 'yueyang/yueyang-county/rongjiawan')).toBe(true);
      expect(scope.isInRegion(supervisor, 'supervisor', 'yueyang/yueyang-county/rongjiawan-east')).toBe(false);
      expect(scope.isInRegion(supervisor, 'supervisor', 'yueyang/yueyang-county')).toBe(false);
      expect(scope.isInRegion(supervisor, 'liaison', 'yueyang/yueyang-county/rongjiawan')).toBe(false);
    });
  });
});
