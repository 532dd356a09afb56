// Every API call the app makes, one small function each, typed by ./types.
import { ApiError, api, withQuery } from './client';
import type {
  CaughtMail,
  CreateIssueInput,
  CreateUserInput,
  DepartmentRef,
  InboxCounts,
  InboxItem,
  InboxQuery,
  IntakeOptions,
  IssueCommandAnswer,
  IssueDetail,
  IssueQuery,
  IssueSummary,
  Page,
  NamedRef,
  Profile,
  Rating,
  ReplyClass,
  Role,
  RoleGrantInput,
  UserView,
} from './types';

export const me = (signal?: AbortSignal) => api.get<Profile>('/api/auth/me', undefined, signal);

// Issues ----------------------------------------------------------------------------------------------------------

export const listIssues = (query: IssueQuery, signal?: AbortSignal) =>
  api.get<Page<IssueSummary>>('/api/issues', { ...query }, signal);

export const issueDetail = (id: string, signal?: AbortSignal) =>
  api.get<IssueDetail>(`/api/issues/${encodeURIComponent(id)}`, undefined, signal);

export const submitIssue = (input: CreateIssueInput) => api.post<IssueSummary>('/api/issues', input);

/** Proposed (not in the API yet): the deputy's stations with their places, and the active categories. */
export const intakeOptions = (signal?: AbortSignal) => api.get<IntakeOptions>('/api/intake-options', undefined, signal);

/** A command on an issue; `key` is the Idempotency-Key, made once per attempt at one action and kept for its retries. */
function command(id: string, action: string, body: unknown, key: string): Promise<IssueCommandAnswer> {
  return api.post<IssueCommandAnswer>(`/api/issues/${encodeURIComponent(id)}/${action}`, body, { idempotencyKey: key });
}

export const issueCommands = {
  acknowledge: (id: string, key: string) => command(id, 'acknowledge', undefined, key),
  sendBack: (id: string, body: { reason: string }, key: string) => command(id, 'send-back', body, key),
  coHandlerInput: (id: string, body: { text: string }, key: string) => command(id, 'co-handler-input', body, key),
  reply: (id: string, body: { replyClass: ReplyClass; text: string; promisedDate?: string }, key: string) =>
    command(id, 'reply', body, key),
  followUpReply: (id: string, body: { replyClass: 'A' | 'C'; text: string }, key: string) =>
    command(id, 'follow-up-reply', body, key),
  rate: (id: string, body: { rating: Rating; comment?: string }, key: string) => command(id, 'rate', body, key),
  assign: (
    id: string,
    body: { leadDepartmentId: string; coHandlerDepartmentIds?: string[]; note?: string },
    key: string,
  ) => command(id, 'assign', body, key),
  urge: (id: string, body: { note: string }, key: string) => command(id, 'urge', body, key),
  extend: (id: string, body: { extraWorkingDays?: number; newDueDate?: string; reason: string }, key: string) =>
    command(id, 'extend', body, key),
  reassign: (
    id: string,
    body: { leadDepartmentId: string; coHandlerDepartmentIds?: string[]; reason: string },
    key: string,
  ) => command(id, 'reassign', body, key),
  referUpward: (id: string, body: { reason: string }, key: string) => command(id, 'refer-upward', body, key),
  mergeInto: (id: string, body: { targetIssueId: string; reason?: string }, key: string) =>
    command(id, 'merge-into', body, key),
};

// Department inbox ------------------------------------------------------------------------------------------------

export const inbox = (query: InboxQuery, page: number, signal?: AbortSignal) =>
  api.get<Page<InboxItem>>('/api/assignments', { ...query, page, limit: 20 }, signal);

/** How many each tab holds under the same search and filters (the tab's own status is left out). */
export const inboxCounts = (query: InboxQuery, signal?: AbortSignal) =>
  api.get<InboxCounts>('/api/assignments/counts', { q: query.q, urgency: query.urgency, role: query.role }, signal);

/** The export of exactly the list the query shows (all pages). */
export const inboxExportPath = (query: InboxQuery) => withQuery('/api/assignments/export', { ...query });

// Users -----------------------------------------------------------------------------------------------------------

export const listUsers = (query: { q?: string; role?: Role; page?: number; limit?: number }, signal?: AbortSignal) =>
  api.get<Page<UserView>>('/api/users', query, signal);

export const createUser = (input: CreateUserInput) => api.post<UserView>('/api/users', input);

/** The roles, and the department or deputy the user is bound to (left out: unchanged; null: unbound). */
export const replaceRoles = (
  id: string,
  roles: RoleGrantInput[],
  links: { departmentId?: string | null; deputyId?: string | null } = {},
) => api.request<UserView>('PATCH', `/api/users/${encodeURIComponent(id)}/roles`, { body: { roles, ...links } });

export const unlockUser = (id: string) => api.post<UserView>(`/api/users/${encodeURIComponent(id)}/unlock`);

export const resetPassword = (id: string) =>
  api.post<{ temporaryPassword: string; user: UserView }>(`/api/users/${encodeURIComponent(id)}/reset-password`);

export const disableUser = (id: string) => api.post<UserView>(`/api/users/${encodeURIComponent(id)}/disable`);

export const enableUser = (id: string) => api.post<UserView>(`/api/users/${encodeURIComponent(id)}/enable`);

export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  api.post<void>('/api/auth/password', { currentPassword, newPassword });

/** Deputies or departments whose name contains `q`, for pickers that search on the server (admins). */
export const searchNamed = (kind: 'deputies' | 'departments', q: string, signal?: AbortSignal) =>
  api.get<Page<NamedRef>>(`/api/${kind}`, { q: q || undefined, limit: 20 }, signal);

// Dev mailbox -----------------------------------------------------------------------------------------------------

export const devMail = (signal?: AbortSignal) => api.get<{ items: CaughtMail[] }>('/api/dev/mail', undefined, signal);

// Reference data ------------------------------------------------------------------------------------------------

/** Pages of the department list fetched at most: 500 departments, far more than a county has. */
const DEPARTMENT_PAGES = 5;

/**
 * The active departments the user may refer issues to (GET /api/departments, scope-filtered by the API), every page
 * of them. Answers null when the API refuses the list (404 on an API without it, 403 for a role it is not for), so
 * that pickers fall back to the departments the issue already names, plus a typed id.
 */
export async function departments(signal?: AbortSignal): Promise<DepartmentRef[] | null> {
  const all: DepartmentRef[] = [];
  try {
    for (let page = 1; page <= DEPARTMENT_PAGES; page++) {
      const answer = await api.get<Page<DepartmentRef>>('/api/departments', { active: true, page, limit: 100 }, signal);
      all.push(...answer.items);
      if (page * answer.limit >= answer.total) break;
    }
    return all;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}
