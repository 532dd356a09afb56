// The guarantees the workflow's activities lean on: idempotency keys, one row per step, an append-only history.
import { randomUUID } from 'node:crypto';
import {
  Assignment,
  createDataSource,
  Feedback,
  Issue,
  IssueEvent,
  MailOutboxMessage,
  Reply,
  seedDemoData,
  UserRole,
} from '@app/database';
import { type DataSource, QueryFailedError } from 'typeorm';
import { createEmptyDatabase } from '../support/database';

interface DbFailure {
  code: string | undefined;
  constraint: string | undefined;
  message: string;
}

/** Runs a statement that must fail and returns PostgreSQL's SQLSTATE and constraint name. */
async function failure(statement: Promise<unknown>): Promise<DbFailure> {
  try {
    await statement;
  } catch (error) {
    if (!(error instanceof QueryFailedError)) throw error;
    const driverError = error.driverError as { code?: string; constraint?: string };
    return { code: driverError.code, constraint: driverError.constraint, message: error.message };
  }
  throw new Error('expected the statement to fail, and it succeeded');
}

const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';
const RESTRICT_VIOLATION = '23001';

describe('schema guarantees', () => {
  let dataSource: DataSource;
  let ids: Record<string, string>;

  beforeAll(async () => {
    // Logging off: these tests make statements fail on purpose, and TypeORM would print each one.
    dataSource = await createDataSource(await createEmptyDatabase('constraints'), { logging: false }).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDemoData(dataSource);
    const [row] = await dataSource.query<Record<string, string>[]>(`
      SELECT (SELECT id FROM users WHERE username = 'deputy.wangxiuying') AS deputy_user,
             (SELECT id FROM users WHERE username = 'deputy.zhangzhiqiang') AS other_user,
             (SELECT deputy_id FROM users WHERE username = 'deputy.wangxiuying') AS deputy,
             (SELECT id FROM stations WHERE code = 'chengdong') AS station,
             (SELECT id FROM regions WHERE code = 'chengdong') AS place,
             (SELECT id FROM regions WHERE code = 'rongjiawan') AS township,
             (SELECT path FROM regions WHERE code = 'chengdong') AS path,
             (SELECT id FROM issue_categories WHERE code = 'roads') AS category,
             (SELECT id FROM departments WHERE code = 'jiaotong.rongjiawan') AS lead,
             (SELECT id FROM departments WHERE code = 'ziran.rongjiawan') AS co,
             (SELECT id FROM regions WHERE code = 'yueyang-county') AS county`);
    ids = row;
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  function newIssue(overrides: Partial<Issue> = {}): Partial<Issue> {
    const id = randomUUID();
    return {
      id,
      idempotencyKey: randomUUID(),
      submittedByUserId: ids.deputy_user,
      deputyId: ids.deputy,
      stationId: ids.station,
      placeRegionId: ids.place,
      townshipRegionId: ids.township,
      regionPath: ids.path,
      categoryId: ids.category,
      description: '城东社区至白石村的村道有三处坑洼，雨天积水，电动车通行困难。',
      channel: 'reception_day',
      urgency: 'normal',
      status: 'received',
      workflowId: `issue-${id}`,
      ...overrides,
    };
  }

  async function insertIssue(overrides: Partial<Issue> = {}): Promise<string> {
    const issue = newIssue(overrides);
    await dataSource.getRepository(Issue).insert(issue);
    return issue.id!;
  }

  describe('issues', () => {
    it('fill the defaults a new issue needs', async () => {
      const id = await insertIssue();
      const issue = await dataSource.getRepository(Issue).findOneByOrFail({ id });
      expect(issue).toMatchObject({
        attachments: [],
        escalationLevel: 0,
        round: 1,
        sendBackCount: 0,
        leadDepartmentId: null,
        replyClass: null,
      });
      expect(issue.submittedAt).toBeInstanceOf(Date);
      expect(issue.updatedAt).toBeInstanceOf(Date);
    });

    it('refuse a second issue with the same submitter and idempotency key', async () => {
      const key = randomUUID();
      await insertIssue({ idempotencyKey: key });
      expect(await failure(insertIssue({ idempotencyKey: key }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_issues_submitter_idempotency_key',
      });
      // Another user may use the same key: keys are per submitter.
      await expect(insertIssue({ idempotencyKey: key, submittedByUserId: ids.other_user })).resolves.toBeDefined();
    });

    it('let a retried submission find the first issue with ON CONFLICT', async () => {
      const key = randomUUID();
      const first = await insertIssue({ idempotencyKey: key });
      const retry = newIssue({ idempotencyKey: key });
      const inserted = await dataSource
        .createQueryBuilder()
        .insert()
        .into(Issue)
        .values(retry)
        .orIgnore()
        .returning(['id'])
        .execute();
      expect(inserted.raw).toEqual([]);
      const found = await dataSource
        .getRepository(Issue)
        .findOneByOrFail({ submittedByUserId: ids.deputy_user, idempotencyKey: key });
      expect(found.id).toBe(first);
    });

    it('refuse a second issue for the same workflow', async () => {
      const id = await insertIssue();
      expect(await failure(insertIssue({ workflowId: `issue-${id}` }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_issues_workflow_id',
      });
    });

    it('refuse values outside their sets', async () => {
      expect(await failure(insertIssue({ status: 'lost' as never }))).toMatchObject({
        code: CHECK_VIOLATION,
        constraint: 'ck_issues_status',
      });
      expect(await failure(insertIssue({ replyClass: 'D' as never }))).toMatchObject({
        code: CHECK_VIOLATION,
        constraint: 'ck_issues_reply_class',
      });
      expect(await failure(insertIssue({ round: 0 }))).toMatchObject({
        code: CHECK_VIOLATION,
        constraint: 'ck_issues_counters',
      });
    });
  });

  describe('per-step rows', () => {
    let issueId: string;
    let assignmentId: string;

    beforeAll(async () => {
      issueId = await insertIssue({ status: 'assigned', leadDepartmentId: ids.lead });
      const assignment = {
        issueId,
        departmentId: ids.lead,
        role: 'lead' as const,
        round: 1,
        status: 'assigned' as const,
        dueAt: new Date('2026-10-22T15:59:59.999Z'),
      };
      const result = await dataSource.getRepository(Assignment).insert(assignment);
      assignmentId = (result.identifiers[0] as { id: string }).id;
    });

    // Each insert gets a fresh object: TypeORM writes the generated id back into the one it is given.
    it('one assignment per issue, department, round and role', async () => {
      const again = { issueId, departmentId: ids.lead, role: 'lead' as const, round: 1, status: 'assigned' as const };
      expect(await failure(dataSource.getRepository(Assignment).insert({ ...again, dueAt: new Date() }))).toMatchObject(
        { code: UNIQUE_VIOLATION, constraint: 'uq_assignments_issue_department_round_role' },
      );
      // The same department may lead again in the next round, and a co-handler has its own row.
      await dataSource.getRepository(Assignment).insert({ ...again, round: 2, dueAt: new Date() });
      await dataSource
        .getRepository(Assignment)
        .insert({ ...again, departmentId: ids.co, role: 'co', dueAt: new Date() });
    });

    it('one reply per request id', async () => {
      const reply = {
        issueId,
        assignmentId,
        departmentId: ids.lead,
        round: 1,
        kind: 'reply' as const,
        replyClass: 'B' as const,
        text: '已列入今年村道维修计划，预计十一月底前完成修补。',
        promisedDate: '2026-11-30',
        onTime: true,
        requestId: 'req-1',
      };
      await dataSource.getRepository(Reply).insert({ ...reply });
      expect(await failure(dataSource.getRepository(Reply).insert({ ...reply, text: 'again' }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_replies_issue_request_id',
      });
      const stored = await dataSource.getRepository(Reply).findOneByOrFail({ issueId, requestId: 'req-1' });
      expect(stored.promisedDate).toBe('2026-11-30');
    });

    it('one rating per round', async () => {
      const rating = { issueId, round: 1, rating: 'unsatisfied' as const, ratedByUserId: ids.deputy_user };
      await dataSource.getRepository(Feedback).insert({ ...rating });
      expect(
        await failure(dataSource.getRepository(Feedback).insert({ ...rating, rating: 'satisfied' })),
      ).toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'uq_feedback_issue_round' });
      await dataSource.getRepository(Feedback).insert({ ...rating, round: 2, rating: 'satisfied' });
    });

    it('one event per issue and step key', async () => {
      const event = { issueId, stepKey: 'assign:1', type: 'assigned', actorLabel: 'system', data: { round: 1 } };
      await dataSource.getRepository(IssueEvent).insert({ ...event });
      expect(await failure(dataSource.getRepository(IssueEvent).insert({ ...event }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_issue_events_issue_step_key',
      });
    });

    it('one outbox mail per dedupe key', async () => {
      const mail = {
        dedupeKey: `assign:${issueId}:1:lead`,
        issueId,
        recipients: ['jiaotong.rongjiawan@demo.lianluo.local'],
        subject: '【交办】村道坑洼',
        textBody: '请于 2026-10-22 前答复。',
      };
      await dataSource.getRepository(MailOutboxMessage).insert({ ...mail });
      expect(await failure(dataSource.getRepository(MailOutboxMessage).insert({ ...mail }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_mail_outbox_dedupe_key',
      });
      const stored = await dataSource.getRepository(MailOutboxMessage).findOneByOrFail({ dedupeKey: mail.dedupeKey });
      expect(stored).toMatchObject({ status: 'pending', attempts: 0, recipients: mail.recipients });
    });

    it('one grant of a role per user and region, an unscoped grant included', async () => {
      const roles = dataSource.getRepository(UserRole);
      await roles.insert({ userId: ids.other_user, role: 'supervisor', regionId: ids.county });
      expect(
        await failure(roles.insert({ userId: ids.other_user, role: 'supervisor', regionId: ids.county })),
      ).toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'uq_user_roles_user_role_region' });
      // The demo seed already granted this user the unscoped deputy role.
      expect(await failure(roles.insert({ userId: ids.other_user, role: 'deputy', regionId: null }))).toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'uq_user_roles_user_role_region',
      });
    });
  });

  describe('issue_events', () => {
    let issueId: string;

    beforeAll(async () => {
      issueId = await insertIssue();
      await dataSource.getRepository(IssueEvent).insert([
        { issueId, stepKey: 'submit', type: 'submitted', actorUserId: ids.deputy_user, data: {} },
        { issueId, stepKey: 'route', type: 'routed', actorLabel: 'system', data: { lead: ids.lead } },
      ]);
    });

    const history = () =>
      dataSource.query<unknown[]>(`SELECT * FROM issue_events WHERE issue_id = $1 ORDER BY id`, [issueId]);

    it('refuse UPDATE', async () => {
      const before = await history();
      const refused = await failure(
        dataSource.query(`UPDATE issue_events SET type = 'edited' WHERE issue_id = $1`, [issueId]),
      );
      expect(refused.code).toBe(RESTRICT_VIOLATION);
      expect(refused.message).toBe('issue_events is append-only: UPDATE refused');
      expect(
        await failure(dataSource.getRepository(IssueEvent).update({ issueId }, { actorLabel: 'someone else' })),
      ).toMatchObject({ code: RESTRICT_VIOLATION });
      expect(await history()).toEqual(before);
    });

    it('refuse DELETE', async () => {
      const before = await history();
      const refused = await failure(dataSource.query(`DELETE FROM issue_events WHERE issue_id = $1`, [issueId]));
      expect(refused.code).toBe(RESTRICT_VIOLATION);
      expect(refused.message).toBe('issue_events is append-only: DELETE refused');
      expect(await history()).toEqual(before);
    });

    it('refuse TRUNCATE', async () => {
      // CASCADE: webhook deliveries refer to the events, which alone refuses a plain TRUNCATE (0A000); the trigger must
      // refuse it even when that is got round.
      expect(await failure(dataSource.query(`TRUNCATE issue_events CASCADE`))).toMatchObject({
        code: RESTRICT_VIOLATION,
      });
      expect(await history()).toHaveLength(2);
    });

    it('still take new events, numbered in order', async () => {
      await dataSource.getRepository(IssueEvent).insert({ issueId, stepKey: 'ack', type: 'acknowledged', data: {} });
      const events = await dataSource.getRepository(IssueEvent).find({ where: { issueId }, order: { id: 'ASC' } });
      expect(events.map((e) => e.stepKey)).toEqual(['submit', 'route', 'ack']);
      expect(typeof events[0].id).toBe('string'); // bigint comes back as a string, never a rounded number
    });

    it('cannot be removed with its issue', async () => {
      expect(await failure(dataSource.query(`DELETE FROM issues WHERE id = $1`, [issueId]))).toMatchObject({
        code: '23503', // foreign_key_violation: the history pins its issue
      });
    });
  });
});
