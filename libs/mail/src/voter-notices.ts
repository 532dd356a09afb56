// Owns what a voter who wrote through a QR code (代表码) hears by email, and who hears it: the wording of each
// notice and the one query that finds the voters behind an issue. The API uses it when a submission is decided, the
// worker when an issue is answered or closed; either way in the transaction of the step, once per dedupe key.
// The channel is email now; an SMS gateway would read the same rows (contact_phone) and the same texts. The
// addresses are stored encrypted (libs/personal-data) and opened only to be put in the outbox row.
import type { PersonalDataCipher } from '@app/personal-data';
import { enqueueMail, type OutboxMail } from './mail-outbox';

export type VoterNoticeKind = 'received' | 'accepted' | 'merged' | 'declined' | 'answered' | 'closed';

export interface VoterNotice {
  kind: VoterNoticeKind;
  submissionId: string;
  /** The issue it became or joined (null while pending or when declined). */
  issueId: string | null;
  /** Where the voter follows it: the status page, e.g. https://…/v/track. */
  trackUrl: string;
  /** The full tracking code: only in the first mail (the API has it once, when the voter submits). */
  trackingCode?: string;
  reason?: string | null;
}

const INTRO = '您好！您通过人大代表联系二维码（代表码）反映的事项有了新进展。';
const OUTRO = '本邮件由系统自动发送，请勿直接回复。查询进展请使用提交时获得的查询码。';

/** The Chinese notice (the voter's page and mails are Chinese only). Free text (a reason) is quoted as sent. */
export function voterNoticeMail(notice: VoterNotice): { subject: string; text: string } {
  const lines: string[] = [];
  let subject: string;
  switch (notice.kind) {
    case 'received':
      subject = '【联络】已收到您反映的事项';
      lines.push('您好！我们已收到您通过代表码反映的事项，代表将尽快处理。');
      break;
    case 'accepted':
      subject = '【联络】您反映的事项已受理';
      lines.push(INTRO, '代表已受理您反映的事项，并转交有关部门办理。');
      break;
    case 'merged':
      subject = '【联络】您反映的事项已并入同类事项办理';
      lines.push(INTRO, '代表已将您反映的事项并入一件正在办理的同类事项，办理结果将一并告知您。');
      break;
    case 'declined':
      subject = '【联络】您反映的事项未予受理';
      lines.push(INTRO, '代表未受理您反映的事项，理由如下：', `“${notice.reason ?? ''}”`);
      break;
    case 'answered':
      subject = '【联络】您反映的事项已有答复';
      lines.push(INTRO, '承办部门已作出答复。答复公开后，您可在查询页面查看答复内容。');
      break;
    case 'closed':
      subject = '【联络】您反映的事项已办结';
      lines.push(INTRO, '该事项已办结。欢迎在查询页面告诉我们问题是否已经解决。');
      break;
  }
  if (notice.trackingCode) lines.push('', `查询码：${notice.trackingCode}`, '请妥善保存查询码，凭此码查询办理进展。');
  lines.push('', `查询页面：${notice.trackUrl}`, '', OUTRO);
  return { subject, text: lines.join('\n') };
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The outbox row of one notice to one address; the key makes a retried step send it once. */
export function voterNoticeOutboxMail(notice: VoterNotice, email: string, stepKey: string): OutboxMail {
  return {
    dedupeKey: `voter:${notice.submissionId}:${notice.kind}:${stepKey}`,
    issueId: notice.issueId,
    to: [email],
    ...voterNoticeMail(notice),
  };
}

/**
 * `merged`: the issues merged into $1, directly or through an issue that was itself merged into it later (a chain).
 * Their deputies and voters hear the reply and closing of the issue that carries them.
 */
export const MERGED_INTO_SQL = `WITH RECURSIVE merged(id) AS (
  SELECT id FROM issues WHERE merged_into_issue_id = $1
  UNION SELECT i.id FROM issues i JOIN merged m ON i.merged_into_issue_id = m.id)`;

/**
 * Mails every voter whose submission became or joined `issueId` (or an issue merged into it) and left an email address (`stepKey`: the issue
 * step, so a second reply in a second round is a second notice). In the caller's transaction.
 */
export async function enqueueIssueVoterNotices(
  db: Queryable,
  cipher: PersonalDataCipher,
  issueId: string,
  kind: 'answered' | 'closed' | 'merged',
  stepKey: string,
  trackUrl: string,
): Promise<void> {
  // Voters behind an issue merged into this one hear its reply and closing too, under their own issue (they follow it).
  const rows = (await db.query(
    `${MERGED_INTO_SQL}
     SELECT id, issue_id, contact_email FROM voter_submissions
      WHERE (issue_id = $1 OR issue_id IN (SELECT id FROM merged))
        AND status IN ('accepted', 'merged') AND contact_email IS NOT NULL ORDER BY id`,
    [issueId],
  )) as { id: string; issue_id: string; contact_email: string }[];
  await enqueueMail(
    db,
    rows.map((row) =>
      voterNoticeOutboxMail(
        { kind, submissionId: row.id, issueId: row.issue_id, trackUrl },
        cipher.decrypt('email', row.contact_email)!,
        stepKey,
      ),
    ),
  );
}

/** The voter's status page under the public address. */
export function voterTrackUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/v/track`;
}
