import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { USER_LANGUAGES, type UserLanguage } from '@app/database';
import { BooleanQuery } from '../admin/admin.dto';
import { PageQuery } from '../common/pagination';
import { ApiInteger } from '../common/swagger';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only the unread ones.', example: true })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationParams {
  @ApiProperty({ description: 'The notification id.', example: '42' })
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'id must be a notification id' })
  id!: string;
}

export class NotificationView {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({
    description: 'What happened: assigned, co_assigned, reminder, overdue, escalation, …',
    example: 'assigned',
  })
  kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) issueId!: string | null;
  @ApiProperty({ description: '事项编号', nullable: true, type: String, example: 'YYX-2026-00123' })
  issueNumber!: string | null;
  @ApiProperty({ example: '交办通知：YYX-2026-00123' }) title!: string;
  @ApiProperty({ example: '荣家湾镇交通站：\n现将群众反映的以下问题交由你单位主办，请于 2026-10-22 23:59 前答复。' })
  body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt!: string | null;
}

export class UnreadCountView {
  @ApiInteger({ example: 3 }) unread!: number;
}

export class MarkedReadView {
  @ApiInteger({ description: 'Notifications this call marked read.', example: 3 }) marked!: number;
}

/** How notices reach you: the language of your mails (the app's own notices are Chinese). */
export class NotificationPreferences {
  @ApiProperty({
    enum: USER_LANGUAGES,
    description: 'The language of the mails sent to you. Default zh.',
    example: 'zh',
  })
  @IsIn(USER_LANGUAGES)
  mailLanguage!: UserLanguage;
}

export class LiveQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The issue your page shows: its events (it must be one you may read). Without it: your inbox’s.',
  })
  @IsOptional()
  @IsUUID()
  issueId?: string;
}
