import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AttachmentStore, PostgresAttachmentStore } from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** Issues' photos and documents: uploads, binding at intake, downloads. Any intake path uses AttachmentsService. */
@Module({
  imports: [AuthModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsRepository,
    AttachmentsService,
    // The embedded store; a bucket-backed AttachmentStore is bound here instead in a deployment that has one.
    { provide: AttachmentStore, useClass: PostgresAttachmentStore },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
