// The reception-day API (接待日): stations and their plans, reception days, recording them, a deputy's duties.
import { api } from './client';
import type { NamedRef, Page, Urgency } from './types';

// The workflow contract's file holds Temporal definitions, so the app keeps its own copy of the status names.
export const RECEPTION_STATUSES = [
  'scheduled',
  'reminded',
  'awaiting_record',
  'overdue',
  'held',
  'not_held',
  'cancelled',
] as const;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RECEPTION_KINDS = ['scheduled', 'ad_hoc', 'appointment'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];
export type AdHocReceptionKind = Exclude<ReceptionKind, 'scheduled'>;

export interface ReceptionStation extends NamedRef {
  level: 'township' | 'village';
  rule: string | null;
  ruleLabel: string | null;
  canManage: boolean;
}

export interface ReceptionPlan {
  station: NamedRef;
  rule: string | null;
  ruleLabel: string | null;
  deputiesPerDay: number;
  rotaStartsOn: string;
  rota: NamedRef[];
  dutyOverrides: { date: string; deputies: NamedRef[] }[];
  stationDeputies: NamedRef[];
  liaisonOfficer: NamedRef | null;
  upcoming: { nominalDate: string; heldOn: string; deputies: NamedRef[] }[];
}

export interface ReceptionPlanInput {
  rule: string;
  deputiesPerDay: number;
  rotaDeputyIds: string[];
  rotaStartsOn?: string;
  dutyOverrides?: { date: string; deputyIds: string[] }[];
}

export interface Reception {
  id: string;
  station: NamedRef;
  kind: ReceptionKind;
  kindLabel: string;
  nominalDate: string | null;
  heldOn: string;
  heldFrom: string | null;
  heldUntil: string | null;
  moved: boolean;
  status: ReceptionStatus;
  statusLabel: string;
  deputies: (NamedRef & { present: boolean | null })[];
  votersReceived: number | null;
  issuesRaised: number;
  recordDueAt: string | null;
  canRecord: boolean;
}

export interface ReceptionDetail extends Reception {
  notes: string | null;
  notHeldReason: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  issues: {
    id: string;
    number: string;
    description: string;
    status: string;
    statusLabel: string;
    categoryName: string;
    deputyName: string;
    leadDepartmentName: string | null;
  }[];
  timeline: { at: string; type: string; label: string; actor: string | null }[];
}

export interface RecordOptions {
  deputies: NamedRef[];
  categories: NamedRef[];
  places: NamedRef[];
}

export interface RaisedIssueInput {
  deputyId: string;
  categoryId: string;
  placeRegionId: string;
  urgency?: Urgency;
  description: string;
  voter?: { name?: string; phone?: string; idNumber?: string; address?: string };
  attachmentIds?: string[];
}

export interface RecordInput {
  votersReceived: number;
  notes?: string;
  presentDeputyIds?: string[];
  issuesRaised?: RaisedIssueInput[];
}

export interface AdHocReceptionInput extends RecordInput {
  stationId: string;
  kind: AdHocReceptionKind;
  heldOn: string;
  heldFrom?: string;
  heldUntil?: string;
  idempotencyKey: string;
}

export interface ReceptionQuery {
  stationId?: string;
  status?: ReceptionStatus;
  from?: string;
  to?: string;
  page?: number;
  limit?: number;
}

const id = encodeURIComponent;

export const receptionStations = (signal?: AbortSignal) =>
  api.get<ReceptionStation[]>('/api/reception-stations', undefined, signal);
export const receptionPlan = (stationId: string, signal?: AbortSignal) =>
  api.get<ReceptionPlan>(`/api/stations/${id(stationId)}/reception-plan`, undefined, signal);
export const saveReceptionPlan = (stationId: string, input: ReceptionPlanInput) =>
  api.request<ReceptionPlan>('PUT', `/api/stations/${id(stationId)}/reception-plan`, { body: input });
export const clearReceptionPlan = (stationId: string) =>
  api.request<ReceptionPlan>('DELETE', `/api/stations/${id(stationId)}/reception-plan`);
export const listReceptions = (query: ReceptionQuery, signal?: AbortSignal) =>
  api.get<Page<Reception>>('/api/receptions', { ...query }, signal);
export const receptionDetail = (receptionId: string, signal?: AbortSignal) =>
  api.get<ReceptionDetail>(`/api/receptions/${id(receptionId)}`, undefined, signal);
export const recordOptions = (receptionId: string, signal?: AbortSignal) =>
  api.get<RecordOptions>(`/api/receptions/${id(receptionId)}/record-options`, undefined, signal);
export const recordReception = (receptionId: string, input: RecordInput) =>
  api.post<ReceptionDetail>(`/api/receptions/${id(receptionId)}/record`, input);
export const stationRecordOptions = (stationId: string, signal?: AbortSignal) =>
  api.get<RecordOptions>(`/api/stations/${id(stationId)}/record-options`, undefined, signal);
export const recordAdHocReception = (input: AdHocReceptionInput) => api.post<ReceptionDetail>('/api/receptions', input);
export const markNotHeld = (receptionId: string, reason: string) =>
  api.post<ReceptionDetail>(`/api/receptions/${id(receptionId)}/not-held`, { reason });
export const myDuties = (signal?: AbortSignal) => api.get<Reception[]>('/api/deputies/me/duties', undefined, signal);

/** 'monthly:8' → day 8; 'monthly:1:mon' → the first Monday. */
export type RuleParts = { kind: 'day'; day: number } | { kind: 'weekday'; nth: number; weekday: Weekday };

export function parseRule(rule: string | null): RuleParts | null {
  const match = rule ? /^monthly:(\d+)(?::(mon|tue|wed|thu|fri|sat|sun))?$/.exec(rule) : null;
  if (!match) return null;
  return match[2]
    ? { kind: 'weekday', nth: Number(match[1]), weekday: match[2] as Weekday }
    : { kind: 'day', day: Number(match[1]) };
}

export function formatRule(parts: RuleParts): string {
  return parts.kind === 'day' ? `monthly:${parts.day}` : `monthly:${parts.nth}:${parts.weekday}`;
}
