import type { EntitySchema, MixedList } from 'typeorm';
import { AdminAuditEntry } from './admin-audit-entry.entity';
import { Assignment } from './assignment.entity';
import { AuthSession } from './auth-session.entity';
import { CalendarDay } from './calendar-day.entity';
import { DataAccessLogEntry } from './data-access-log-entry.entity';
import { Department } from './department.entity';
import { Deputy } from './deputy.entity';
import { Feedback } from './feedback.entity';
import { IssueCategory } from './issue-category.entity';
import { IssueEvent } from './issue-event.entity';
import { Issue } from './issue.entity';
import { Notification } from './notification.entity';
import { AttachmentBlob } from './attachment-blob.entity';
import { Attachment } from './attachment.entity';
import { IssueNumberCounter } from './issue-number-counter.entity';
import { LoginAddressFailure } from './login-address-failure.entity';
import { MailOutboxMessage } from './mail-outbox-message.entity';
import { RefreshToken } from './refresh-token.entity';
import { Region } from './region.entity';
import { ReplyLinkUse } from './reply-link-use.entity';
import { Reply } from './reply.entity';
import { RoutingRuleCoHandler } from './routing-rule-co-handler.entity';
import { RoutingRule } from './routing-rule.entity';
import { StationDeputy } from './station-deputy.entity';
import { Station } from './station.entity';
import { UserRole } from './user-role.entity';
import { User } from './user.entity';
import { CongressTerm } from './congress-term.entity';
import { InvitationEvent } from './invitation-event.entity';
import { MeetingAgendaItem } from './meeting-agenda-item.entity';
import { MeetingInvitation } from './meeting-invitation.entity';
import { MeetingSpeech } from './meeting-speech.entity';
import { Meeting } from './meeting.entity';
import { TermDeputy } from './term-deputy.entity';
import { ReceptionDuty } from './reception-duty.entity';
import { ReceptionEvent } from './reception-event.entity';
import { ReceptionIssue } from './reception-issue.entity';
import { ReceptionPlan } from './reception-plan.entity';
import { Reception } from './reception.entity';
import { VoterCaptchaUse } from './voter-captcha-use.entity';
import { VoterSubmission } from './voter-submission.entity';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { Open311Client } from './open311-client.entity';
import { Open311Request } from './open311-request.entity';

export * from './domain-values';
export { ATTACHMENT_STAGES, type AttachmentStage } from './attachment.entity';
export { Reception, ReceptionDuty, ReceptionEvent, ReceptionIssue, ReceptionPlan };
export * from './attendance-values';
export { VoterCaptchaUse, VoterSubmission };
export { Open311Client, Open311Request };
export { VOTER_SUBMISSION_STATUSES, type VoterSubmissionStatus } from './voter-submission.entity';
export { CongressTerm, InvitationEvent, Meeting, MeetingAgendaItem, MeetingInvitation, MeetingSpeech, TermDeputy };
export { ADMIN_AUDIT_ACTIONS, type AdminAuditAction } from './admin-audit-entry.entity';
export { SESSION_REVOKE_REASONS, type SessionRevokeReason } from './auth-session.entity';
export { WebhookAttempt, WebhookDelivery, WebhookEndpoint };
export { Notification };
export { USER_LANGUAGES, type UserLanguage } from './user.entity';
export {
  AdminAuditEntry,
  Assignment,
  AuthSession,
  CalendarDay,
  DataAccessLogEntry,
  Department,
  Deputy,
  Feedback,
  Issue,
  IssueCategory,
  IssueEvent,
  IssueNumberCounter,
  LoginAddressFailure,
  Attachment,
  AttachmentBlob,
  MailOutboxMessage,
  RefreshToken,
  Region,
  Reply,
  ReplyLinkUse,
  RoutingRule,
  RoutingRuleCoHandler,
  Station,
  StationDeputy,
  User,
  UserRole,
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
export const ENTITIES: MixedList<Function | string | EntitySchema> = [
  Region,
  Deputy,
  Station,
  StationDeputy,
  Department,
  IssueCategory,
  RoutingRule,
  RoutingRuleCoHandler,
  CalendarDay,
  User,
  UserRole,
  Issue,
  Assignment,
  Reply,
  Feedback,
  IssueEvent,
  IssueNumberCounter,
  Attachment,
  AttachmentBlob,
  MailOutboxMessage,
  DataAccessLogEntry,
  AuthSession,
  RefreshToken,
  ReplyLinkUse,
  LoginAddressFailure,
  AdminAuditEntry,
  CongressTerm,
  TermDeputy,
  Meeting,
  MeetingAgendaItem,
  MeetingInvitation,
  InvitationEvent,
  MeetingSpeech,
  ReceptionPlan,
  Reception,
  ReceptionDuty,
  ReceptionIssue,
  ReceptionEvent,
  VoterSubmission,
  VoterCaptchaUse,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  Open311Client,
  Open311Request,
  Notification,
];
