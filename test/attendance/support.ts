// The moves the attendance suites make: sign in as the Xiangtan demo users, find a congress term, plan a meeting in
// the future, and read what the API answers.
import { addCalendarDays } from '../workflows/support/weekend-calendar';
import { chinaDateOf } from '@app/contracts';
import { expectStatus, type IssueTestApp } from '../issues/support/issue-app';

export const LIAISON = 'liaison.xiangtan';
export const DEPUTY = 'deputy.xt.zhouhong';
/** A liaison officer of Yueyang county's township: outside Xiangtan. */
export const OTHER_LIAISON = 'liaison.rongjiawan';

export interface Term {
  id: string;
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
  deputies: number;
}

export interface Meeting {
  id: string;
  title: string;
  meetingDate: string;
  status: string;
  wholeInvited: number;
  invited: number;
  agenda: { id: string; position: number; title: string; committee: string; deputyQuota: number; invited: number }[];
  term: Term;
}

export interface Invitation {
  id: string;
  meetingId: string;
  deputy: { id: string; name: string };
  kind: 'whole' | 'item';
  agendaItem: { id: string } | null;
  status: string;
  statusLabel: string;
  phoneStatus: string | null;
  reply: string | null;
  leaveReason: string | null;
  attendance: string | null;
  closedAt: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export async function terms(t: IssueTestApp): Promise<Term[]> {
  return expectStatus<Term[]>(await t.http.get('/api/attendance/terms', await t.tokenOf(LIAISON)), 200);
}

export async function termByCode(t: IssueTestApp, code: string): Promise<Term> {
  const term = (await terms(t)).find((candidate) => candidate.code === code);
  if (!term) throw new Error(`no term ${code}`);
  return term;
}

/** A date `days` after today (China time), and the demo term it falls in. */
export async function futureDate(t: IssueTestApp, days: number): Promise<{ date: string; term: Term }> {
  const date = addCalendarDays(chinaDateOf(Date.now()), days);
  const term = (await terms(t)).find((candidate) => candidate.startsOn <= date && date <= candidate.endsOn);
  if (!term) throw new Error(`no demo term holds ${date}`);
  return { date, term };
}

export async function createMeeting(t: IssueTestApp, days: number, title = '测试常委会会议'): Promise<Meeting> {
  const { date, term } = await futureDate(t, days);
  const body = {
    termId: term.id,
    title,
    meetingDate: date,
    location: '市人大常委会第一会议室',
    materials: '会议议程；市人民政府关于城区黑臭水体治理工作情况的报告',
    agenda: [
      { title: '审议市人民政府关于城区黑臭水体治理工作情况的报告', committee: '城乡建设环境保护工作委员会' },
      { title: '审议《湘潭市养犬管理条例（草案）》', committee: '法制工作委员会', deputyQuota: 3 },
    ],
  };
  return expectStatus<Meeting>(await t.http.post('/api/attendance/meetings', body, await t.tokenOf(LIAISON)), 201);
}

export async function deputyIdOf(t: IssueTestApp, username: string): Promise<string> {
  const [row] = await t.db.query<{ deputy_id: string }[]>(`SELECT deputy_id FROM users WHERE username = $1`, [
    username,
  ]);
  return row.deputy_id;
}

export async function count(t: IssueTestApp, sql: string, params: unknown[] = []): Promise<number> {
  return (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n;
}
