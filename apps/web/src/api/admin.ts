// The reference data an administrator keeps (regions, stations, deputies, departments, categories, routing rules, the
// working calendar): its shapes as apps/api/src/admin answers them, and one small function per call.
import { api, type Query } from './client';
import type { NamedRef, Page } from './types';

export const REGION_LEVELS = ['city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const STATION_LEVELS = ['township', 'village'] as const;
export type StationLevel = (typeof STATION_LEVELS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

export const CALENDAR_KINDS = ['holiday', 'workday'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export interface PageParams {
  page?: number;
  limit?: number;
}

// Regions ---------------------------------------------------------------------------------------------------------

export interface RegionView {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  /** Codes from the root down: 'yueyang/yueyang-county/rongjiawan'. */
  path: string;
}

export interface RegionQuery extends PageParams {
  parentId?: string;
  level?: RegionLevel;
  q?: string;
}

export interface CreateRegionInput {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
}

// Stations --------------------------------------------------------------------------------------------------------

export interface StationView {
  id: string;
  code: string;
  name: string;
  level: StationLevel;
  regionId: string;
  regionName: string;
  headDeputyId: string | null;
  headDeputyName: string | null;
  liaisonOfficerUserId: string | null;
  liaisonOfficerName: string | null;
  deputyCount: number;
}

export interface StationDetail extends StationView {
  deputies: { id: string; name: string; level: DeputyLevel }[];
}

export interface StationQuery extends PageParams {
  regionId?: string;
  q?: string;
}

export interface StationInput {
  code: string;
  name: string;
  level: StationLevel;
  regionId: string;
  headDeputyId?: string | null;
  liaisonOfficerUserId?: string | null;
}

// Deputies --------------------------------------------------------------------------------------------------------

export interface DeputyView {
  id: string;
  name: string;
  gender: Gender;
  level: DeputyLevel;
  employer: string;
  post: string;
  phone: string;
  userId: string | null;
  stationIds: string[];
}

export interface DeputyQuery extends PageParams {
  q?: string;
  stationId?: string;
}

export interface DeputyInput {
  name: string;
  gender: Gender;
  level: DeputyLevel;
  employer: string;
  post: string;
  phone: string;
}

// Departments -----------------------------------------------------------------------------------------------------

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  regionId: string;
  regionName: string;
  email: string;
  active: boolean;
}

export interface DepartmentQuery extends PageParams {
  regionId?: string;
  q?: string;
  active?: boolean;
}

export interface CreateDepartmentInput {
  code: string;
  name: string;
  regionId: string;
  email: string;
}

export type UpdateDepartmentInput = Partial<Omit<CreateDepartmentInput, 'regionId'> & { active: boolean }>;

// Categories ------------------------------------------------------------------------------------------------------

export interface CategoryView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export interface CategoryInput {
  code: string;
  nameZh: string;
  nameEn: string;
}

// Routing rules ---------------------------------------------------------------------------------------------------

export interface RoutingRuleView {
  id: string;
  regionId: string;
  regionName: string;
  /** null: the rule covers every category. */
  categoryId: string | null;
  categoryName: string | null;
  leadDepartmentId: string;
  leadDepartmentName: string;
  coHandlerDepartmentIds: string[];
  coHandlerDepartmentNames: string[];
  priority: number;
  active: boolean;
}

export interface RoutingRuleQuery extends PageParams {
  regionId?: string;
  categoryId?: string;
}

export interface RoutingRuleInput {
  regionId: string;
  categoryId: string | null;
  leadDepartmentId: string;
  coHandlerDepartmentIds: string[];
  priority?: number;
  active?: boolean;
}

export interface RoutingResolution {
  lead: NamedRef | null;
  coHandlers: NamedRef[];
  rule: { id: string; regionId: string; regionName: string; categoryId: string | null } | null;
  explanation: string;
}

// Calendar --------------------------------------------------------------------------------------------------------

export interface CalendarDayView {
  /** 'YYYY-MM-DD' */
  day: string;
  kind: CalendarKind;
  name: string;
}

export interface CalendarYear {
  year: number;
  days: CalendarDayView[];
}

/** Which years deadlines run into (GET /api/calendar/coverage, admins only) and which lack their holidays. */
export interface CalendarCoverage {
  enteredYears: number[];
  neededYears: number[];
  missingYears: number[];
  latestDeadline: string | null;
}

// Calls -----------------------------------------------------------------------------------------------------------

const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;
const patch = <T>(path: string, body: unknown) => api.request<T>('PATCH', path, { body });
const put = <T>(path: string, body: unknown) => api.request<T>('PUT', path, { body });
const remove = (path: string) => api.request<void>('DELETE', path);
const list = <T>(path: string, query: object, signal?: AbortSignal) => api.get<Page<T>>(path, query as Query, signal);

export const regions = {
  list: (query: RegionQuery, signal?: AbortSignal) => list<RegionView>('/api/regions', query, signal),
  create: (input: CreateRegionInput) => api.post<RegionView>('/api/regions', input),
  update: (id: string, input: { code?: string; name?: string }) => patch<RegionView>(at('/api/regions', id), input),
  remove: (id: string) => remove(at('/api/regions', id)),
};

export const stations = {
  list: (query: StationQuery, signal?: AbortSignal) => list<StationView>('/api/stations', query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<StationDetail>(at('/api/stations', id), undefined, signal),
  create: (input: StationInput) => api.post<StationView>('/api/stations', input),
  update: (id: string, input: Partial<StationInput>) => patch<StationView>(at('/api/stations', id), input),
  setDeputies: (id: string, deputyIds: string[]) =>
    put<StationDetail>(`${at('/api/stations', id)}/deputies`, { deputyIds }),
};

export const deputies = {
  list: (query: DeputyQuery, signal?: AbortSignal) => list<DeputyView>('/api/deputies', query, signal),
  create: (input: DeputyInput) => api.post<DeputyView>('/api/deputies', input),
  update: (id: string, input: Partial<DeputyInput>) => patch<DeputyView>(at('/api/deputies', id), input),
};

export const departments = {
  list: (query: DepartmentQuery, signal?: AbortSignal) => list<DepartmentView>('/api/departments', query, signal),
  create: (input: CreateDepartmentInput) => api.post<DepartmentView>('/api/departments', input),
  update: (id: string, input: UpdateDepartmentInput) => patch<DepartmentView>(at('/api/departments', id), input),
};

export const categories = {
  list: (query: { active?: boolean } & PageParams, signal?: AbortSignal) =>
    list<CategoryView>('/api/categories', query, signal),
  create: (input: CategoryInput) => api.post<CategoryView>('/api/categories', input),
  update: (id: string, input: Partial<CategoryInput & { active: boolean }>) =>
    patch<CategoryView>(at('/api/categories', id), input),
};

export const routingRules = {
  list: (query: RoutingRuleQuery, signal?: AbortSignal) => list<RoutingRuleView>('/api/routing-rules', query, signal),
  create: (input: RoutingRuleInput) => api.post<RoutingRuleView>('/api/routing-rules', input),
  update: (id: string, input: Partial<RoutingRuleInput>) => patch<RoutingRuleView>(at('/api/routing-rules', id), input),
  remove: (id: string) => remove(at('/api/routing-rules', id)),
  resolve: (input: { placeRegionId: string; categoryId: string }) =>
    api.post<RoutingResolution>('/api/routing-rules/resolve', input),
};

export const calendar = {
  year: (year: number, signal?: AbortSignal) => api.get<CalendarYear>('/api/calendar', { year }, signal),
  coverage: (signal?: AbortSignal) => api.get<CalendarCoverage>('/api/calendar/coverage', undefined, signal),
  put: (day: string, input: { kind: CalendarKind; name: string }) =>
    put<CalendarDayView>(at('/api/calendar', day), input),
  remove: (day: string) => remove(at('/api/calendar', day)),
};
