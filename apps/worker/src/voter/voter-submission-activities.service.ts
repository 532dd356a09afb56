// Owns the voter-submission workflow's one effect: reminding the deputy of an undecided submission and telling the
// station's liaison officer when it stays undecided. Stamp and mail in one transaction, only while still pending.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { VoterSubmissionNoticeInput } from '@app/contracts';
import { queryRows, retryingTransaction } from '@app/database';
import { MailOutbox } from '@app/mail';
import { chinaTime } from '../issues/issue-mail';

interface PendingSubmission {
  station_name: string;
  submitted_at: Date;
  description: string;
  deputy_name: string | null;
  deputy_email: string | null;
  liaison_email: string | null;
}

@Injectable()
export class VoterSubmissionActivitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendSubmissionNotice({ submissionId, kind }: VoterSubmissionNoticeInput): Promise<void> {
    await retryingTransaction(this.db, 'sendSubmissionNotice', async (tx) => {
      // The deputy named by the code, else the station's head (负责人), decides; the liaison officer is the fallback.
      const [row] = await queryRows<PendingSubmission>(
        tx,
        `SELECT st.name AS station_name, s.submitted_at, s.description, d.name AS deputy_name,
                du.email AS deputy_email, lu.email AS liaison_email
           FROM voter_submissions s
           JOIN stations st ON st.id = s.station_id
           LEFT JOIN deputies d ON d.id = COALESCE(s.deputy_id, st.head_deputy_id)
           LEFT JOIN users du ON du.id = d.user_id AND du.active
           LEFT JOIN users lu ON lu.id = st.liaison_officer_user_id AND lu.active
          WHERE s.id = $1 AND s.status = 'pending'
          FOR UPDATE OF s`,
        [submissionId],
      );
      if (!row) return; // decided meanwhile: nobody needs reminding
      const column = kind === 'reminder' ? 'reminded_at' : 'escalated_at';
      await tx.query(`UPDATE voter_submissions SET ${column} = COALESCE(${column}, now()) WHERE id = $1`, [
        submissionId,
      ]);
      const recipients = kind === 'reminder' ? [row.deputy_email] : [row.liaison_email, row.deputy_email];
      const url = new URL(`/voter-submissions/${submissionId}`, this.config.PUBLIC_URL).toString();
      const subject =
        kind === 'reminder'
          ? `【提醒】选民通过代表码反映的事项待处理（${row.station_name}）`
          : `【督促】选民通过代表码反映的事项逾期未处理（${row.station_name}）`;
      const text = [
        kind === 'reminder'
          ? `${row.deputy_name ?? '代表'}：您好！选民于 ${chinaTime(row.submitted_at.toISOString())} 通过代表码反映的事项尚未处理，请及时受理、并入或说明理由不予受理。`
          : `选民于 ${chinaTime(row.submitted_at.toISOString())} 通过${row.station_name}代表码反映的事项，提醒后仍未处理，请联络员督促${row.deputy_name ?? '代表'}处理，或代为处理。`,
        '',
        `反映内容：${row.description.length > 200 ? `${row.description.slice(0, 200)}…` : row.description}`,
        '',
        `处理：${url}`,
      ].join('\n');
      await this.outbox.enqueue(
        [...new Set(recipients.filter((to): to is string => Boolean(to)))].map((to) => ({
          dedupeKey: `voter-submission:${submissionId}:${kind}:${to}`,
          issueId: null,
          to: [to],
          subject,
          text,
        })),
        tx,
      );
    });
  }
}
