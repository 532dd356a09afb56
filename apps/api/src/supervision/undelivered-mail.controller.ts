// The supervisors' view of the mail outbox: mail that a step recorded but the SMTP server has not accepted yet (or
// refused for good), with its age, attempts and last error, so that an outage of the mail server is seen, not guessed.
import { Controller, Get, Inject, NotFoundException, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, pageOf, PageQuery, type Page } from '../common/pagination';
import { ApiDateTime, ApiErrors, ApiInteger, ApiNullable, ApiSignedIn } from '../common/swagger';
import { SupervisionScopeService } from './supervision-scope.service';
import { UndeliveredMailRepository } from './undelivered-mail.repository';

export class UndeliveredMailQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the mail about this issue (one in your regions).' })
  @IsOptional()
  @IsUUID()
  issueId?: string;
}

export class UndeliveredMailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiNullable('uuid', { description: 'The issue the mail is about; null for mail about none.' })
  issueId!: string | null;
  @ApiProperty({ example: ['jiaotong.rongjiawan@demo.lianluo.local'] }) recipients!: string[];
  @ApiProperty({ example: '【联络】交办通知 / New assignment' }) subject!: string;
  @ApiProperty({
    enum: ['pending', 'failed'],
    description: '`pending`: will be tried again; `failed`: the mail server refused it for good (5xx).',
  })
  status!: 'pending' | 'failed';
  @ApiDateTime({ description: 'When the step recorded it.' }) createdAt!: string;
  @ApiInteger({ example: 420, description: 'Seconds since it was recorded.' }) ageSeconds!: number;
  @ApiInteger({ example: 4, description: 'Attempts begun, the one under way included.' }) attempts!: number;
  @ApiNullable('string', { example: 'Error: connect ECONNREFUSED 127.0.0.1:25' })
  lastError!: string | null;
  @ApiNullable('string', { enum: ['sent', 'failed', 'unknown'], description: 'Of the last attempt.' })
  lastOutcome!: string | null;
  @ApiNullable('date-time') lastAttemptAt!: string | null;
  @ApiDateTime({ description: 'When it is tried next (back-off after a failure).' })
  nextAttemptAt!: string;
  @ApiProperty({ description: 'A deliverer is talking to the mail server about it right now.' })
  sending!: boolean;
}

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/mail')
export class UndeliveredMailController {
  constructor(
    @Inject(UndeliveredMailRepository) private readonly repository: UndeliveredMailRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Mail not delivered yet',
    description:
      'Mail recorded by a step that the mail server has not accepted: waiting for its next attempt after a failure, ' +
      'being sent, or refused for good. Those about issues in your regions (admins: all, mail about no issue ' +
      'included); `issueId` narrows to one issue. Oldest first, with its age, attempts and last error.',
  })
  @ApiPageResponse(UndeliveredMailView)
  async list(@CurrentUser() user: AuthUser, @Query() query: UndeliveredMailQuery): Promise<Page<UndeliveredMailView>> {
    if (query.issueId !== undefined) {
      const path = await this.repository.issueRegionPath(query.issueId);
      if (path === undefined) throw new NotFoundException('Issue not found');
      this.scopes.assertWithin(user, path);
    }
    const { rows, total } = await this.repository.page(this.scopes.roots(user), query.issueId, query);
    const now = Date.now();
    return pageOf(
      rows.map((row) => ({
        id: row.id,
        issueId: row.issue_id,
        recipients: row.recipients,
        subject: row.subject,
        status: row.status,
        createdAt: row.created_at.toISOString(),
        ageSeconds: row.age_seconds,
        attempts: row.attempts,
        lastError: row.last_error,
        lastOutcome: row.last_outcome,
        lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
        nextAttemptAt: row.next_attempt_at.toISOString(),
        sending: row.claimed_until !== null && row.claimed_until.getTime() > now,
      })),
      total,
      query,
    );
  }
}
