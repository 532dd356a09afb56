// The moves the issue suites make as users would: submit as a deputy, wait for the workflow to get somewhere,
// find the emails about an issue and the reply link in them.
import { randomUUID } from 'node:crypto';
import type { CaughtMail } from '@app/mail';
import { idOf } from '../../auth/support/fixtures';
import { eventually, expectStatus, type IssueTestApp } from './issue-app';

export interface IssueView {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  round: number;
  escalationLevel: number;
  dueAt: string | null;
  replyClass: string | null;
  promisedDate: string | null;
  satisfaction: string | null;
  leadDepartment: { id: string; name: string } | null;
  voter: {
    name: string | null;
    phone: string | null;
    idNumber: string | null;
    address: string | null;
    masked: boolean;
  };
}

export interface CommandResult {
  state: { status: string; round: number; escalationLevel: number; dueAt: string | null; acknowledgedBy: string[] };
  issue: IssueView;
}

/** Where an issue is raised: a station the deputy serves, a place in its township, a category (all by code). */
export interface Origin {
  deputy: string;
  station: string;
  place: string;
  category: string;
}

/** 张志强 at 荣家湾镇人大代表之家, roads in 城东社区: 荣家湾镇交通管理站 leads, 自然资源所 co-handles. */
export const ROADS_IN_CHENGDONG: Origin = {
  deputy: 'deputy.zhangzhiqiang',
  station: 'rongjiawan',
  place: 'chengdong',
  category: 'roads',
};

export async function intakeBody(t: IssueTestApp, origin: Origin, extra: Record<string, unknown> = {}) {
  return {
    stationId: await idOf(t.db, 'stations', origin.station),
    categoryId: await idOf(t.db, 'issue_categories', origin.category),
    placeRegionId: await idOf(t.db, 'regions', origin.place),
    channel: 'reception_day',
    urgency: 'normal',
    description: '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。',
    voter: { name: '李桂兰', phone: '13807305678', idNumber: '430621196505121230', address: '城东社区建设路12号' },
    idempotencyKey: randomUUID(),
    ...extra,
  };
}

export async function submit(t: IssueTestApp, origin: Origin, extra: Record<string, unknown> = {}): Promise<IssueView> {
  const token = await t.tokenOf(origin.deputy);
  return expectStatus<IssueView>(await t.http.post('/api/issues', await intakeBody(t, origin, extra), token), 201);
}

/** Polls the issue as `username` sees it until its status is `status`. */
export async function untilStatus(
  t: IssueTestApp,
  username: string,
  issueId: string,
  status: string,
): Promise<IssueView> {
  const token = await t.tokenOf(username);
  return eventually(`issue ${issueId} to be ${status}`, async () => {
    const issue = expectStatus<IssueView>(await t.http.get(`/api/issues/${issueId}`, token), 200);
    return issue.status === status ? issue : undefined;
  });
}

export async function command(
  t: IssueTestApp,
  username: string,
  issueId: string,
  action: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return t.http.request<CommandResult>('POST', `/api/issues/${issueId}/${action}`, {
    body: body ?? {},
    token: await t.tokenOf(username),
    headers,
  });
}

/**
 * Sends a command and waits until it is carried out, as a client would: answered 200, or 202 — the issue's workflow did
 * not take it within COMMAND_ADMISSION_MS, as on a busy machine — and then applied, read from the answer's outcomeUrl.
 * A refusal or any other answer fails.
 */
export async function commandCarriedOut(
  t: IssueTestApp,
  username: string,
  issueId: string,
  action: string,
  body?: unknown,
): Promise<void> {
  const token = await t.tokenOf(username);
  const response = await t.http.request<{ accepted: { outcomeUrl: string } }>(
    'POST',
    `/api/issues/${issueId}/${action}`,
    {
      body: body ?? {},
      token,
    },
  );
  if (response.status === 200) return;
  const accepted = expectStatus(response, 202).accepted;
  await eventually(`the ${action} to be applied`, async () => {
    const outcome = expectStatus<{ status: string }>(await t.http.get(accepted.outcomeUrl, token), 200);
    if (outcome.status === 'rejected') throw new Error(`the ${action} was refused: ${JSON.stringify(outcome)}`);
    return outcome.status === 'applied' ? true : undefined;
  });
}

/** The emails about this issue (each names the issue's link). */
export function mailsAbout(t: IssueTestApp, issueId: string): CaughtMail[] {
  return t.mail.list().filter((mail) => mail.text.includes(issueId));
}

export function waitForMail(t: IssueTestApp, issueId: string, to: string, subject: string): Promise<CaughtMail> {
  return t.mail.waitFor((m) => m.text.includes(issueId) && m.to.includes(to) && m.subject.includes(subject), 30_000);
}

/** The token of the reply link in a referral email. */
export function replyTokenIn(mail: CaughtMail): string {
  const match = /\/reply\?token=([A-Za-z0-9_.-]+)/.exec(mail.text);
  if (!match) throw new Error(`no reply link in: ${mail.text}`);
  return match[1];
}

export const departmentEmail = (code: string) => `${code}@demo.lianluo.local`;
export const userEmail = (username: string) => `${username}@demo.lianluo.local`;
