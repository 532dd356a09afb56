// The development mailbox: what the embedded SMTP catcher received. Absent unless DEV_MAILBOX_DIR is set.
import { Controller, Get, Header, Inject, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { readMailbox, type CaughtMail } from '@app/mail';
import { Public } from '../auth/auth.decorators';
import { ApiDateTime, ApiErrors, ApiNullable } from '../common/swagger';
import { escapeHtml } from '../common/html';

export class CaughtMailView implements CaughtMail {
  @ApiProperty() id!: string;
  @ApiDateTime() receivedAt!: string;
  @ApiProperty({ example: 'noreply@lianluo.local' }) from!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiNullable('string') html!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers!: Record<string, string>;
}

export class MailboxView {
  @ApiProperty({ type: [CaughtMailView], description: 'Newest first.' }) items!: CaughtMailView[];
}

@Public()
@Controller()
export class DevMailController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('api/dev/mail')
  @ApiOperation({ summary: 'The development mailbox: every mail the embedded SMTP catcher received' })
  @ApiOkResponse({ type: MailboxView })
  @ApiErrors(404)
  async list(): Promise<MailboxView> {
    return { items: (await readMailbox(this.mailboxDir())).reverse() };
  }

  @Get('dev/mail')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The development mailbox as a page' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page.' })
  @ApiErrors(404)
  async page(): Promise<string> {
    const items = (await readMailbox(this.mailboxDir())).reverse();
    const rows = items
      .map(
        (m) =>
          `<article><header><strong>${escapeHtml(m.subject)}</strong><br><small>${escapeHtml(m.receivedAt)} · ${escapeHtml(
            m.from,
          )} → ${escapeHtml(m.to.join(', '))}</small></header><pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join('\n');
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>开发邮箱 · Dev mailbox</title><style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:60rem}article{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:.75rem 0}pre{white-space:pre-wrap}</style></head>
<body><h1>开发邮箱 <small>Dev mailbox</small></h1><p>${items.length} 封邮件 / messages</p>${rows || '<p>暂无邮件 / No mail yet.</p>'}</body></html>`;
  }

  private mailboxDir(): string {
    if (!this.config.DEV_MAILBOX_DIR) throw new NotFoundException('The dev mailbox is off: DEV_MAILBOX_DIR is not set');
    return this.config.DEV_MAILBOX_DIR;
  }
}
