// The issue's every recorded step, oldest first: what happened, when, by whom, and the words that came with it.
import { Timeline, Typography } from 'antd';
import type { IssueEvent, ReplyClass } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { dateTime } from './format';

const COLORS: Record<string, string> = {
  received: 'gray',
  assigned: 'blue',
  acknowledged: 'blue',
  replied: 'green',
  follow_up_replied: 'green',
  rated: 'green',
  closed: 'green',
  overdue: 'red',
  escalated: 'red',
  follow_up_missed: 'red',
  co_handler_overdue: 'red',
  co_handlers_released: 'gray',
  not_rated: 'gray',
  reminder: 'orange',
  urged: 'orange',
  extended: 'orange',
  sent_back: 'orange',
  reassigned: 'orange',
  triage: 'orange',
  attachment_added: 'gray',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function EventDetail({ event }: { event: IssueEvent }) {
  const { t, label } = useI18n();
  const data = event.data;
  const lines: string[] = [];
  const replyClass = text(data.replyClass);
  if (replyClass && ['A', 'B', 'C'].includes(replyClass)) lines.push(t(`replyClass.${replyClass as ReplyClass}`));
  const promised = text(data.promisedDate);
  if (promised && event.type === 'replied') lines.push(`${t('issue.promisedDate')}: ${promised}`);
  const rating = text(data.rating);
  if (rating) lines.push(label('rating', rating));
  const name = text(data.name);
  if (name && event.type === 'escalated') lines.push(name);
  const fileName = text(data.fileName);
  if (fileName && event.type === 'attachment_added') lines.push(fileName);
  for (const key of ['text', 'reason', 'note', 'comment']) {
    const value = text(data[key]);
    // A reason the system wrote is a code (`no_rule`); one a person wrote is shown as written.
    if (value) lines.push(key === 'reason' ? label('eventReason', value) : value);
  }
  if (!lines.length) return null;
  return (
    <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} type="secondary">
      {lines.join('\n')}
    </Typography.Paragraph>
  );
}

export function IssueTimeline({ events }: { events: IssueEvent[] }) {
  const { t, label } = useI18n();
  return (
    <Timeline
      items={events.map((event) => ({
        key: event.id,
        color: COLORS[event.type] ?? 'gray',
        children: (
          <div>
            <strong>{label('event', event.type, event.label)}</strong>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
              <time dateTime={event.occurredAt}>{dateTime(event.occurredAt)}</time>
              {' · '}
              {event.actor?.label ?? t('issue.systemActor')}
            </div>
            <EventDetail event={event} />
          </div>
        ),
      }))}
    />
  );
}
