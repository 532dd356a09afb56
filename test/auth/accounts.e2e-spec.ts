// Accounts an admin can run (issue #13, item 3), end to end on the real API and PostgreSQL: a one-time password that
// must be changed before anything else, disabling and enabling, unlocking, binding a user to a department or deputy,
// every change in the audit trail; and the sign-in throttle per account and per client address.
import { DEMO_PASSWORD } from '@app/database';
import type { ErrorBody, TokenPair } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

interface UserView {
  id: string;
  username: string;
  active: boolean;
  departmentId: string | null;
  departmentName: string | null;
  deputyId: string | null;
  deputyName: string | null;
  failedLogins: number;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  roles: { role: string; regionId: string | null }[];
}

interface AuditRow {
  action: string;
  actor: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const PASSWORD_CHANGE_REQUIRED =
  'Choose a new password first: the one-time password an admin gave you works only for POST /api/auth/password';

describe('accounts an admin runs', () => {
  let t: TestApp;
  let admin: TokenPair;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' });
    admin = await t.http.login('admin');
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.clock.reset());

  async function userId(username: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }[]>(`SELECT id FROM users WHERE username = $1`, [username]);
    return row.id;
  }

  async function audit(username: string): Promise<AuditRow[]> {
    return t.db.query<AuditRow[]>(
      `SELECT a.action, actor.username AS actor, a.before, a.after FROM admin_audit_log a
         JOIN users actor ON actor.id = a.actor_user_id
        WHERE a.entity = 'user' AND a.entity_id = $1 ORDER BY a.id`,
      [await userId(username)],
    );
  }

  /** Signs in from a given client address (the API trusts the loopback proxy's X-Forwarded-For here). */
  function loginFrom(address: string, username: string, password: string) {
    return t.http.request<TokenPair & { passwordChangeRequired: boolean }>('POST', '/api/auth/login', {
      body: { username, password },
      headers: { 'X-Forwarded-For': address },
    });
  }

