// The development mailbox: what the embedded SMTP catcher received, for admins. Absent unless DEV_MAILBOX_DIR is set,
// which the configuration refuses in production.
import { Controller, Get, Inject, NotFoundException, Redirect } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { readMailbox, type CaughtMail } from '@app/mail';
import { Public, Roles } from '../auth/auth.decorators';
import { ApiDateTime, ApiErrors, ApiNullable, ApiSignedIn } from '../common/swagger';

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

@Controller()
export class DevMailController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  // Admins only: the caught mail holds reply links and one-time passwords, which are credentials, and voters' words.
  @Get('api/dev/mail')
  @Roles('admin')
  @ApiSignedIn()
  @ApiOperation({ summary: 'The development mailbox: every mail the embedded SMTP catcher received (admins only)' })
  @ApiOkResponse({ type: MailboxView })
  @ApiErrors(404)
  async list(): Promise<MailboxView> {
    return { items: (await readMailbox(this.mailboxDir())).reverse() };
  }

  // The address the start-up banner and the API's index print: the web app's mailbox page, where an admin signs in
  // (a plain page here could not carry the sign-in, and answered anyone).
  @Public()
  @Get('dev/mail')
  @Redirect('/dev/mailbox', 302)
  @ApiOperation({ summary: "The development mailbox: a redirect to the web app's page (admins only)" })
  @ApiFoundResponse({ description: 'To /dev/mailbox.' })
  @ApiErrors(404)
  page(): void {
    this.mailboxDir();
  }

  private mailboxDir(): string {
    if (!this.config.DEV_MAILBOX_DIR) throw new NotFoundException('The dev mailbox is off: DEV_MAILBOX_DIR is not set');
    return this.config.DEV_MAILBOX_DIR;
  }
}
