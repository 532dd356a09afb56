import type { MixedList } from 'typeorm';
import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { OfficialCalendar20252026_1764100001000 } from './1764100001000-official-calendar-2025-2026';
import { AuthSessionsAndReplyLinks1764200000000 } from './1764200000000-auth-sessions-and-reply-links';
import { SupervisionMetrics1764300000000 } from './1764300000000-supervision-metrics';
import { AdminAudit1764400000000 } from './1764400000000-admin-audit';
import { ReceptionDays1764500000000 } from './1764500000000-reception-days';
import { MeetingAttendance1764600000000 } from './1764600000000-meeting-attendance';
import { ClaimsNotHeldLocks1764710000000 } from './1764710000000-claims-not-held-locks';
import { RollupDeltas1764720000000 } from './1764720000000-rollup-deltas';
import { ActivityFailures1764721000000 } from './1764721000000-activity-failures';
import { MailDelivery1764730000000 } from './1764730000000-mail-delivery';
import { RecordChains1764736000000 } from './1764736000000-record-chains';
import { VoterDataRetention1764737000000 } from './1764737000000-voter-data-retention';
import { PersonalDataRegister1764738000000 } from './1764738000000-personal-data-register';
import { CommandReceipts1764740000000 } from './1764740000000-command-receipts';
import { EncryptedVoterContacts1764741000000 } from './1764741000000-encrypted-voter-contacts';
import { SubjectRequestAudit1764741000001 } from './1764741000001-subject-request-audit';
import { IssueNumbers1764742000000 } from './1764742000000-issue-numbers';
import { Attachments1764742000001 } from './1764742000001-attachments';
import { VoterSubmissions1764743000000 } from './1764743000000-voter-submissions';
import { MailTraceParent1764746000000 } from './1764746000000-mail-trace-parent';
import { Accounts1764750000000 } from './1764750000000-accounts';
import { Open3111764751000000 } from './1764751000000-open311';
import { Webhooks1764752000000 } from './1764752000000-webhooks';
import { DuplicateFinder1764753000000 } from './1764753000000-duplicate-finder';
import { MeetingClosingAndDeputyReads1764754000000 } from './1764754000000-meeting-closing-and-deputy-reads';
import { EncryptedSubmissionContacts1764756000000 } from './1764756000000-encrypted-submission-contacts';
import { AttachmentRetention1764756000001 } from './1764756000001-attachment-retention';
import { AdHocReceptions1764761000000 } from './1764761000000-ad-hoc-receptions';
import { Notifications1764763000000 } from './1764763000000-notifications';
import { MergedIssues1764764000000 } from './1764764000000-merged-issues';
import { MergedIssuesMetrics1764764000001 } from './1764764000001-merged-issues-metrics';
import { VoterSubmissionWorkflowStarted1764765000000 } from './1764765000000-voter-submission-workflow-started';
import { EncryptedWebhookSecrets1764765000002 } from './1764765000002-encrypted-webhook-secrets';
import { LoginAddressRegister1764770000000 } from './1764770000000-login-address-register';

// In order of their timestamps; TypeORM sorts by the timestamp at the end of each name.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
export const MIGRATIONS: MixedList<Function | string> = [
  InitialSchema1764100000000,
  OfficialCalendar20252026_1764100001000,
  AuthSessionsAndReplyLinks1764200000000,
  SupervisionMetrics1764300000000,
  AdminAudit1764400000000,
  ReceptionDays1764500000000,
  MeetingAttendance1764600000000,
  ClaimsNotHeldLocks1764710000000,
  RollupDeltas1764720000000,
  ActivityFailures1764721000000,
  MailDelivery1764730000000,
  RecordChains1764736000000,
  VoterDataRetention1764737000000,
  PersonalDataRegister1764738000000,
  CommandReceipts1764740000000,
  EncryptedVoterContacts1764741000000,
  SubjectRequestAudit1764741000001,
  IssueNumbers1764742000000,
  Attachments1764742000001,
  VoterSubmissions1764743000000,
  MailTraceParent1764746000000,
  Accounts1764750000000,
  Open3111764751000000,
  Webhooks1764752000000,
  DuplicateFinder1764753000000,
  MeetingClosingAndDeputyReads1764754000000,
  EncryptedSubmissionContacts1764756000000,
  AttachmentRetention1764756000001,
  AdHocReceptions1764761000000,
  Notifications1764763000000,
  MergedIssues1764764000000,
  MergedIssuesMetrics1764764000001,
  VoterSubmissionWorkflowStarted1764765000000,
  EncryptedWebhookSecrets1764765000002,
  LoginAddressRegister1764770000000,
];
