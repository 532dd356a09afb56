// Sign-in end to end on the real API and PostgreSQL: uniform failures, lock-out, token expiry and tampering,
// refresh rotation with reuse detection, sign-out and password change.
import { createHmac } from 'node:crypto';
import * as argon2 from 'argon2';
import { DEMO_PASSWORD } from '@app/database';
import type { ErrorBody, TokenPair } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';
import { match } from './support/matchers';

const SIGN_IN_FAILED = 'Wrong username or password, or the account is locked for a while after too many failures';

interface Profile {
  id: string;
  username: string;
  roles: { role: string; regionId: string | null; regionPath: string | null; regionName: string | null }[];
  department: { id: string; code: string; name: string } | null;
  deputy: { id: string; name: string } | null;
}

describe('sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', ACCESS_TOKEN_TTL: '15m' });
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.clock.reset());

  async function failures(username: string): Promise<{ failed_logins: number; locked_until: Date | null }> {
    const [row] = await t.db.query<{ failed_logins: number; locked_until: Date | null }[]>(
      `SELECT failed_logins, locked_until FROM users WHERE username = $1`,
      [username],
    );
    return row;
  }

  describe('POST /api/auth/login', () => {
    it('answers a token pair for the right password', async () => {
      const response = await t.http.post<TokenPair>('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        tokenType: 'Bearer',
        accessToken: match.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresIn: 900,
        refreshToken: match.stringMatching(/^[\w-]{43}$/),
        refreshExpiresIn: 7 * 86400,
        passwordChangeRequired: false,
      });
      const header = JSON.parse(Buffer.from(response.body.accessToken.split('.')[0], 'base64url').toString()) as {
        alg: string;
      };
      expect(header.alg).toBe('HS256');
    });

    it('stores only a hash of the refresh token, in a session with an expiry', async () => {
      const pair = await t.http.login('supervisor.rongjiawan');
      const stored = await t.db.query<{ token_hash: string; expires_at: Date }[]>(
        `SELECT t.token_hash, s.expires_at FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
          JOIN users u ON u.id = s.user_id WHERE u.username = 'supervisor.rongjiawan'`,
      );
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.map((r) => r.token_hash)).not.toContain(pair.refreshToken);
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
      expect(stored[0].expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    });

    it('answers the same 401 for a wrong password and an unknown user', async () => {
      const wrong = await t.http.post('/api/auth/login', { username: 'admin', password: 'not-the-password' });
      const unknown = await t.http.post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
      for (const response of [wrong, unknown]) {
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: SIGN_IN_FAILED,
          requestId: match.any(String),
        });
      }
      // Clean up the failure this test counted for admin.
      await t.db.query(`UPDATE users SET failed_logins = 0 WHERE username = 'admin'`);
    });

    it('locks the account after LOGIN_MAX_FAILURES failures, for LOGIN_LOCK_MINUTES, saying how long to wait', async () => {
      const username = 'liaison.huangshajie';
      for (let i = 1; i <= 2; i++) {
        expect((await t.http.post('/api/auth/login', { username, password: 'wrong-password' })).status).toBe(401);
        expect((await failures(username)).failed_logins).toBe(i);
      }
      expect((await t.http.post('/api/auth/login', { username, password: 'wrong-password' })).status).toBe(401);
      const locked = await failures(username);
      expect(locked.locked_until).not.toBeNull();
      expect(locked.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

      // Locked: even the right password gets 429, with the time left, the same as a wrong one.
      for (const password of [DEMO_PASSWORD, 'wrong-password']) {
        const refused = await t.http.post('/api/auth/login', { username, password });
        expect(refused.status).toBe(429);
        expect(refused.body.message).toBe('Too many failed sign-ins for this account: try again in 15 minutes');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      }

      t.clock.advance(14 * 60_000 + 30_000);
      const late = await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD });
      expect(late.status).toBe(429);
      expect(late.body.message).toMatch(/^Too many failed sign-ins for this account: try again in \d+ seconds$/);
      expect(Number(late.headers.get('retry-after'))).toBeLessThanOrEqual(30);

      // After the lock period the right password works and the count starts again.
      t.clock.advance(60_000);
      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(200);
      expect(await failures(username)).toEqual({ failed_logins: 0, locked_until: null });
    });

    it('lets an admin lift a lock at once', async () => {
      const username = 'liaison.xinqiang';
      for (let i = 0; i < 3; i++) await t.http.post('/api/auth/login', { username, password: 'wrong-password' });
      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(429);

      const admin = await t.http.login('admin');
      const [{ id }] = await t.db.query<{ id: string }[]>(`SELECT id FROM users WHERE username = $1`, [username]);
      const unlocked = await t.http.post<{ failedLogins: number; lockedUntil: string | null }>(
        `/api/users/${id}/unlock`,
        undefined,
        admin.accessToken,
      );
      expect(unlocked.status).toBe(200);
      expect(unlocked.body).toMatchObject({ failedLogins: 0, lockedUntil: null });
      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(200);
    });

    it('refuses a deactivated user with the same answer', async () => {
      await t.db.query(`UPDATE users SET active = false WHERE username = 'liaison.gangkou'`);
      const response = await t.http.post('/api/auth/login', { username: 'liaison.gangkou', password: DEMO_PASSWORD });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe(SIGN_IN_FAILED);
    });

    it('upgrades a hash made with weaker argon2 parameters at sign-in', async () => {
      const weak = await argon2.hash(DEMO_PASSWORD, {
        type: argon2.argon2id,
        memoryCost: 8192,
        timeCost: 1,
        parallelism: 1,
      });
      await t.db.query(`UPDATE users SET password_hash = $1 WHERE username = 'liaison.tongxi'`, [weak]);
      await t.http.login('liaison.tongxi');
      const [{ password_hash }] = await t.db.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE username = 'liaison.tongxi'`,
      );
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });
  });

  describe('access tokens', () => {
    it('GET /api/auth/me answers the user with roles, scope regions, department and deputy', async () => {
      const dept = await t.http.login('dept.jiaotong.rongjiawan');
      const me = await t.http.get<Profile>('/api/auth/me', dept.accessToken);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        username: 'dept.jiaotong.rongjiawan',
        roles: [{ role: 'department', regionId: null, regionPath: null }],
        department: { code: 'jiaotong.rongjiawan', name: '荣家湾镇交通管理站' },
        deputy: null,
      });

      const supervisor = await t.http.login('supervisor.rongjiawan');
      const profile = await t.http.get<Profile>('/api/auth/me', supervisor.accessToken);
      expect(profile.body.roles).toEqual([
        {
          role: 'supervisor',
          regionId: match.any(String),
          regionPath: 'yueyang/yueyang-county/rongjiawan',
          regionName: '荣家湾镇',
        },
      ]);

      const deputy = await t.http.login('deputy.zhangzhiqiang');
      expect((await t.http.get<Profile>('/api/auth/me', deputy.accessToken)).body.deputy).toMatchObject({
        name: '张志强',
      });
    });

    it('401 without a token, with a malformed header, or with garbage', async () => {
      expect((await t.http.get('/api/auth/me')).status).toBe(401);
      expect(
        (await t.http.request('GET', '/api/auth/me', { headers: { Authorization: 'Basic YWRtaW46eA==' } })).status,
      ).toBe(401);
      const garbage = await t.http.get('/api/auth/me', 'not.a.jwt');
      expect(garbage.status).toBe(401);
      expect(garbage.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', requestId: match.any(String) });
    });

    it('401 once the access token has expired', async () => {
      const pair = await t.http.login('admin');
      expect((await t.http.get('/api/auth/me', pair.accessToken)).status).toBe(200);
      t.clock.advance(15 * 60_000 + 1000);
      const expired = await t.http.get('/api/auth/me', pair.accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.message).toBe('The access token is invalid or expired');
    });

    it('401 for a tampered token: changed claims, changed signature, alg none, another key', async () => {
      const pair = await t.http.login('deputy.wangxiuying');
      const [header, payload, signature] = pair.accessToken.split('.');
      const admin = await t.http.login('admin');
      const adminPayload = admin.accessToken.split('.')[1];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const sign = (data: string, key: string) => createHmac('sha256', key).update(data).digest('base64url');

      const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
      const tampered = [
        `${header}.${adminPayload}.${signature}`, // someone else's claims under my signature
        `${header}.${payload}.${flipped}`,
        `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        `${header}.${payload}.${sign(`${header}.${payload}`, 'x'.repeat(48))}`,
        `${header}.${b64({ ...claims, typ: 'refresh' })}.${sign(`${header}.${b64({ ...claims, typ: 'refresh' })}`, t.config.JWT_SECRET)}`,
      ];
      for (const token of tampered) {
        expect({ token, status: (await t.http.get('/api/auth/me', token)).status }).toEqual({ token, status: 401 });
      }
      expect((await t.http.get('/api/auth/me', pair.accessToken)).status).toBe(200);
    });

    it("stops working when the user is deactivated, at the user's next request", async () => {
      const pair = await t.http.login('liaison.qingshui');
      expect((await t.http.get('/api/auth/me', pair.accessToken)).status).toBe(200);
      await t.db.query(`UPDATE users SET active = false WHERE username = 'liaison.qingshui'`);
      expect((await t.http.get('/api/auth/me', pair.accessToken)).status).toBe(401);
      expect((await t.http.post('/api/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
      await t.db.query(`UPDATE users SET active = true WHERE username = 'liaison.qingshui'`);
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates: every refresh answers a new pair with a new refresh token', async () => {
      const first = await t.http.login('deputy.liuchunhua');
      const second = await t.http.post<TokenPair>('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await t.http.get('/api/auth/me', second.body.accessToken)).status).toBe(200);

      const third = await t.http.post<TokenPair>('/api/auth/refresh', { refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
      expect((await t.http.get('/api/auth/me', third.body.accessToken)).status).toBe(200);
    });

    it('treats reuse of a rotated token as theft: the whole session ends', async () => {
      const first = await t.http.login('deputy.zhouguoping');
      const second = await t.http.post<TokenPair>('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(second.status).toBe(200);

      const replay = await t.http.post('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);
      // The legitimate holder's newer tokens die with the session.
      expect((await t.http.post('/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
      expect((await t.http.get('/api/auth/me', second.body.accessToken)).status).toBe(401);
      const [session] = await t.db.query<{ revoked_reason: string }[]>(
        `SELECT s.revoked_reason FROM auth_sessions s JOIN users u ON u.id = s.user_id
          WHERE u.username = 'deputy.zhouguoping'`,
      );
      expect(session.revoked_reason).toBe('refresh_reuse');
    });

    it('lets only one of two concurrent uses of a token through, and then ends the session', async () => {
      const pair = await t.http.login('deputy.zhaoweidong');
      const results = await Promise.all([
        t.http.post<TokenPair>('/api/auth/refresh', { refreshToken: pair.refreshToken }),
        t.http.post<TokenPair>('/api/auth/refresh', { refreshToken: pair.refreshToken }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('401 for an unknown token and for an expired session', async () => {
      expect((await t.http.post('/api/auth/refresh', { refreshToken: 'x'.repeat(43) })).status).toBe(401);
      const pair = await t.http.login('liaison.chengdong');
      t.clock.advance(7 * 86400_000 + 1000);
      expect((await t.http.post('/api/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends the session: its refresh and access tokens stop working; other sessions go on', async () => {
      const one = await t.http.login('supervisor.yueyangxian');
      const other = await t.http.login('supervisor.yueyangxian');
      const response = await t.http.post('/api/auth/logout', { refreshToken: one.refreshToken });
      expect(response.status).toBe(204);
      expect((await t.http.get('/api/auth/me', one.accessToken)).status).toBe(401);
      expect((await t.http.post('/api/auth/refresh', { refreshToken: one.refreshToken })).status).toBe(401);
      expect((await t.http.get('/api/auth/me', other.accessToken)).status).toBe(200);
      // Idempotent, and says nothing about unknown tokens.
      expect((await t.http.post('/api/auth/logout', { refreshToken: one.refreshToken })).status).toBe(204);
      expect((await t.http.post('/api/auth/logout', { refreshToken: 'y'.repeat(43) })).status).toBe(204);
    });
  });

  describe('POST /api/auth/password', () => {
    const username = 'dept.shehui.rongjiawan';

    it('changes the password, keeps this session and ends the others', async () => {
      const here = await t.http.login(username);
      const elsewhere = await t.http.login(username);
      const newPassword = 'a-new-and-longer-passphrase';
      const response = await t.http.post(
        '/api/auth/password',
        { currentPassword: DEMO_PASSWORD, newPassword },
        here.accessToken,
      );
      expect(response.status).toBe(204);
      expect((await t.http.get('/api/auth/me', here.accessToken)).status).toBe(200);
      expect((await t.http.get('/api/auth/me', elsewhere.accessToken)).status).toBe(401);
      expect((await t.http.post('/api/auth/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);

      expect((await t.http.post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(401);
      await t.http.login(username, newPassword);
      await t.db.query(`UPDATE users SET failed_logins = 0 WHERE username = $1`, [username]);
    });

    it('400 naming the field for a wrong current password or a weak new one; nothing changes', async () => {
      const other = 'dept.shehui.huangshajie';
      const pair = await t.http.login(other);
      const [before] = await t.db.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE username = $1`,
        [other],
      );
      const cases: [unknown, string][] = [
        [{ currentPassword: 'wrong-password', newPassword: 'a-perfectly-fine-one' }, 'currentPassword'],
        [{ currentPassword: DEMO_PASSWORD, newPassword: 'short' }, 'newPassword'],
        [{ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }, 'newPassword'],
        [{ currentPassword: DEMO_PASSWORD, newPassword: `x-${other}-x` }, 'newPassword'],
      ];
      for (const [body, field] of cases) {
        const response = await t.http.post<ErrorBody>('/api/auth/password', body, pair.accessToken);
        expect({ body, status: response.status, fields: Object.keys(response.body.fields ?? {}) }).toEqual({
          body,
          status: 400,
          fields: [field],
        });
      }
      const [after] = await t.db.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE username = $1`,
        [other],
      );
      expect(after.password_hash).toBe(before.password_hash);
    });

    it('counts wrong current passwords towards the lock-out', async () => {
      const victim = 'dept.nongye.gangkou';
      const pair = await t.http.login(victim);
      for (let i = 0; i < 3; i++) {
        await t.http.post(
          '/api/auth/password',
          { currentPassword: `guess-${i}-guess`, newPassword: 'whatever-long-1' },
          pair.accessToken,
        );
      }
      expect((await failures(victim)).locked_until).not.toBeNull();
    });

    it('401 when not signed in', async () => {
      const response = await t.http.post('/api/auth/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: 'x'.repeat(12),
      });
      expect(response.status).toBe(401);
    });
  });
});
