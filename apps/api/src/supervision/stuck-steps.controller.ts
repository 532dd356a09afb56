// The operators' queue of workflow steps that failed for good (a database error no retry can cure, recorded by the
// worker's activity interceptor): each names the workflow, the step and the SQLSTATE, so the data can be put right
// and the workflow reset to before the step.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, pageOf, PageQuery, type Page } from '../common/pagination';
import { ApiDateTime, ApiErrors, ApiInteger, ApiNullable, ApiSignedIn } from '../common/swagger';
import { StuckStepsRepository } from './stuck-steps.repository';
import { SupervisionScopeService } from './supervision-scope.service';

export class StuckStepView {
  @ApiProperty({ example: 'issue-0b9f0c1e-6c1e-4c55-9f1a-2f0b8b6d9c11' }) workflowId!: string;
  @ApiNullable('uuid') issueId!: string | null;
  @ApiNullable('string', { example: 'assigned' }) issueStatus!: string | null;
  @ApiProperty({ example: 'recordTransition' }) activity!: string;
  @ApiProperty({ example: 'replied:1', description: "The step's key, or the activity's name when it has none." })
  step!: string;
  @ApiProperty({ example: 'NonTransientDatabaseError' }) errorType!: string;
  @ApiNullable('string', { example: '22021', description: 'The SQLSTATE.' }) errorCode!: string | null;
  @ApiProperty() message!: string;
  @ApiInteger({ example: 1 }) attempts!: number;
  @ApiDateTime() firstSeenAt!: string;
  @ApiDateTime() lastSeenAt!: string;
}

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/stuck')
export class StuckStepsController {
  constructor(
    @Inject(StuckStepsRepository) private readonly repository: StuckStepsRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Workflow steps that failed for good',
    description:
      'Steps whose activity hit a database error no retry can cure (bad data, a violated constraint), so the ' +
      "workflow cannot go on by itself: those of issues in your regions (admins: all, other workflows' included). " +
      'Most recently seen first.',
  })
  @ApiPageResponse(StuckStepView)
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<Page<StuckStepView>> {
    const { rows, total } = await this.repository.page(this.scopes.roots(user), query);
    return pageOf(
      rows.map((row) => ({
        workflowId: row.workflow_id,
        issueId: row.issue_id,
        issueStatus: row.issue_status,
        activity: row.activity,
        step: row.step,
        errorType: row.error_type,
        errorCode: row.error_code,
        message: row.message,
        attempts: row.attempts,
        firstSeenAt: row.first_seen_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
      })),
      total,
      query,
    );
  }
}
