// Demo data for deputies attending standing-committee meetings (列席), modelled on Xiangtan city (湘潭市): its congress
// terms and city deputies, a liaison officer and a deputy to sign in as, and — as the record behind the 2018 bulletin
// (联络动态 第17期) — ten meetings from January 2017 to May 2018 with 90 whole-meeting and 61 per-item attendances
// (151; the bulletin printed 161), 50 speeches and 25 suggestions. The bulletin gives only those counts: the dates,
// titles, agenda, people and words here are invented. Which deputies attended follows the proposal rule (never-attended
// first), so the 151 attendances are 151 different deputies and the term's coverage report lists the rest.
//
// Idempotent: rows have fixed ids or natural keys and are inserted only when missing; nothing is rewritten.
import * as argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { DEMO_EMAIL_DOMAIN } from './demo-data';
import { DEMO_PASSWORD, demoId } from './seed-demo-data';

export const XIANGTAN_REGION_CODE = 'xiangtan';
/** The term of the bulletin's record, and the ones the screens use now and next. */
export const XIANGTAN_TERMS = [
  { code: 'xiangtan-15', name: '湘潭市第十五届人民代表大会', startsOn: '2017-01-01', endsOn: '2021-12-31' },
  { code: 'xiangtan-16', name: '湘潭市第十六届人民代表大会', startsOn: '2022-01-01', endsOn: '2026-12-31' },
  { code: 'xiangtan-17', name: '湘潭市第十七届人民代表大会', startsOn: '2027-01-01', endsOn: '2031-12-31' },
] as const;
export const XIANGTAN_DEPUTY_COUNT = 180;
export const XIANGTAN_LIAISON_USERNAME = 'liaison.xiangtan';
export const XIANGTAN_DEPUTY_USERNAME = 'deputy.xt.zhouhong';
/** Index of the deputy the demo deputy user is (one who has not attended in the record). */
const DEMO_DEPUTY_INDEX = 170;

const REGIONS = [
  { code: 'xiangtan', name: '湘潭市', level: 'city', parent: null },
  { code: 'yuhu', name: '雨湖区', level: 'county', parent: 'xiangtan' },
  { code: 'yuetang', name: '岳塘区', level: 'county', parent: 'xiangtan' },
  { code: 'xiangtan-county', name: '湘潭县', level: 'county', parent: 'xiangtan' },
] as const;

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '红', '志强', '秀英', '伟', '丽华', '军', '敏', '海涛', '静'];
const EMPLOYERS: Array<[string, string]> = [
  ['湘潭市第一人民医院', '副院长'],
  ['湘潭钢铁集团有限公司', '高级工程师'],
  ['湘潭大学', '教授'],
  ['雨湖区城正街街道', '社区党委书记'],
  ['岳塘区宝塔街道', '居委会主任'],
  ['湘潭县花石镇', '村党支部书记'],
  ['湘潭市第一中学', '校长'],
  ['湖南湘电集团', '技术员'],
  ['湘潭县易俗河镇', '农民专业合作社理事长'],
  ['湘潭市律师协会', '律师'],
];

interface DemoMeeting {
  n: number;
  date: string;
  title: string;
  items: Array<[title: string, committee: string]>;
  /** Per-item attendances, by item. */
  perItem: number[];
  /** Suggestions made in the meeting's five speeches. */
  suggestions: number;
}

