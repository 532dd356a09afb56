// The cast of the authorisation tests: one user per role and side of the scope line, around one issue in
// 荣家湾镇城东社区 (submitted by deputy 张志强, lead department 荣家湾镇交通管理站).
import type { AuthUser } from '../../../apps/api/src/auth/auth-user';
import { AuthRepository } from '../../../apps/api/src/auth/auth.repository';
import type { TestApp } from './test-app';

export const ACTORS = {
  anonymous: null,
  admin: 'admin',
  'supervisor in scope': 'supervisor.rongjiawan',
  'county supervisor': 'supervisor.yueyangxian',
  'supervisor out of scope': 'supervisor.gangkou',
  'liaison in scope': 'liaison.chengdong',
  'liaison out of scope': 'liaison.huangshajie',
  'deputy who submitted': 'deputy.zhangzhiqiang',
  'other deputy': 'deputy.wangxiuying',
  'lead department': 'dept.jiaotong.rongjiawan',
  'unassigned department': 'dept.shehui.rongjiawan',
} as const satisfies Record<string, string | null>;

export type Actor = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as Actor[];

/** Users the demo data lacks: a supervisor of another township. */
export async function addMissingActors(t: TestApp): Promise<void> {
  const [user] = await t.db.query<{ id: string }[]>(
    `INSERT INTO users (username, display_name, password_hash)
     SELECT 'supervisor.gangkou', '方督办', password_hash FROM users WHERE username = 'admin' RETURNING id`,
  );
  await t.db.query(
    `INSERT INTO user_roles (user_id, role, region_id) SELECT $1, 'supervisor', id FROM regions WHERE code = 'gangkou'`,
    [user.id],
  );
}

/** Signs every actor in once: access tokens, and the AuthUser the guard would build for each. */
export async function signInActors(t: TestApp): Promise<{ tokens: Map<Actor, string>; users: Map<Actor, AuthUser> }> {
  const tokens = new Map<Actor, string>();
  const users = new Map<Actor, AuthUser>();
  const repository = t.app.get(AuthRepository);
  for (const actor of ACTOR_NAMES) {
    const username = ACTORS[actor];
    if (username === null) continue;
    const pair = await t.http.login(username);
    const claims = JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString()) as {
      sub: string;
      sid: string;
    };
    const user = await repository.loadPrincipal(claims.sub, claims.sid, t.clock.now());
    if (!user) throw new Error(`no principal for ${username}`);
    tokens.set(actor, pair.accessToken);
    users.set(actor, user);
  }
  return { tokens, users };
}