  describe('password reset', () => {
    it('issues a one-time password that opens nothing but choosing a new one, and ends the old sessions', async () => {
      const username = 'liaison.chengdong';
      const before = await t.http.login(username);
      const reset = await t.http.post<{ temporaryPassword: string; user: UserView }>(
        `/api/users/${await userId(username)}/reset-password`,
        undefined,
        admin.accessToken,
      );
      expect(reset.status).toBe(200);
      const temporary = reset.body.temporaryPassword;
      expect(temporary).toMatch(/^[a-z2-9]{12}$/);
      expect(reset.body.user.mustChangePassword).toBe(true);
      expect((await t.http.get('/api/auth/me', before.accessToken)).status).toBe(401);
      expect((await loginFrom('10.3.0.1', username, DEMO_PASSWORD)).status).toBe(401);

      const signedIn = await t.http.post<TokenPair & { passwordChangeRequired: boolean }>('/api/auth/login', {
        username,
        password: temporary,
      });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.passwordChangeRequired).toBe(true);
      const token = signedIn.body.accessToken;
      const me = await t.http.get<{ mustChangePassword: boolean }>('/api/auth/me', token);
      expect(me.status).toBe(200);
      expect(me.body.mustChangePassword).toBe(true);
      const refused = await t.http.get('/api/issues', token);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe(PASSWORD_CHANGE_REQUIRED);

      const newPassword = 'my-own-passphrase-2026';
      const sameAgain = await t.http.post(
        '/api/auth/password',
        { currentPassword: temporary, newPassword: temporary },
        token,
      );
      expect(sameAgain.status).toBe(400);
      const changed = await t.http.post('/api/auth/password', { currentPassword: temporary, newPassword }, token);
      expect(changed.status).toBe(204);
      expect((await t.http.get('/api/issues', token)).status).toBe(200);
      expect((await loginFrom('10.3.0.1', username, temporary)).status).toBe(401);
      const again = await t.http.post<{ passwordChangeRequired: boolean }>('/api/auth/login', {
        username,
        password: newPassword,
      });
      expect(again.body.passwordChangeRequired).toBe(false);

      const trail = await audit(username);
      // The user's own change is in the trail too, with the user as the actor.
      expect(trail.map((row) => [row.action, row.actor])).toEqual([
        ['reset_password', 'admin'],
        ['update', username],
      ]);
      expect(trail[1].after).toMatchObject({ must_change_password: false });
      expect(trail[0].before).toMatchObject({ must_change_password: false });
      expect(trail[0].after).toMatchObject({ must_change_password: true });
      // The trail never copies a password hash.
      expect(JSON.stringify(trail)).not.toMatch(/argon2|password_hash/);
    });

    it('lifts a lock-out too (the usual reason for a reset is a forgotten password)', async () => {
      const username = 'liaison.qingshui';
      for (let i = 0; i < 3; i++) await loginFrom('10.3.0.2', username, 'wrong-password');
      const reset = await t.http.post<{ temporaryPassword: string }>(
        `/api/users/${await userId(username)}/reset-password`,
        undefined,
        admin.accessToken,
      );
      expect((await t.http.post('/api/auth/login', { username, password: reset.body.temporaryPassword })).status).toBe(
        200,
      );
    });
  });

  describe('disable, enable, unlock', () => {
    it('disabling ends the sessions and refuses sign-in; enabling lets the user back in; both audited', async () => {
      const username = 'dept.shuili.xinqiang';
      const id = await userId(username);
      const session = await t.http.login(username);
      const disabled = await t.http.post<UserView>(`/api/users/${id}/disable`, undefined, admin.accessToken);
      expect(disabled.status).toBe(200);
      expect(disabled.body.active).toBe(false);
      expect((await t.http.get('/api/auth/me', session.accessToken)).status).toBe(401);
      expect((await t.http.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      expect((await loginFrom('10.3.0.3', username, DEMO_PASSWORD)).status).toBe(401);

      const enabled = await t.http.post<UserView>(`/api/users/${id}/enable`, undefined, admin.accessToken);
      expect(enabled.body.active).toBe(true);
      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(200);
      const trail = await audit(username);
      expect(trail.map((row) => [row.action, row.before?.active, row.after?.active])).toEqual([
        ['disable', true, false],
        ['enable', false, true],
      ]);
    });

    it('refuses to let an admin disable their own account', async () => {
      const response = await t.http.post<ErrorBody>(
        `/api/users/${await userId('admin')}/disable`,
        undefined,
        admin.accessToken,
      );
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual({ id: ['you cannot disable your own account'] });
      expect((await t.http.get('/api/auth/me', admin.accessToken)).status).toBe(200);
    });

    it('unlocking is audited', async () => {
      const username = 'liaison.tongxi';
      for (let i = 0; i < 3; i++) await loginFrom('10.3.0.4', username, 'wrong-password');
      const unlocked = await t.http.post<UserView>(
        `/api/users/${await userId(username)}/unlock`,
        undefined,
        admin.accessToken,
      );
      expect(unlocked.body).toMatchObject({ failedLogins: 0, lockedUntil: null });
      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(200);
      const [entry] = await audit(username);
      expect(entry.action).toBe('unlock');
      expect(entry.before?.locked_until).not.toBeNull();
      expect(entry.after?.locked_until).toBeNull();
    });

    it('404 for a user that does not exist; 403 for anyone but an admin', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const action of ['reset-password', 'disable', 'enable', 'unlock']) {
        expect((await t.http.post(`/api/users/${missing}/${action}`, undefined, admin.accessToken)).status).toBe(404);
      }
      const supervisor = await t.http.login('supervisor.yueyangxian');
      const target = await userId('deputy.zhaoweidong');
      for (const action of ['reset-password', 'disable', 'enable', 'unlock']) {
        expect((await t.http.post(`/api/users/${target}/${action}`, undefined, supervisor.accessToken)).status).toBe(
          403,
        );
      }
      expect((await t.http.get(`/api/deputies?q=张`, supervisor.accessToken)).status).toBe(403);
    });
  });

  describe('binding a user to a department or a deputy', () => {
    it('binds by id in role editing, shows the names on the user list, and records the change', async () => {
      const username = 'liaison.gangkou';
      const id = await userId(username);
      const departments = await t.http.get<{ items: { id: string; name: string }[] }>(
        `/api/departments?q=${encodeURIComponent('水利')}`,
        admin.accessToken,
      );
      const department = departments.body.items[0];
      const [deputy] = await t.db.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM deputies WHERE user_id IS NULL ORDER BY name LIMIT 1`,
      );
      const roles = [
        {
          role: 'liaison',
          regionId: (await t.db.query<{ id: string }[]>(`SELECT id FROM regions WHERE code = 'gangkou'`))[0].id,
        },
        { role: 'department' },
        { role: 'deputy' },
      ];
      const bound = await t.http.patch<UserView>(
        `/api/users/${id}/roles`,
        { roles, departmentId: department.id, deputyId: deputy.id },
        admin.accessToken,
      );
      expect(bound.status).toBe(200);
      expect(bound.body).toMatchObject({
        departmentId: department.id,
        departmentName: department.name,
        deputyId: deputy.id,
        deputyName: deputy.name,
      });
      const [mirror] = await t.db.query<{ user_id: string }[]>(`SELECT user_id FROM deputies WHERE id = $1`, [
        deputy.id,
      ]);
      expect(mirror.user_id).toBe(id);
      const list = await t.http.get<{ items: UserView[] }>(`/api/users?q=${username}`, admin.accessToken);
      expect(list.body.items[0]).toMatchObject({ departmentName: department.name, deputyName: deputy.name });

      // The same deputy for a second user: 409, nothing changed.
      const other = await userId('liaison.xinqiang');
      const taken = await t.http.patch<ErrorBody>(
        `/api/users/${other}/roles`,
        { roles: [{ role: 'deputy' }], deputyId: deputy.id },
        admin.accessToken,
      );
      expect(taken.status).toBe(409);
      expect(taken.body.fields).toEqual({ deputyId: ['this deputy already has a user'] });

      // Unbinding the deputy (null) frees it on both sides.
      const unbound = await t.http.patch<UserView>(
        `/api/users/${id}/roles`,
        { roles: roles.slice(0, 2), deputyId: null },
        admin.accessToken,
      );
      expect(unbound.body).toMatchObject({ deputyId: null, deputyName: null, departmentName: department.name });
      const [freed] = await t.db.query<{ user_id: string | null }[]>(`SELECT user_id FROM deputies WHERE id = $1`, [
        deputy.id,
      ]);
      expect(freed.user_id).toBeNull();
      expect((await audit(username)).map((row) => row.action)).toEqual(['update', 'update']);
    });

    it('400 naming the field for a department or deputy that does not exist, or a role without its link', async () => {
      const id = await userId('liaison.huangshajie');
      const missing = '00000000-0000-4000-8000-000000000000';
      const cases: [unknown, string][] = [
        [{ roles: [{ role: 'department' }], departmentId: missing }, 'departmentId'],
        [{ roles: [{ role: 'deputy' }], deputyId: missing }, 'deputyId'],
        [{ roles: [{ role: 'department' }], departmentId: null }, 'departmentId'],
        [{ roles: [{ role: 'deputy' }], deputyId: 'not-a-uuid' }, 'deputyId'],
      ];
      for (const [body, field] of cases) {
        const response = await t.http.patch<ErrorBody>(`/api/users/${id}/roles`, body, admin.accessToken);
        expect({ body, status: response.status, fields: Object.keys(response.body.fields ?? {}) }).toEqual({
          body,
          status: 400,
          fields: [field],
        });
      }
    });
  });

  describe('sign-in throttle', () => {
    it('locks an account after LOGIN_MAX_FAILURES, from any address, without holding up its address', async () => {
      const username = 'deputy.liuchunhua';
      for (let i = 0; i < 3; i++) {
        expect((await loginFrom('10.1.0.1', username, 'wrong-password')).status).toBe(401);
      }
      const elsewhere = await loginFrom('10.1.0.2', username, DEMO_PASSWORD);
      expect(elsewhere.status).toBe(429);
      expect(elsewhere.body).toMatchObject({
        message: 'Too many failed sign-ins for this account: try again in 15 minutes',
      });
      expect(Number(elsewhere.headers.get('retry-after'))).toBe(900);
      // Colleagues at the same address sign in as usual.
      expect((await loginFrom('10.1.0.1', 'deputy.zhouguoping', DEMO_PASSWORD)).status).toBe(200);
      await t.http.post(`/api/users/${await userId(username)}/unlock`, undefined, admin.accessToken);
    });

    it('blocks an address after LOGIN_MAX_FAILURES_PER_ADDRESS failures over many accounts; other addresses go on', async () => {
      const guesser = '10.2.0.9';
      const victims = ['deputy.zhangzhiqiang', 'deputy.wangxiuying', 'deputy.zhaoweidong', 'dept.nongye.gangkou'];
      // Successful sign-ins from the address do not count towards its limit.
      for (let i = 0; i < 8; i++) expect((await loginFrom(guesser, 'admin', DEMO_PASSWORD)).status).toBe(200);
      // Six failures, no account reaching its own limit of three.
      for (let i = 0; i < 6; i++) {
        expect((await loginFrom(guesser, victims[i % victims.length], `guess-${i}-guess`)).status).toBe(401);
      }
      const blocked = await loginFrom(guesser, 'admin', DEMO_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({
        message: 'Too many failed sign-ins from this address: try again in 15 minutes',
      });
      expect(Number(blocked.headers.get('retry-after'))).toBe(900);
      // The accounts themselves are not locked: their owners sign in from their own addresses.
      for (const victim of victims) expect((await loginFrom('10.2.0.10', victim, DEMO_PASSWORD)).status).toBe(200);

      // The block lasts LOGIN_LOCK_MINUTES, then the address starts afresh.
      t.clock.advance(15 * 60_000 + 1000);
      expect((await loginFrom(guesser, 'admin', DEMO_PASSWORD)).status).toBe(200);
    });
  });
});