const MEETINGS: DemoMeeting[] = [
  {
    n: 1,
    date: '2017-02-23',
    title: '湘潭市第十五届人大常委会第三次会议',
    items: [
      ['审议市人民政府关于2016年度环境状况和环境保护目标完成情况的报告', '城乡建设环境保护工作委员会'],
      ['审议市人民政府关于城区黑臭水体整治工作情况的报告', '城乡建设环境保护工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 3,
  },
  {
    n: 2,
    date: '2017-04-26',
    title: '湘潭市第十五届人大常委会第四次会议',
    items: [
      ['审议《湘潭市城市市容和环境卫生管理条例（草案）》', '法制工作委员会'],
      ['审议市人民政府关于精准扶贫工作情况的报告', '农业农村工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 2,
  },
  {
    n: 3,
    date: '2017-06-28',
    title: '湘潭市第十五届人大常委会第五次会议',
    items: [
      ['审议2016年度市本级财政决算和审计工作报告', '预算工作委员会'],
      ['审议市人民政府关于义务教育均衡发展工作情况的报告', '教育科学文化卫生工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 3,
  },
  {
    n: 4,
    date: '2017-08-29',
    title: '湘潭市第十五届人大常委会第六次会议',
    items: [
      ['审议市人民政府关于2017年上半年国民经济和社会发展计划执行情况的报告', '财政经济工作委员会'],
      ['审议市人民政府关于食品药品安全工作情况的报告', '教育科学文化卫生工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 2,
  },
  {
    n: 5,
    date: '2017-09-27',
    title: '湘潭市第十五届人大常委会第七次会议',
    items: [
      ['审议市中级人民法院关于执行工作情况的报告', '内务司法工作委员会'],
      ['审议市人民政府关于养老服务体系建设情况的报告', '内务司法工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 3,
  },
  {
    n: 6,
    date: '2017-10-30',
    title: '湘潭市第十五届人大常委会第八次会议',
    items: [
      ['审议《湘潭市历史文化名城保护条例（草案）》', '法制工作委员会'],
      ['审议市人民政府关于湘江保护和治理工作情况的报告', '城乡建设环境保护工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 2,
  },
  {
    n: 7,
    date: '2017-12-27',
    title: '湘潭市第十五届人大常委会第九次会议',
    items: [
      ['审议市人民政府关于城市公共交通发展情况的报告', '城乡建设环境保护工作委员会'],
      ['审议市人民检察院关于公益诉讼工作情况的报告', '内务司法工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 3,
  },
  {
    n: 8,
    date: '2018-02-27',
    title: '湘潭市第十五届人大常委会第十次会议',
    items: [
      ['审议市人民政府关于农村人居环境整治工作情况的报告', '农业农村工作委员会'],
      ['审议市人民政府关于优化营商环境工作情况的报告', '财政经济工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 2,
  },
  {
    n: 9,
    date: '2018-04-25',
    title: '湘潭市第十五届人大常委会第十一次会议',
    items: [
      ['审议市人民政府关于公立医院综合改革工作情况的报告', '教育科学文化卫生工作委员会'],
      ['审议市人民政府关于国有资产管理情况的报告', '预算工作委员会'],
    ],
    perItem: [3, 3],
    suggestions: 3,
  },
  {
    n: 10,
    date: '2018-05-30',
    title: '湘潭市第十五届人大常委会第十二次会议',
    items: [
      ['审议市人民政府关于棚户区改造工作情况的报告', '城乡建设环境保护工作委员会'],
      ['审议市人民政府关于全民健身工作情况的报告', '教育科学文化卫生工作委员会'],
      ['审议市人民政府关于安全生产工作情况的报告', '财政经济工作委员会'],
    ],
    perItem: [3, 2, 2],
    suggestions: 2,
  },
];
const WHOLE_PER_MEETING = 9;
const SPEECHES_PER_MEETING = 5;

/** The deputy's demo key: 'xt-001'… */
const deputyKey = (index: number) => `xt-${String(index + 1).padStart(3, '0')}`;

function deputyOf(index: number) {
  const surname = SURNAMES[index % SURNAMES.length];
  const given = GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length];
  const [employer, post] = EMPLOYERS[index % EMPLOYERS.length];
  return {
    id: demoId('deputy', deputyKey(index)),
    name: index === DEMO_DEPUTY_INDEX ? '周红' : `${surname}${given}`,
    gender: index % 3 === 1 ? 'female' : 'male',
    employer,
    post,
    phone: `1397320${String(1000 + index).padStart(4, '0')}`,
  };
}

export async function seedAttendanceDemo(manager: EntityManager): Promise<void> {
  const regionIds = await seedRegions(manager);
  const cityId = regionIds.get(XIANGTAN_REGION_CODE)!;
  const deputies = Array.from({ length: XIANGTAN_DEPUTY_COUNT }, (_, index) => deputyOf(index));
  for (const d of deputies) {
    await manager.query(
      `INSERT INTO deputies (id, name, gender, level, employer, post, phone) VALUES ($1, $2, $3, 'city', $4, $5, $6)
       ON CONFLICT (id) DO NOTHING`,
      [d.id, d.name, d.gender, d.employer, d.post, d.phone],
    );
  }
  const termIds = new Map<string, string>();
  for (const term of XIANGTAN_TERMS) {
    const id = demoId('congress-term', term.code);
    termIds.set(term.code, id);
    await manager.query(
      `INSERT INTO congress_terms (id, code, name, region_id, level, starts_on, ends_on)
       VALUES ($1, $2, $3, $4, 'city', $5, $6) ON CONFLICT (code) DO NOTHING`,
      [id, term.code, term.name, cityId, term.startsOn, term.endsOn],
    );
    // The same people serve every demo term: enough city deputies for the figures and the screens.
    await manager.query(
      `INSERT INTO term_deputies (term_id, deputy_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, deputies.map((d) => d.id)],
    );
  }
  await seedUsers(manager, cityId, deputies[DEMO_DEPUTY_INDEX].id);
  await seedRecord(manager, termIds.get('xiangtan-15')!, deputies);
}

async function seedRegions(manager: EntityManager): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const region of REGIONS) {
    const parentId = region.parent === null ? null : ids.get(region.parent)!;
    const path = region.parent === null ? region.code : `${paths.get(region.parent)}/${region.code}`;
    await manager.query(
      `INSERT INTO regions (code, name, level, parent_id, path) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
      [region.code, region.name, region.level, parentId, path],
    );
    const [row] = await manager.query<{ id: string; path: string }[]>(`SELECT id, path FROM regions WHERE code = $1`, [
      region.code,
    ]);
    ids.set(region.code, row.id);
    paths.set(region.code, row.path);
  }
  return ids;
}

async function seedUsers(manager: EntityManager, cityId: string, deputyId: string): Promise<void> {
  const users = [
    { username: XIANGTAN_LIAISON_USERNAME, displayName: '湘潭市人大联工委 刘芳', deputyId: null, role: 'liaison' },
    { username: XIANGTAN_DEPUTY_USERNAME, displayName: '周红', deputyId, role: 'deputy' },
  ] as const;
  for (const u of users) {
    await manager.query(
      `INSERT INTO users (username, display_name, email, deputy_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING`,
      [u.username, u.displayName, `${u.username}@${DEMO_EMAIL_DOMAIN}`, u.deputyId],
    );
    const [{ id }] = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE username = $1`, [u.username]);
    await manager.query(
      `INSERT INTO user_roles (user_id, role, region_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [id, u.role, u.role === 'liaison' ? cityId : null],
    );
    if (u.deputyId) {
      await manager.query(`UPDATE deputies SET user_id = $2 WHERE id = $1 AND user_id IS DISTINCT FROM $2`, [
        u.deputyId,
        id,
      ]);
    }
  }
  const usernames = users.map((u) => u.username);
  const [{ missing }] = await manager.query<{ missing: number }[]>(
    `SELECT count(*)::int AS missing FROM users WHERE password_hash IS NULL AND username = ANY($1::text[])`,
    [usernames],
  );
  if (missing > 0) {
    const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2 });
    await manager.query(
      `UPDATE users SET password_hash = $1 WHERE password_hash IS NULL AND username = ANY($2::text[])`,
      [hash, usernames],
    );
  }
}

/** The ten meetings of the bulletin, attended as it reports, with their speeches, all signed off. */
async function seedRecord(manager: EntityManager, termId: string, deputies: { id: string }[]): Promise<void> {
  let next = 0; // the coverage rule: the next deputy who has not attended yet
  for (const meeting of MEETINGS) {
    const meetingId = demoId('meeting', `xiangtan-15-${meeting.n}`);
    const heldAt = `${meeting.date}T09:00:00+08:00`;
    await manager.query(
      `INSERT INTO meetings (id, term_id, title, meeting_date, location, materials, whole_meeting_quota, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '市人大常委会会议室', '会议议程及各项报告文本', 10, $5, $5) ON CONFLICT (id) DO NOTHING`,
      [meetingId, termId, meeting.title, meeting.date, heldAt],
    );
    const itemIds = meeting.items.map((_, index) => demoId('agenda-item', `xiangtan-15-${meeting.n}-${index + 1}`));
    for (const [index, [title, committee]] of meeting.items.entries()) {
      await manager.query(
        `INSERT INTO meeting_agenda_items (id, meeting_id, position, title, committee, deputy_quota)
         VALUES ($1, $2, $3, $4, $5, 5) ON CONFLICT (id) DO NOTHING`,
        [itemIds[index], meetingId, index + 1, title, committee],
      );
    }
    const attendees: Array<{ deputyId: string; itemId: string | null }> = [];
    for (let i = 0; i < WHOLE_PER_MEETING; i += 1) attendees.push({ deputyId: deputies[next++].id, itemId: null });
    meeting.perItem.forEach((count, index) => {
      for (let i = 0; i < count; i += 1) attendees.push({ deputyId: deputies[next++].id, itemId: itemIds[index] });
    });
    for (const a of attendees) {
      const invitationId = demoId('invitation', `${meetingId}:${a.deputyId}`);
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO meeting_invitations (id, meeting_id, deputy_id, kind, agenda_item_id, status, reply, replied_at,
                                          notice_sent_at, closed_at, attendance, attendance_recorded_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'attending', 'attend', $6::timestamptz - interval '5 days',
                 $6::timestamptz - interval '7 days', $6::timestamptz + interval '15 hours', 'present', $6, $6, $6)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [invitationId, meetingId, a.deputyId, a.itemId ? 'item' : 'whole', a.itemId, heldAt],
      );
      if (inserted.length === 0) continue;
      await manager.query(
        `INSERT INTO invitation_events (invitation_id, step_key, type, actor_label, data, occurred_at)
         VALUES ($1, 'record:attendance', 'attendance_recorded', '历史记录', $2, $3) ON CONFLICT DO NOTHING`,
        [invitationId, { mark: 'present', source: '联络动态 2018年第17期' }, heldAt],
      );
    }
    // Five speeches: the whole-meeting attendees speak on the items in turn; the first few make one suggestion each.
    for (let s = 0; s < SPEECHES_PER_MEETING; s += 1) {
      const itemIndex = s % meeting.items.length;
      const [itemTitle] = meeting.items[itemIndex];
      const topic = itemTitle.replace(/^审议/, '');
      const suggestions =
        s < meeting.suggestions ? [`就${topic.replace(/^市人民政府关于|的报告$/g, '')}建立年度跟踪督办机制`] : [];
      await manager.query(
        `INSERT INTO meeting_speeches (id, meeting_id, agenda_item_id, deputy_id, text, suggestions, status, signed_off_at,
                                       recorded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'signed_off', $7::timestamptz + interval '3 days', $7, $7)
         ON CONFLICT (id) DO NOTHING`,
        [
          demoId('speech', `${meetingId}:${s}`),
          meetingId,
          itemIds[itemIndex],
          attendees[s].deputyId,
          `对${topic}，我完全赞同。结合所在单位和选民反映的情况，谈几点意见：一是任务要进一步细化，明确责任单位和完成时限；二是加强部门协同，及时回应群众关切。`,
          suggestions,
          heldAt,
        ],
      );
    }
  }
}
