// Owns the wording of every notice the issue workflow sends: the mail in the recipient's language (Chinese unless a
// user chose English; a department's mailbox gets Chinese) and the in-app title and body (Chinese).
import type { NotificationKind, RecordedRating, ReplyClass } from '@app/contracts';
import { RATING_LABELS, REPLY_CLASS_LABELS, chinaTimeOf } from '@app/contracts';
import type { NoticeLanguage, RenderedNotice } from '@app/mail';

export interface IssueSummary {
  issueId: string;
  /** 事项编号, in every subject and body: what people quote on the phone. */
  number: string;
  categoryName: string;
  placeName: string;
  stationName: string;
  urgency: 'normal' | 'urgent';
  description: string;
  /** Link to the issue in the app. */
  url: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

/** A notice's wording, rendered per language. */
export type IssueNoticeText = (language: NoticeLanguage) => RenderedNotice;

/** 2026-10-22 23:59 (China time) */
export function chinaTime(iso: string | null | undefined): string {
  return iso ? chinaTimeOf(iso) : '—';
}

function excerpt(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function summaryLines(s: IssueSummary): { zh: string; en: string } {
  const urgentZh = s.urgency === 'urgent' ? '（紧急）' : '';
  const urgentEn = s.urgency === 'urgent' ? ' (urgent)' : '';
  return {
    zh: [
      `事项编号：${s.number}`,
      `类别：${s.categoryName}${urgentZh}`,
      `地点：${s.placeName}`,
      `收集站点：${s.stationName}`,
      `内容：${excerpt(s.description)}`,
      `查看：${s.url}`,
    ].join('\n'),
    en: [
      `Issue number: ${s.number}`,
      `Category: ${s.categoryName}${urgentEn}`,
      `Place: ${s.placeName}`,
      `Station: ${s.stationName}`,
      `Issue: ${excerpt(s.description)}`,
      `Open: ${s.url}`,
    ].join('\n'),
  };
}

/** `mailOnly`: lines for the mail alone (a single-use reply link is the mailbox's, not every user's in the app). */
function compose(
  subjectZh: string,
  subjectEn: string,
  zh: string[],
  en: string[],
  s: IssueSummary,
  mailOnly: { zh: string[]; en: string[] } = { zh: [], en: [] },
): IssueNoticeText {
  const summary = summaryLines(s);
  const title = `${subjectZh}：${s.number}`;
  const body = zh.join('\n');
  return (language) =>
    language === 'en'
      ? {
          subject: `[Lianluo] ${subjectEn} ${s.number}`,
          text: `${[...en, ...mailOnly.en, '', summary.en].join('\n')}\n`,
          title,
          body,
        }
      : {
          subject: `【联络】${subjectZh} ${s.number}`,
          text: `${[...zh, ...mailOnly.zh, '', summary.zh].join('\n')}\n`,
          title,
          body,
        };
}

export interface AssignmentMailInput {
  role: 'lead' | 'co';
  departmentName: string;
  dueAt: string;
  replyLinkUrl?: string;
  note?: string;
}

export function assignmentMail(s: IssueSummary, a: AssignmentMailInput): IssueNoticeText {
  const due = chinaTime(a.dueAt);
  const zh =
    a.role === 'lead'
      ? [`${a.departmentName}：`, `现将群众反映的以下问题交由你单位主办，请于 ${due} 前答复。`]
      : [`${a.departmentName}：`, `现将群众反映的以下问题交由你单位协办，请于 ${due} 前向主办单位提出协办意见。`];
  const en =
    a.role === 'lead'
      ? [
          `To ${a.departmentName}:`,
          `This voter issue is assigned to you as the lead department. Reply by ${due} (China time).`,
        ]
      : [
          `To ${a.departmentName}:`,
          `This voter issue is assigned to you as a co-handler. Give your input by ${due} (China time).`,
        ];
  if (a.note) {
    zh.push(`交办说明：${a.note}`);
    en.push(`Note: ${a.note}`);
  }
  const link = a.replyLinkUrl
    ? {
        zh: [`无需登录即可答复（仅限本件，一次有效）：${a.replyLinkUrl}`],
        en: [`Reply without signing in (this issue only, single use): ${a.replyLinkUrl}`],
      }
    : undefined;
  return compose(
    a.role === 'lead' ? '交办通知' : '协办通知',
    a.role === 'lead' ? 'New assignment' : 'Co-handling request',
    zh,
    en,
    s,
    link,
  );
}

export interface NotificationMailInput {
  kind: NotificationKind;
  dueAt?: string | null;
  escalationName?: string;
  data: Record<string, unknown>;
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export function notificationMail(s: IssueSummary, n: NotificationMailInput): IssueNoticeText {
  const due = chinaTime(n.dueAt);
  const d = n.data;
  switch (n.kind) {
    case 'triage_needed':
      return compose(
        '待分办',
        'Needs assignment',
        [
          '以下问题没有匹配的办理单位' +
            (d.via === 'sent_back' ? `（原单位退回，理由：${str(d.reason)}）` : '') +
            '，请及时分办。',
        ],
        [
          'No department was found for this issue' +
            (d.via === 'sent_back' ? ` (sent back: ${str(d.reason)})` : '') +
            '. Please assign it.',
        ],
        s,
      );
    case 'reminder':
      return compose(
        '办理到期提醒',
        'Reply due soon',
        [`以下问题的答复期限为 ${due}，还剩 ${str(d.workingDaysBefore)} 个工作日，请抓紧办理。`],
        [`The reply is due ${due} (China time): ${str(d.workingDaysBefore)} working day(s) left.`],
        s,
      );
    case 'co_handler_due':
      return compose(
        '协办到期提醒',
        'Co-handler input overdue',
        [`协办意见期限（${chinaTime(str(d.coHandlerDueAt))}）已到，请尽快向主办单位提出协办意见。`],
        [`Your input was due ${chinaTime(str(d.coHandlerDueAt))} (China time). Please send it to the lead department.`],
        s,
      );
    case 'overdue':
      return compose(
        '逾期通知',
        'Reply overdue',
        [`以下问题已超过答复期限（${due}），请立即办理答复。`],
        [`The reply deadline (${due}, China time) has passed. Please reply now.`],
        s,
      );
    case 'escalation':
      return compose(
        '督办通知',
        'Escalated',
        [
          `以下问题${d.trigger === 'referred' ? '经督办人员提请' : '逾期未答复，已提请'}${n.escalationName ?? '上级'}督办。${d.reason ? `理由：${str(d.reason)}` : ''}`,
        ],
        [
          `This ${d.trigger === 'referred' ? '' : 'overdue '}issue has been escalated to ${n.escalationName ?? 'the next level'}.${d.reason ? ` Reason: ${str(d.reason)}` : ''}`,
        ],
        s,
      );
    case 'urge':
      return compose(
        '催办通知',
        'Reminder from the supervisor',
        [`督办人员催办：${str(d.note)}`, `答复期限：${due}`],
        [`The supervisor urges you: ${str(d.note)}`, `Reply due: ${due} (China time)`],
        s,
      );
    case 'extension':
      return compose(
        '延期通知',
        'Deadline extended',
        [`答复期限已延至 ${due}。理由：${str(d.reason)}`],
        [`The reply deadline is now ${due} (China time). Reason: ${str(d.reason)}`],
        s,
      );
    case 'interim_reply':
      return compose(
        '阶段性答复',
        'Interim reply',
        [`办理单位答复（${REPLY_CLASS_LABELS.B}）：${str(d.text)}`, `承诺于 ${str(d.promisedDate)} 前反馈办理结果。`],
        [
          `The department replied (class B, being solved): ${str(d.text)}`,
          `It promises a result by ${str(d.promisedDate)}.`,
        ],
        s,
      );
    case 'feedback_requested': {
      const replyClass = str(d.replyClass) as ReplyClass;
      return compose(
        '请评价办理结果',
        'Please rate the reply',
        [
          `办理单位答复（${replyClass}类：${REPLY_CLASS_LABELS[replyClass] ?? ''}）：${str(d.text)}`,
          `请于 ${chinaTime(str(d.feedbackDueAt))} 前评价：满意 / 基本满意 / 不满意。`,
        ],
        [
          `The department replied (class ${replyClass}): ${str(d.text)}`,
          `Please rate it by ${chinaTime(str(d.feedbackDueAt))} (China time): satisfied / basically satisfied / unsatisfied.`,
        ],
        s,
      );
    }
    case 'follow_up_missed':
      return compose(
        '承诺事项逾期',
        'Promised result overdue',
        [`办理单位承诺于 ${str(d.promisedDate)} 前反馈办理结果，至今未反馈，请立即续报。`],
        [`The department promised a result by ${str(d.promisedDate)} and has not reported it. Please report now.`],
        s,
      );
    case 'rehandling':
      return compose(
        '再次办理通知',
        'Handled again',
        [`您对办理结果评价为“不满意”，该问题已交原承办单位再次办理（第 ${str(d.round)} 轮），答复期限为 ${due}。`],
        [
          `You rated the reply unsatisfied: the issue is handled again (round ${str(d.round)}), reply due ${due} (China time).`,
        ],
        s,
      );
    case 'merged': {
      const reason = typeof d.reason === 'string' ? d.reason : '';
      return compose(
        '事项合并通知',
        'Merged into another issue',
        [
          `以下问题与事项 ${str(d.targetNumber)} 重复，已并入该事项合并办理，本事项不再单独办理。${reason ? `说明：${reason}` : ''}`,
          '该事项的答复和办结将同时通知本事项的代表和群众。',
        ],
        [
          `This issue repeats issue ${str(d.targetNumber)} and was merged into it; it is no longer handled on its own.${reason ? ` Note: ${reason}` : ''}`,
          'The reply and closing of that issue will reach this issue’s deputy and voters too.',
        ],
        s,
      );
    }
    case 'closed': {
      const outcome = str(d.outcome) as RecordedRating;
      return compose(
        '办结通知',
        'Closed',
        [`以下问题已办结，评价结果：${RATING_LABELS[outcome] ?? outcome}。`],
        [`This issue is closed. Rating: ${outcome}.`],
        s,
      );
    }
  }
}

/**
 * What the deputy of an issue merged into this one hears when this one is answered or closed: the reply or the
 * outcome, under their own issue's number. They are told, not asked to rate: the rating is the target's deputy's.
 */
export function mergedIssueMail(
  s: IssueSummary,
  kind: 'interim_reply' | 'feedback_requested' | 'closed',
  mergedNumber: string,
  d: Record<string, unknown>,
): IssueNoticeText {
  const lead = [`您提出的事项 ${mergedNumber} 已并入以下事项合并办理。`];
  const leadEn = [`Your issue ${mergedNumber} was merged into the issue below and handled with it.`];
  const replyClass = str(d.replyClass) as ReplyClass;
  switch (kind) {
    case 'interim_reply':
      return compose(
        '合并事项阶段性答复',
        'Interim reply to a merged issue',
        [
          ...lead,
          `办理单位答复（${REPLY_CLASS_LABELS.B}）：${str(d.text)}`,
          `承诺于 ${str(d.promisedDate)} 前反馈办理结果。`,
        ],
        [
          ...leadEn,
          `The department replied (class B): ${str(d.text)}`,
          `It promises a result by ${str(d.promisedDate)}.`,
        ],
        s,
      );
    case 'feedback_requested':
      return compose(
        '合并事项答复',
        'Reply to a merged issue',
        [...lead, `办理单位答复（${replyClass}类：${REPLY_CLASS_LABELS[replyClass] ?? ''}）：${str(d.text)}`],
        [...leadEn, `The department replied (class ${replyClass}): ${str(d.text)}`],
        s,
      );
    case 'closed':
      return compose(
        '合并事项办结',
        'Merged issue closed',
        [...lead, '该事项已办结。'],
        [...leadEn, 'It is closed.'],
        s,
      );
  }
}
