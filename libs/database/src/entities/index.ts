import type { EntitySchema, MixedList } from 'typeorm';
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

export * from './domain-values';
export { SESSION_REVOKE_REASONS, type SessionRevokeReason } from './auth-session.entity';
export {
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
  MailOutboxMessage,
  DataAccessLogEntry,
  AuthSession,
  RefreshToken,
  ReplyLinkUse,
];
