// The shapes of the attachment endpoints: the multipart upload's text fields and the view of a stored file.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { ATTACHMENT_STAGES, type AttachmentStage } from '@app/database';
import { ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { IDEMPOTENCY_KEY_PATTERN } from '../common/idempotency-key';
import { ATTACHMENT_MAX_BYTES } from './attachment-content';

export const ATTACHMENT_STAGE_LABELS: Record<AttachmentStage, string> = {
  intake: '反映情况',
  reply: '办理答复',
  follow_up: '办理结果',
};

/** The text fields of an upload (multipart/form-data, beside the file). */
export class UploadAttachmentDto {
  @ApiProperty({
    example: 'draft-7f3a-photo-1',
    description: 'Made by the client once per file and sent again on every retry: a retry finds the first upload.',
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
  })
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'uploadKey may hold 8-100 letters, digits and . _ : -' })
  uploadKey!: string;
}

export class IssueAttachmentDto extends UploadAttachmentDto {
  @ApiPropertyOptional({
    enum: ATTACHMENT_STAGES,
    description: 'What the file documents: intake 反映情况, reply 办理答复 (before), follow_up 办理结果 (after).',
    default: 'reply',
  })
  @IsOptional()
  @IsIn(ATTACHMENT_STAGES)
  stage?: AttachmentStage;
}

export class AttachmentIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class StoredFileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '路面破损照片.jpg' }) fileName!: string;
  @ApiProperty({ example: 'image/jpeg', description: 'As detected from the content.' }) mediaType!: string;
  @ApiInteger({ example: 2_345_678, maximum: ATTACHMENT_MAX_BYTES }) byteSize!: number;
  @ApiProperty({ enum: ATTACHMENT_STAGES }) stage!: AttachmentStage;
  @ApiProperty({ example: '反映情况' }) stageLabel!: string;
  @ApiNullable('integer', { example: 1200 }) width!: number | null;
  @ApiNullable('integer', { example: 900 }) height!: number | null;
  @ApiProperty({ example: '张志强' }) uploadedBy!: string;
  @ApiDateTime() uploadedAt!: Date;
  @ApiProperty({ example: '/api/attachments/5b0c…', description: 'The file; each download is logged.' })
  url!: string;
  @ApiNullable('string', { example: '/api/attachments/5b0c…/thumbnail', description: 'Images only, while held.' })
  thumbnailUrl!: string | null;
  @ApiNullable('date-time', {
    description:
      "When the content was erased with the voter's personal data (then `url` answers 410); null while held.",
  })
  contentErasedAt!: Date | null;
}
