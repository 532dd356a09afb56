// The supervision API: queues, rates with their drill-down lists, live events, ledgers and the monthly report.
import type { CountMetric, RateMetric } from '../../../../libs/metrics/src/metric-definitions';
import { ApiError, api, withQuery, type Query } from './client';
import type { IssueStatus, NamedRef, Page, ReplyClass, Urgency } from './types';

export const QUEUE_KINDS = ['escalated', 'due-soon', 'triage'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

// The metrics' names and definitions are the metrics library's own file (plain values): one definition for both.
export {
  COUNT_METRICS,
  METRIC_DEFINITIONS,
  RATE_METRICS,
  type CountMetric,
  type RateMetric,
} from '../../../../libs/metrics/src/metric-definitions';

export interface SupervisedIssue {
  id: string;
  number: string;
  description: string;
  urgency: Urgency;
  status: IssueStatus;
  statusLabel: string;
  round: number;
  escalationLevel: number;
  category: NamedRef;
  station: NamedRef;
  township: NamedRef;
  place: NamedRef;
  deputy: NamedRef;
  leadDepartment: NamedRef | null;
  submittedAt: string;
  assignedAt: string | null;
  dueAt: string | null;
  deadlineAt: string | null;
  workingDaysOverdue: number | null;
  workingDaysLeft: number | null;
  firstRepliedAt: string | null;
  firstReplyOnTime: boolean | null;
  replyClass: 'A' | 'B' | 'C' | null;
  satisfaction: string | null;
  sendBackCount: number;
  lastAction: { type: string; label: string; actor: string | null; at: string } | null;
}

export interface ScopeView {
  kind: 'region' | 'station' | 'department' | 'deputy';
  id: string;
  code: string | null;
  name: string;
  level: string | null;
}

export interface CountView {
  value: number;
  drill: string;
}

export interface RatioView {
  value: number | null;
  display: string;
  numerator: number;
  denominator: number;
  numeratorDrill: string;
  denominatorDrill: string;
}

export interface RatesView {
  scope: ScopeView;
  period: { from: string; to: string };
  asOf: string;
  counts: Record<CountMetric, CountView>;
  sendBacks: { value: number };
  rates: Record<RateMetric, RatioView>;
  replyWorkingDays: {
    median: { value: number | null; display: string };
    p90: { value: number | null; display: string };
  };
}

/** A month of the breakdown: the region's rates for the issues collected in it (clipped to the period). */
export interface MonthRatesView extends RatesView {
  month: string;
}

export interface ClassShareView {
  replyClass: ReplyClass;
  label: string;
  count: CountView;
  share: RatioView;
}

/** GET /api/supervision/rates/breakdown: every cell is what `rates` answers for that part, drill links included. */
export interface RatesBreakdown {
  scope: ScopeView;
  period: { from: string; to: string };
  asOf: string;
  total: RatesView;
  classMix: ClassShareView[];
  byMonth: MonthRatesView[];
  byTownship: RatesView[];
  byDepartment: RatesView[];
}

/** One scope: at most one of these; none means the user's own region (when they have exactly one). */
export interface ScopeParams {
  region?: string;
  station?: string;
  department?: string;
  deputy?: string;
}

export interface Period {
  from: string;
  to: string;
}

export const queue = (kind: QueueKind, query: Query, signal?: AbortSignal) =>
  api.get<Page<SupervisedIssue>>(`/api/supervision/queues/${kind}`, query, signal);

/** The columns a queue may be sorted by (`-` in front: descending); none keeps the queue's own order. */
export type QueueSortField = 'number' | 'deadline' | 'submittedAt' | 'level';

/** What narrows a queue: the search (every tab's count takes it too) and the sort. */
export interface QueueListQuery {
  q?: string;
  sort?: QueueSortField | `-${QueueSortField}`;
}

export const queueCounts = (query: QueueListQuery, signal?: AbortSignal) =>
  api.get<Record<QueueKind, number>>('/api/supervision/queues/counts', { q: query.q }, signal);

/** Exactly the queue shown (all its pages) as a workbook. */
export const queueExportPath = (kind: QueueKind, query: QueueListQuery) =>
  withQuery(`/api/supervision/queues/${kind}/export`, { ...query });

export const rates = (scope: ScopeParams, period: Period, signal?: AbortSignal) =>
  api.get<RatesView>('/api/supervision/rates', { ...scope, ...period }, signal);

/** The rates of a region (default: the user's own) by month, township and department: one request for the dashboard. */
export const ratesBreakdown = (region: string | undefined, period: Period, signal?: AbortSignal) =>
  api.get<RatesBreakdown>('/api/supervision/rates/breakdown', { region, ...period }, signal);

export const drill = (query: Query, signal?: AbortSignal) =>
  api.get<Page<SupervisedIssue>>('/api/supervision/rates/drill', query, signal);

/** Exactly the issues behind the number (all pages of its drill-down list) as a workbook. */
export const drillExportPath = (query: Query) => withQuery('/api/supervision/rates/drill/export', query);

/** The app's route for an API drill link (`/api/supervision/rates/drill?metric=…`): the same query on our page. */
export function drillRoute(apiLink: string, title?: string): string {
  const query = apiLink.includes('?') ? apiLink.slice(apiLink.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  if (title) params.set('title', title);
  return `/supervisor/drill?${params.toString()}`;
}

export const LIVE_EVENTS_PATH = '/api/supervision/events';

// Files --------------------------------------------------------------------------------------------------------------

export const stationLedgerPath = (station: string, period: Period, format: 'csv' | 'xlsx') =>
  withQuery(`/api/supervision/ledgers/stations/${encodeURIComponent(station)}`, { ...period, format });

export const deputyFilePath = (deputy: string, period: Period, format: 'csv' | 'xlsx') =>
  withQuery(`/api/supervision/ledgers/deputies/${encodeURIComponent(deputy)}`, { ...period, format });

/** The dashboard's figures (the breakdown) as a workbook. */
export const breakdownWorkbookPath = (region: string | undefined, period: Period) =>
  withQuery('/api/supervision/rates/breakdown/xlsx', { region, ...period });

/** The monthly report: the printable page (html), or the official document as Word (docx) or PDF. */
export const monthlyReportPath = (county: string, month: string, format: 'html' | 'docx' | 'pdf' = 'html') =>
  withQuery('/api/supervision/reports/monthly', { county, month, format });

/**
 * Fetches a file with the access token (a plain link cannot carry it) and hands it to the browser: saved under the
 * server's file name, or opened in `target` (a window opened on the click, so no pop-up blocker stops it).
 */
export async function fetchFile(
  path: string,
  target?: Window | null,
  fallbackName = 'download',
  /** A POST with a body, for files asked for with data that must stay out of the URL. */
  init: RequestInit = {},
): Promise<void> {
  const response = await api.fetch(path, init);
  if (!response.ok) {
    target?.close();
    throw await responseError(response);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  if (target) {
    target.location.href = url;
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Prints a printable page the API renders (the monthly report, the deliberation opinions) without leaving this one:
 * the page is fetched with the access token, laid into a hidden frame, and the browser's print dialog opened on it.
 */
export async function printFile(path: string): Promise<void> {
  const response = await api.fetch(path);
  if (!response.ok) throw await responseError(response);
  const html = await response.text();
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  frame.addEventListener('load', () => {
    const view = frame.contentWindow;
    if (!view) return;
    view.addEventListener('afterprint', () => frame.remove());
    view.focus();
    view.print();
  });
  frame.srcdoc = html;
  document.body.appendChild(frame);
}

async function responseError(response: Response): Promise<ApiError> {
  let body: {
    message?: string;
    statusCode?: number;
    error?: string;
    fields?: Record<string, string[]>;
    requestId?: string;
  } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON
  }
  return new ApiError('http', {
    statusCode: response.status,
    message: body.message ?? response.statusText,
    error: body.error,
    fields: body.fields,
    requestId: body.requestId,
  });
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}
