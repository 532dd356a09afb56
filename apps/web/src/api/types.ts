// The shapes the API answers with, as the OpenAPI document (/api/docs-json) describes them. Dates arrive as ISO text.
import type {
  IssueStatus,
  IssueUrgency as Urgency,
  RecordedRating,
  ReplyClass,
} from '../../../../libs/contracts/src/issue-vocabulary';

export const ROLES = ['deputy', 'department', 'liaison', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// The issue vocabulary is the workflow contract's own file (plain values, nothing of Temporal): one definition for
// the server and the app.
export {
  HANDLING_STATUSES,
  ISSUE_STATUSES,
  ISSUE_URGENCIES as URGENCIES,
  RATINGS,
  REPLY_CLASSES,
  type IssueStatus,
  type IssueUrgency as Urgency,
  type Rating,
  type RecordedRating,
  type ReplyClass,
} from '../../../../libs/contracts/src/issue-vocabulary';

export const CHANNELS = ['reception_day', 'visit', 'walk_in', 'phone', 'voter_code'] as const;
export type Channel = (typeof CHANNELS)[number];

export type AssignmentStatus = 'assigned' | 'acknowledged' | 'sent_back' | 'answered' | 'withdrawn';

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export interface NamedRef {
  id: string;
  name: string;
}

/** A department as GET /api/departments lists it (the fields beyond id and name are there when the list gives them). */
export interface DepartmentRef extends NamedRef {
  code?: string;
  regionId?: string;
  regionName?: string;
  email?: string;
  active?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Auth and users

export interface RoleGrant {
  role: Role;
  regionId: string | null;
  regionPath: string | null;
  regionName: string | null;
}

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** Signed in with a one-time password from an admin: nothing works until a new one is chosen. */
  mustChangePassword: boolean;
  roles: RoleGrant[];
  department: { id: string; code: string; name: string } | null;
  deputy: { id: string; name: string; level: string } | null;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  departmentId: string | null;
  departmentName: string | null;
  deputyId: string | null;
  deputyName: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  createdAt: string;
  roles: RoleGrant[];
}

export interface RoleGrantInput {
  role: Role;
  regionId?: string | null;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string;
  password: string;
  roles: RoleGrantInput[];
  departmentId?: string;
  deputyId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Issues

export interface VoterView {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  masked: boolean;
}

export interface IssueSummary {
  id: string;
  /** 事项编号, e.g. YYX-2026-00123 */
  number: string;
  status: IssueStatus;
  statusLabel: string;
  urgency: Urgency;
  channel: Channel;
  description: string;
  category: NamedRef;
  station: NamedRef;
  place: NamedRef;
  leadDepartment: NamedRef | null;
  round: number;
  escalationLevel: number;
  submittedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  replyClass: ReplyClass | null;
  promisedDate: string | null;
  satisfaction: RecordedRating | null;
  voter: VoterView;
}

export interface AssignmentView {
  id: string;
  department: NamedRef;
  role: 'lead' | 'co';
  round: number;
  status: AssignmentStatus;
  assignedAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  sentBackAt: string | null;
  sendBackReason: string | null;
  inputText: string | null;
  answeredAt: string | null;
}

export interface ReplyView {
  id: string;
  department: NamedRef;
  round: number;
  kind: 'reply' | 'follow_up';
  replyClass: ReplyClass;
  replyClassLabel: string;
  text: string;
  promisedDate: string | null;
  repliedAt: string;
  onTime: boolean;
}

export interface FeedbackView {
  round: number;
  rating: RecordedRating;
  ratingLabel: string;
  comment: string | null;
  ratedAt: string;
}

export interface IssueEvent {
  id: string;
  stepKey: string;
  type: string;
  label: string;
  occurredAt: string;
  actor: { userId: string | null; label: string | null } | null;
  data: Record<string, unknown>;
}

export type AttachmentStage = 'intake' | 'reply' | 'follow_up';

/** A photo or document of an issue; url and thumbnailUrl need the access token (see api/attachments.ts). */
export interface StoredFile {
  id: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  stage: AttachmentStage;
  stageLabel: string;
  width: number | null;
  height: number | null;
  uploadedBy: string;
  uploadedAt: string;
  url: string;
  thumbnailUrl: string | null;
  /** Set once the content was erased with the voter's data: the row stays, the download answers 410. */
  contentErasedAt: string | null;
}

export interface IssueDetail extends IssueSummary {
  deputy: NamedRef;
  coHandlerDepartments: NamedRef[];
  attachments: { name: string; url: string }[];
  files: StoredFile[];
  assignedAt: string | null;
  assignments: AssignmentView[];
  replies: ReplyView[];
  feedback: FeedbackView[];
  timeline: IssueEvent[];
  /** The issue this one was merged into (重复件合并), and the issues merged into this one. */
  mergedInto: { id: string; number: string } | null;
  mergedIssues: { id: string; number: string }[];
}

export interface IssueCommandResult {
  state: { issueId: string; status: IssueStatus; round: number; escalationLevel: number };
  issue: IssueSummary;
}

/** 202: the issue's workflow accepted the command, stamped when the API received it, and is carrying it out. */
export interface IssueCommandAccepted {
  accepted: { command: string; updateId: string; receivedAt: string };
  issue: IssueSummary;
}

export type IssueCommandAnswer = IssueCommandResult | IssueCommandAccepted;

export interface CreateIssueInput {
  stationId: string;
  categoryId: string;
  placeRegionId: string;
  channel: Channel;
  urgency: Urgency;
  description: string;
  voter?: { name?: string; phone?: string; idNumber?: string; address?: string };
  attachmentIds?: string[];
  idempotencyKey: string;
}

export interface IssueQuery {
  page?: number;
  limit?: number;
  status?: IssueStatus;
  categoryId?: string;
  stationId?: string;
  departmentId?: string;
  from?: string;
  to?: string;
  /** An issue number, whole or its beginning. */
  q?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Department inbox

export const INBOX_FILTERS = ['open', 'new', 'acknowledged', 'due_soon', 'overdue', 'answered', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export interface InboxItem {
  assignmentId: string;
  role: 'lead' | 'co';
  round: number;
  status: AssignmentStatus;
  assignedAt: string;
  acknowledgedAt: string | null;
  dueAt: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  issue: {
    id: string;
    number: string;
    status: IssueStatus;
    statusLabel: string;
    urgency: Urgency;
    description: string;
    category: NamedRef;
    station: NamedRef;
    place: NamedRef;
    deputy: NamedRef;
    submittedAt: string;
  };
}

export const INBOX_SORT_FIELDS = ['dueAt', 'assignedAt', 'submittedAt', 'number', 'urgency'] as const;
export type InboxSortField = (typeof INBOX_SORT_FIELDS)[number];

/** The inbox's tab, search, filters and sort: what the list shows and the export writes. */
export interface InboxQuery {
  status: InboxFilter;
  q?: string;
  urgency?: Urgency;
  role?: 'lead' | 'co';
  sort?: InboxSortField | `-${InboxSortField}`;
}

export type InboxCounts = Record<InboxFilter, number>;

// ---------------------------------------------------------------------------------------------------------------
// Intake options (reference data for the deputy's form)

export interface IntakeStation {
  id: string;
  name: string;
  /** The villages and communities of the station's township, and the township itself. */
  places: NamedRef[];
}

export interface IntakeOptions {
  stations: IntakeStation[];
  categories: NamedRef[];
}

// ---------------------------------------------------------------------------------------------------------------
// Dev mailbox

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}
