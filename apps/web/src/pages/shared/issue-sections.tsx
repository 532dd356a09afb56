// The parts of an issue every role reads: the facts, the replies, the deputy's ratings, the assignments.
import { Card, Descriptions, Empty, Flex, List, Space, Tag, Typography } from 'antd';
import type { AttachmentStage, IssueDetail } from '../../api/types';
import { AttachmentGallery } from '../../components/attachment-gallery';
import { dateOnly, dateTime } from '../../components/format';
import { IssueNumber, RatingTag, ReplyClassTag, StatusTag, UrgencyTag } from '../../components/tags';
import { useI18n } from '../../i18n/i18n';

export function IssueFacts({ issue }: { issue: IssueDetail }) {
  const { t, label } = useI18n();
  const voter = issue.voter;
  const voterText = [voter.name ?? t('issue.noVoter'), voter.phone, voter.idNumber, voter.address]
    .filter(Boolean)
    .join(' · ');
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex gap={6} wrap style={{ marginBottom: 8 }}>
        <StatusTag status={issue.status} label={issue.statusLabel} />
        <UrgencyTag urgency={issue.urgency} />
        {issue.round > 1 ? <Tag>{t('issue.round', { round: issue.round })}</Tag> : null}
        {issue.escalationLevel > 0 ? (
          <Tag color="magenta">{t('issue.escalated', { level: issue.escalationLevel })}</Tag>
        ) : null}
        {issue.replyClass ? <ReplyClassTag replyClass={issue.replyClass} /> : null}
        {issue.satisfaction ? <RatingTag rating={issue.satisfaction} /> : null}
      </Flex>
      <Typography.Paragraph className="issue-description" style={{ fontSize: 15 }}>
        {issue.description}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'number', label: t('issue.number'), children: <IssueNumber number={issue.number} /> },
          { key: 'category', label: t('issue.category'), children: issue.category.name },
          { key: 'place', label: t('issue.place'), children: issue.place.name },
          { key: 'station', label: t('issue.station'), children: issue.station.name },
          { key: 'channel', label: t('issue.channel'), children: label('channel', issue.channel) },
          { key: 'deputy', label: t('issue.deputy'), children: issue.deputy.name },
          { key: 'submitted', label: t('issue.submittedAt'), children: dateTime(issue.submittedAt) },
          { key: 'due', label: t('issue.dueAt'), children: dateTime(issue.dueAt) },
          {
            key: 'lead',
            label: t('issue.leadDepartment'),
            children: issue.leadDepartment?.name ?? '—',
          },
          {
            key: 'co',
            label: t('issue.coHandlers'),
            children: issue.coHandlerDepartments.map((d) => d.name).join('、') || '—',
          },
          {
            key: 'voter',
            label: t('issue.voter'),
            children: (
              <span>
                {voterText}
                {voter.masked && (voter.name || voter.phone) ? (
                  <Tag style={{ marginInlineStart: 6 }}>{t('issue.voterMasked')}</Tag>
                ) : null}
              </span>
            ),
          },
          ...(issue.promisedDate
            ? [{ key: 'promised', label: t('issue.promisedDate'), children: issue.promisedDate }]
            : []),
          ...(issue.closedAt
            ? [{ key: 'closed', label: t('issue.closedAt'), children: dateTime(issue.closedAt) }]
            : []),
        ]}
      />
      {issue.attachments.length ? (
        <Space wrap>
          {t('issue.attachments')}:
          {issue.attachments.map((a) => (
            <a key={a.url} href={a.url} target="_blank" rel="noreferrer noopener">
              {a.name}
            </a>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}

/** The issue's photos and documents, and adding one for those who work on it. */
export function AttachmentsCard({
  issue,
  addAs,
  onAdded,
}: {
  issue: IssueDetail;
  addAs: AttachmentStage[];
  onAdded: () => void;
}) {
  if (!issue.files.length && !addAs.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <AttachmentGallery files={issue.files} issueId={issue.id} addAs={addAs} onAdded={onAdded} />
    </Card>
  );
}

export function RepliesCard({ issue }: { issue: IssueDetail }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issue.replies')}</h2>}
      style={{ marginBottom: 16 }}
    >
      {issue.replies.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('issue.noReply')} />
      ) : (
        <List
          dataSource={issue.replies}
          renderItem={(reply) => (
            <List.Item key={reply.id} style={{ display: 'block' }}>
              <Flex gap={6} wrap align="center" style={{ marginBottom: 6 }}>
                <ReplyClassTag replyClass={reply.replyClass} long />
                {reply.kind === 'follow_up' ? <Tag color="purple">{t('issue.followUp')}</Tag> : null}
                <Tag color={reply.onTime ? 'default' : 'red'}>{reply.onTime ? t('issue.onTime') : t('issue.late')}</Tag>
              </Flex>
              <Typography.Paragraph className="issue-description" style={{ marginBottom: 4 }}>
                {reply.text}
              </Typography.Paragraph>
              {reply.promisedDate ? (
                <div>
                  {t('issue.promisedDate')}: <strong>{reply.promisedDate}</strong>
                </div>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {reply.department.name} · {dateTime(reply.repliedAt)}
                {issue.round > 1 ? ` · ${t('issue.round', { round: reply.round })}` : ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {issue.feedback.length ? (
        <>
          <h3 style={{ fontSize: 14, marginTop: 12 }}>{t('issue.feedback')}</h3>
          <List
            size="small"
            dataSource={issue.feedback}
            renderItem={(feedback) => (
              <List.Item key={`${feedback.round}-${feedback.ratedAt}`}>
                <Space wrap>
                  <RatingTag rating={feedback.rating} />
                  {feedback.comment ? <span>{feedback.comment}</span> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dateTime(feedback.ratedAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}

export function AssignmentsCard({ issue }: { issue: IssueDetail }) {
  const { t, label } = useI18n();
  if (!issue.assignments.length) return null;
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issue.assignments')}</h2>}
      style={{ marginBottom: 16 }}
    >
      <List
        size="small"
        dataSource={issue.assignments}
        renderItem={(a) => (
          <List.Item key={a.id} style={{ display: 'block' }}>
            <Flex gap={6} wrap align="center">
              <strong>{a.department.name}</strong>
              <Tag>{t(`assignmentRole.${a.role}`)}</Tag>
              <Tag color={a.status === 'answered' ? 'green' : a.status === 'assigned' ? 'blue' : 'default'}>
                {label('assignmentStatus', a.status)}
              </Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('issue.dueAt')} {dateOnly(a.dueAt)} {a.round > 1 ? `· ${t('issue.round', { round: a.round })}` : ''}
              </Typography.Text>
            </Flex>
            {a.sendBackReason ? <div>{a.sendBackReason}</div> : null}
            {a.inputText ? <div className="issue-description">{a.inputText}</div> : null}
          </List.Item>
        )}
      />
    </Card>
  );
}
