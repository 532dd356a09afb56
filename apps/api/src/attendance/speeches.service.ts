// Owns the speeches of attending deputies (代表发言): recorded by staff per agenda item, mailed to the speaker for
// sign-off (签阅), signed as transcribed or corrected by the speaker on their page, then compiled into the
// meeting's deliberation opinions (审议意见). The sign-off request is only recorded in the mail outbox (the worker's
// deliverer sends it), so a slow or refusing mail server holds up no request and pins no pooled connection.
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailOutbox } from '@app/mail';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { chinaDay } from '@app/calendar';
import type { DownloadFile } from '../common/export/download';
import { DOCX_MIME, toDocx } from '../common/export/docx';
import { PDF_MIME, toPdf } from '../common/export/pdf';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import { Clock } from '../common/clock';
import type { DeliberationQuery, SignOffDto, SpeechDto, SpeechView } from './attendance.dto';
import { AttendanceRepository, type SpeechRow } from './attendance.repository';
import { AttendanceWritesRepository } from './attendance-writes.repository';
import { speechView } from './attendance-views';
import {
  deliberationDocument,
  deliberationSheet,
  deliberationTitle,
  renderDeliberationHtml,
} from './deliberation-document';
import { MeetingsService } from './meetings.service';

/** The deputy's page, where speeches are signed off. */
export const MY_ATTENDANCE_PATH = '/attendance/my';

@Injectable()
export class SpeechesService {
  constructor(
    @Inject(AttendanceRepository) private readonly repository: AttendanceRepository,
    @Inject(AttendanceWritesRepository) private readonly writes: AttendanceWritesRepository,
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, meetingId: string): Promise<SpeechView[]> {
    await this.meetings.meetingFor(user, meetingId);
    return (await this.repository.speechesOfMeeting(meetingId)).map(speechView);
  }

  /**
   * Records (or, while unsigned, replaces) a deputy's speech on an item. The speaker must have attended; one invited
   * for one item speaks on that item. The speaker is mailed to sign it off.
   */
  async record(user: AuthUser, meetingId: string, body: SpeechDto): Promise<SpeechView> {
    const meeting = await this.meetings.meetingFor(user, meetingId);
    if (meeting.status === 'cancelled') throw new ConflictException('The meeting was cancelled');
    const item = (await this.repository.agenda(meetingId)).find((a) => a.id === body.agendaItemId);
    if (!item) throw invalidField('agendaItemId', "agendaItemId is not an item of this meeting's agenda");
    const attended = await this.meetings.attendedAs(meetingId, body.deputyId);
    if (!attended) throw invalidField('deputyId', 'deputyId did not attend this meeting (present or late)');
    if (attended.kind === 'item' && attended.agenda_item_id !== item.id) {
      throw invalidField('agendaItemId', 'the deputy attended for another agenda item');
    }
    const suggestions = (body.suggestions ?? []).filter((s) => s.trim()); // as written; blank ones dropped
    const id = await this.writes.recordSpeech({
      meetingId,
      agendaItemId: item.id,
      deputyId: body.deputyId,
      text: body.text,
      suggestions,
      recordedByUserId: user.id,
    });
    if (!id) throw new ConflictException('The deputy has signed this speech off already; it can no longer change');
    const speech = (await this.repository.speech(id))!;
    await this.requestSignOff(speech);
    return speechView(speech);
  }

  private async requestSignOff(speech: SpeechRow): Promise<void> {
    if (!speech.deputy_email) return;
    const url = new URL(MY_ATTENDANCE_PATH, this.config.PUBLIC_URL).toString();
    const digest = Buffer.from(`${speech.text}\u0000${speech.suggestions.join('\u0000')}`).toString('base64url');
    await this.outbox.enqueue({
      // One request per version of the text: a corrected recording is mailed again, a retried request is not.
      dedupeKey: `speech:${speech.id}:signoff:${digest.slice(-40)}:${digest.length}`,
      issueId: null,
      to: [speech.deputy_email],
      subject: `【联络】请签阅发言记录 / Please sign off your speech: ${speech.meeting_title}`,
      text:
        `${speech.deputy_name}代表：\n您在${speech.meeting_title}议题${speech.item_position}（${speech.item_title}）的发言记录如下，` +
        `请登录签阅或修改：${url}\n\n${speech.text}\n` +
        (speech.suggestions.length
          ? `\n建议：\n${speech.suggestions.map((s, i) => `${i + 1}. ${s}`).join('\n')}\n`
          : '') +
        `\n编号：${speech.id}\n\n— English —\n\nDear Deputy ${speech.deputy_name}: the transcript of your speech on item ` +
        `${speech.item_position} of ${speech.meeting_title} is above. Sign it off or correct it at ${url}\nReference: ${speech.id}\n`,
    });
  }

  async mine(user: AuthUser): Promise<SpeechView[]> {
    if (!user.deputyId) return [];
    return (await this.repository.speechesOfDeputy(user.deputyId)).map(speechView);
  }

  /** The speaker signs the transcript off as it is, or with their corrected text (the transcript is kept). */
  async signOff(user: AuthUser, id: string, body: SignOffDto): Promise<SpeechView> {
    const speech = await this.repository.speech(id);
    if (!speech || !user.deputyId || speech.deputy_id !== user.deputyId)
      throw new NotFoundException('Speech not found');
    if (speech.status !== 'awaiting_signoff') throw new ConflictException('You have signed this speech off already');
    const corrected = body.text !== undefined && body.text.trim() !== speech.text.trim();
    const signed = await this.writes.signOffSpeech(id, corrected ? body.text! : null);
    if (!signed) throw new ConflictException('You have signed this speech off already');
    return speechView((await this.repository.speech(id))!);
  }

  async deliberation(user: AuthUser, meetingId: string, query: DeliberationQuery): Promise<DownloadFile> {
    const meeting = await this.meetings.meetingFor(user, meetingId);
    const [term, agenda, speeches] = await Promise.all([
      this.repository.term(meeting.term_id),
      this.repository.agenda(meetingId),
      this.repository.speechesOfMeeting(meetingId),
    ]);
    const input = { meeting, congressName: term!.name, agenda, speeches };
    const name = deliberationTitle(input);
    switch (query.format) {
      case 'xlsx': {
        const sheet = { ...deliberationSheet(input), title: name };
        return { body: await toXlsx([sheet]), contentType: XLSX_MIME, fileName: `${name}.xlsx` };
      }
      case 'docx':
        return {
          body: await toDocx(deliberationDocument(input, chinaDay(this.clock.now()))),
          contentType: DOCX_MIME,
          fileName: `${name}.docx`,
        };
      case 'pdf':
        return {
          body: await toPdf(deliberationDocument(input, chinaDay(this.clock.now()))),
          contentType: PDF_MIME,
          fileName: `${name}.pdf`,
        };
      case 'html':
        return {
          body: Buffer.from(renderDeliberationHtml(input), 'utf8'),
          contentType: 'text/html; charset=utf-8',
          fileName: `${name}.html`,
        };
    }
  }
}
