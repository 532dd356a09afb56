import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX_LENGTH } from '@app/webhooks';
import { NAME_MAX, NOT_BLANK, Trim } from '../admin/admin.dto';
import { ApiInteger, ApiNullable } from '../common/swagger';
import { PageQuery } from '../common/pagination';
import { IfPresent } from '../common/validation';

const EVENT_TYPES_DESCRIPTION =
  'CloudEvents types to send (cn.lianluo.issue.<step>); empty: every issue event. Unknown types are refused.';

export class CreateWebhookDto {
  @ApiProperty({ example: '县12345热线平台', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({
    example: 'https://12345.example.gov.cn/hooks/lianluo',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    description: 'http or https, without user name or password; internal addresses are refused',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url!: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENT_TYPES, description: EVENT_TYPES_DESCRIPTION })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: string[];
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: '县12345热线平台', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ example: 'https://12345.example.gov.cn/hooks/lianluo', maxLength: WEBHOOK_URL_MAX_LENGTH })
  @IfPresent()
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENT_TYPES, description: EVENT_TYPES_DESCRIPTION })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: string[];
}

export class WebhookDeliveryParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: '42', pattern: '^[1-9][0-9]{0,17}$' })
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'deliveryId must be a positive integer' })
  deliveryId!: string;
}

export class WebhookDeliveryQuery extends PageQuery {}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '县12345热线平台' }) name!: string;
  @ApiProperty({ example: 'https://12345.example.gov.cn/hooks/lianluo' }) url!: string;
  @ApiProperty({ type: [String], example: ['cn.lianluo.issue.replied'] }) eventTypes!: string[];
  @ApiProperty({ enum: ['active', 'paused'] }) status!: 'active' | 'paused';
  @ApiNullable('string', { enum: ['admin', 'failures'] }) pausedReason!: string | null;
  @ApiNullable('date-time') pausedAt!: string | null;
  @ApiInteger({
    example: 0,
    description: 'Failed attempts in a row; the endpoint pauses at WEBHOOK_PAUSE_AFTER_FAILURES',
  })
  consecutiveFailures!: number;
  @ApiInteger({ example: 0 }) pending!: number;
  @ApiProperty({ example: '系统管理员' }) ownerName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    example: 'whsec_…',
    description: 'The signing secret. Shown this once: store it with the receiver.',
  })
  secret!: string;
}

export class WebhookAttemptView {
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiNullable('integer', { example: 500 }) statusCode!: number | null;
  @ApiNullable('string', { example: 'no answer within 10 s' }) error!: string | null;
  @ApiInteger({ example: 35 }) durationMs!: number;
}

export class WebhookDeliveryView {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ example: '1093', description: 'The CloudEvents id (the issue event)' }) eventId!: string;
  @ApiProperty({ example: 'cn.lianluo.issue.replied' }) eventType!: string;
  @ApiProperty({ example: 'YYX-2026-00123', description: 'The issue number' }) subject!: string;
  @ApiProperty({ format: 'uuid' }) issueId!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: ['pending', 'delivered'] }) status!: 'pending' | 'delivered';
  @ApiNullable('date-time') deliveredAt!: string | null;
  @ApiProperty({ type: [WebhookAttemptView], description: 'Newest last' }) attempts!: WebhookAttemptView[];
}
