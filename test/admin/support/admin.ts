// What the admin suites share: the views the admin API answers with, a signed-in admin client, and a fingerprint of
// the reference tables, to prove that a refused write changed nothing.
import type { DataSource } from 'typeorm';
import type { ErrorBody, HttpResponse } from '../../auth/support/http';
import type { TestApp } from '../../auth/support/test-app';

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export interface RegionView {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  path: string;
}

export interface StationView {
  id: string;
  code: string;
  name: string;
  level: string;
  regionId: string;
  regionName: string;
  headDeputyId: string | null;
  headDeputyName: string | null;
  liaisonOfficerUserId: string | null;
  deputyCount: number;
  deputies?: { id: string; name: string; level: string }[];
}

export interface DeputyView {
  id: string;
  name: string;
  gender: string;
  level: string;
  employer: string;
  post: string;
  phone: string;
  userId: string | null;
  stationIds: string[];
}

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  regionId: string;
  regionName: string;
  email: string;
  active: boolean;
}

export interface CategoryView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export interface RoutingRuleView {
  id: string;
  regionId: string;
  regionName: string;
  categoryId: string | null;
  categoryName: string | null;
  leadDepartmentId: string;
  leadDepartmentName: string;
  coHandlerDepartmentIds: string[];
  coHandlerDepartmentNames: string[];
  priority: number;
  active: boolean;
}

export interface ResolvedRoute {
  lead: { id: string; name: string } | null;
  coHandlers: { id: string; name: string }[];
  rule: { id: string; regionId: string; regionName: string; categoryId: string | null } | null;
  explanation: string;
}

export interface CalendarYear {
  year: number;
  days: { day: string; kind: 'holiday' | 'workday'; name: string }[];
}

/** An HTTP client bound to one user's token. */
export interface As {
  get<T>(path: string): Promise<HttpResponse<T | ErrorBody>>;
  send<T>(method: string, path: string, body?: unknown): Promise<HttpResponse<T | ErrorBody>>;
}

export async function signedIn(t: TestApp, username: string): Promise<As> {
  const token = (await t.http.login(username)).accessToken;
  return {
    get: <T>(path: string) => t.http.request<T | ErrorBody>('GET', path, { token }),
    send: <T>(method: string, path: string, body?: unknown) =>
      t.http.request<T | ErrorBody>(method, path, { token, body }),
  };
}

/** The body when the status is the expected one; otherwise fails with what came back. */
export function ok<T>(response: HttpResponse<T | ErrorBody>, status = 200): T {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as T;
}

export function errorOf(response: HttpResponse<unknown>): ErrorBody {
  return response.body as ErrorBody;
}

/** Every row of every table the admin API writes, as one string: equal before and after means nothing changed. */
export async function referenceFingerprint(db: DataSource): Promise<string> {
  const tables = [
    'regions',
    'stations',
    'station_deputies',
    'deputies',
    'users',
    'departments',
    'issue_categories',
    'routing_rules',
    'routing_rule_co_handlers',
    'calendar_days',
    'admin_audit_log',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const [row] = await db.query<{ digest: string }[]>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${table} t`,
    );
    parts.push(`${table}=${row.digest}`);
  }
  return parts.join(' ');
}

export async function auditCount(db: DataSource): Promise<number> {
  const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM admin_audit_log`);
  return row.n;
}
