// Coloured tags for the values officials scan for: status, urgency, reply class, rating, working days left.
import { Tag } from 'antd';
import type { IssueStatus, RecordedRating, ReplyClass, Urgency } from '../api/types';
import { useI18n } from '../i18n/i18n';

const STATUS_COLORS: Record<IssueStatus, string> = {
  received: 'default',
  triage: 'gold',
  assigned: 'blue',
  acknowledged: 'cyan',
  overdue: 'red',
  escalated: 'magenta',
  follow_up: 'purple',
  awaiting_feedback: 'orange',
  closed: 'green',
};

export function StatusTag({ status, label }: { status: IssueStatus; label?: string }) {
  const { label: labelOf } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{labelOf('status', status, label)}</Tag>;
}

/** The issue number 事项编号 as people quote it: set apart from the text, never wrapped. */
export function IssueNumber({ number }: { number: string }) {
  return (
    <span className="issue-number" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {number}
    </span>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { label } = useI18n();
  if (urgency === 'normal') return null;
  return <Tag color="red">{label('urgency', urgency)}</Tag>;
}

export function ReplyClassTag({ replyClass, long = false }: { replyClass: ReplyClass; long?: boolean }) {
  const { t } = useI18n();
  const color = replyClass === 'A' ? 'green' : replyClass === 'B' ? 'blue' : 'default';
  return <Tag color={color}>{long ? t(`replyClass.${replyClass}`) : t(`replyClass.short.${replyClass}`)}</Tag>;
}

export function RatingTag({ rating }: { rating: RecordedRating }) {
  const { label } = useI18n();
  const color =
    rating === 'satisfied'
      ? 'green'
      : rating === 'basically_satisfied'
        ? 'lime'
        : rating === 'unsatisfied'
          ? 'red'
          : 'default';
  return <Tag color={color}>{label('rating', rating)}</Tag>;
}

/** "剩 3 个工作日", "今天到期", "逾期 2 个工作日". */
export function WorkingDaysTag({ days, overdue }: { days: number | null; overdue: boolean }) {
  const { t } = useI18n();
  if (days === null) return null;
  if (overdue || days < 0) {
    return <Tag color="red">{days < 0 ? t('dept.daysOverdue', { days: -days }) : t('dept.overdue')}</Tag>;
  }
  if (days === 0) return <Tag color="orange">{t('dept.dueToday')}</Tag>;
  return <Tag color={days <= 3 ? 'orange' : 'default'}>{t('dept.daysLeft', { days })}</Tag>;
}
