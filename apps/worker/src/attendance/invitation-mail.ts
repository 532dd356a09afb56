// Owns the wording of what the invitation workflow sends a deputy: Chinese first, an English version below it.
import { INVITATION_KIND_LABELS, type InvitationKind, type InvitationNoticeKind } from '@app/contracts';

export interface InvitationSummary {
  invitationId: string;
  deputyName: string;
  kind: InvitationKind;
  meetingTitle: string;
  meetingDate: string;
  location: string | null;
  materials: string | null;
  agenda: { position: number; title: string; committee: string }[];
  /** The item an `item` invitation is for. */
  itemTitle: string | null;
  /** The deputy's page where they reply. */
  url: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
}

const SEPARATOR = '\n\n— English —\n\n';

function what(s: InvitationSummary): { zh: string; en: string } {
  return s.kind === 'whole'
    ? { zh: `全程列席${s.meetingTitle}`, en: `attend the whole of ${s.meetingTitle}` }
    : {
        zh: `按议题列席${s.meetingTitle}（议题：${s.itemTitle ?? ''}）`,
        en: `attend ${s.meetingTitle} for the item "${s.itemTitle ?? ''}"`,
      };
}

export function invitationNotice(
  s: InvitationSummary,
  kind: InvitationNoticeKind,
  data: Record<string, unknown>,
): RenderedNotice {
  const w = what(s);
  const place = s.location ? `，地点：${s.location}` : '';
  const placeEn = s.location ? ` at ${s.location}` : '';
  switch (kind) {
    case 'advance': {
      const agenda = s.agenda.map((item) => `  ${item.position}. ${item.title}（${item.committee}）`).join('\n');
      const zh = [
        `${s.deputyName}代表：`,
        `现邀请您于 ${s.meetingDate}${place}${w.zh}（${INVITATION_KIND_LABELS[s.kind]}）。`,
        '会议议题：',
        agenda || '  （待定）',
        `会议资料：${s.materials ?? '另行送达'}`,
        '工作人员将电话与您确认；会前一天另有短信提醒。',
        `请登录回复是否列席；如需请假，须提交书面请假理由：${s.url}`,
        `编号：${s.invitationId}`,
      ];
      const en = [
        `Dear Deputy ${s.deputyName},`,
        `You are invited to ${w.en} on ${s.meetingDate}${placeEn}.`,
        'Agenda:',
        s.agenda.map((item) => `  ${item.position}. ${item.title} (${item.committee})`).join('\n') || '  (to follow)',
        `Materials: ${s.materials ?? 'to follow'}`,
        'Staff will phone you to confirm, and a text reminder follows the day before.',
        `Please sign in to say whether you will attend; a leave request needs a written reason: ${s.url}`,
        `Reference: ${s.invitationId}`,
      ];
      return {
        subject: `【联络】列席会议预告通知 / Invitation to attend: ${s.meetingTitle}`,
        text: `${zh.join('\n')}${SEPARATOR}${en.join('\n')}\n`,
      };
    }
    case 'reminder':
      return {
        subject: '【联络】短信提醒 / Text reminder',
        text:
          `【湘潭人大】${s.deputyName}代表，提醒您明天（${s.meetingDate}）${w.zh}${place}，请准时参会、佩戴列席证。` +
          ` Reminder: tomorrow (${s.meetingDate}) you ${w.en}${placeEn}. Ref ${s.invitationId}`,
      };
    case 'leave_decided': {
      const approved = data.approved === true;
      const note = typeof data.note === 'string' ? data.note : '';
      return {
        subject: `【联络】请假${approved ? '已批准' : '未批准'} / Leave request ${approved ? 'approved' : 'not approved'}`,
        text:
          `${s.deputyName}代表：您${w.zh}的请假申请${approved ? '已批准' : '未获批准，请按时列席'}。${note ? `说明：${note}` : ''}\n` +
          `编号：${s.invitationId}${SEPARATOR}` +
          `Dear Deputy ${s.deputyName}: your leave request to ${w.en} is ${approved ? 'approved' : 'not approved; please attend'}.` +
          `${note ? ` Note: ${note}` : ''}\nReference: ${s.invitationId}\n`,
      };
    }
    case 'cancelled': {
      const reason = typeof data.reason === 'string' ? data.reason : '';
      return {
        subject: `【联络】会议取消通知 / Meeting cancelled: ${s.meetingTitle}`,
        text:
          `${s.deputyName}代表：原定于 ${s.meetingDate} 召开的${s.meetingTitle}已取消，无需列席。${reason ? `原因：${reason}` : ''}\n` +
          `编号：${s.invitationId}${SEPARATOR}` +
          `Dear Deputy ${s.deputyName}: ${s.meetingTitle} on ${s.meetingDate} is cancelled; you need not attend.` +
          `${reason ? ` Reason: ${reason}` : ''}\nReference: ${s.invitationId}\n`,
      };
    }
  }
}
