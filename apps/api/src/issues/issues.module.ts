import { IntakeOptionsController } from './intake-options.controller';
import { IntakeOptionsRepository } from './intake-options.repository';
import { IntakeOptionsService } from './intake-options.service';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { assertIssuePoliciesUsable, TemporalModule } from '@app/temporal';
import { AuthModule } from '../auth/auth.module';
import { CommandReceiptsRepository } from './command-receipts.repository';
import { CommandReceiptsService } from './command-receipts.service';
import { AttachmentsModule } from '../attachments/attachments.module';
import { IssueCommandsService } from './issue-commands.service';
import { IssueWorkflowClient } from './issue-workflow.client';
import { IssuesController } from './issues.controller';
import { IssuesRepository } from './issues.repository';
import { IssuesService } from './issues.service';
import { LinkReplyService } from './link-reply.service';
import { ReplyLinksController } from './reply-links.controller';
import { ReplyPageController } from './reply-page.controller';
import { SimilarIssuesController } from './similar-issues.controller';
import { SimilarIssuesRepository } from './similar-issues.repository';
import { SimilarIssuesService } from './similar-issues.service';

/** Voter issues over HTTP: intake, reads of the read model, the commands that update the workflow, reply links. */
@Module({
  imports: [AuthModule, TemporalModule, AttachmentsModule],
  controllers: [
    SimilarIssuesController,
    IssuesController,
    IntakeOptionsController,
    ReplyLinksController,
    ReplyPageController,
  ],
  providers: [
    IssuesRepository,
    IssuesService,
    IssueCommandsService,
    IssueWorkflowClient,
    LinkReplyService,
    IntakeOptionsRepository,
    IntakeOptionsService,
    CommandReceiptsRepository,
    CommandReceiptsService,
    SimilarIssuesRepository,
    SimilarIssuesService,
  ],
  // Reception days record the issues raised there through the same intake.
  exports: [IssuesService],
})
export class IssuesModule implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    // A deadline the workflow would refuse stops the API at start, not the first intake.
    assertIssuePoliciesUsable(this.config);
  }
}
