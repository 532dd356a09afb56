// The deputy's invitations to attend meetings: reply attend, or ask for leave with a written reason (请假条); and the
// speeches awaiting their sign-off (签阅), signed as transcribed or with their corrections.
import { useState } from 'react';
import { App as AntApp, Button, Card, Flex, Input, List, Modal, Space, Tag, Typography } from 'antd';
import {
  myInvitations,
  mySpeeches,
  replyToInvitation,
  signOffSpeech,
  type Invitation,
  type Speech,
} from '../../api/attendance';
import { toApiError, useApi } from '../../api/use-api';
import { newKey } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

export function MyInvitationsPage() {
  const { t } = useI18n();
  const invitations = useApi((signal) => myInvitations({ page: 1, limit: 50 }, signal), []);
  const speeches = useApi((signal) => mySpeeches(signal), []);
  return (
    <>
      <PageHeader title={t('att.myTitle')} />
      <Flex vertical gap={16}>
        <Async
          state={invitations}
          isEmpty={(data) => data.total === 0}
          empty={<EmptyState description={t('att.noInvitations')} />}
        >
          {(data) => (
            <List
              dataSource={data.items}
              renderItem={(invitation) => <InvitationCard invitation={invitation} onDone={invitations.reload} />}
            />
          )}
        </Async>
        <Card size="small" title={t('att.mySpeeches')}>
          <Async
            state={speeches}
            isEmpty={(data) => data.length === 0}
            empty={<EmptyState description={t('att.noSpeeches')} />}
          >
            {(data) => (
              <List
                dataSource={data}
                renderItem={(speech) => <SpeechItem speech={speech} onDone={speeches.reload} />}
              />
            )}
          </Async>
        </Card>
      </Flex>
    </>
  );
}

function InvitationCard({ invitation, onDone }: { invitation: Invitation; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [leaveOpen, setLeaveOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const open = invitation.closedAt === null;

  const answer = async (value: 'attend' | 'leave') => {
    setBusy(true);
    try {
      await replyToInvitation(invitation.id, value, value === 'leave' ? reason : undefined, key);
      setKey(newKey());
      message.success(t('att.replied'));
      setLeaveOpen(false);
      onDone();
    } catch (error) {
      message.error(toApiError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List.Item>
      <Card size="small" style={{ width: '100%' }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>
            {invitation.meetingDate} {invitation.meetingTitle}
          </Typography.Text>
          <Space wrap>
            <Tag>{invitation.kindLabel}</Tag>
            {invitation.agendaItem ? <span>{invitation.agendaItem.title}</span> : null}
            <Tag color="red">{invitation.statusLabel}</Tag>
            {invitation.attendanceLabel ? <Tag color="green">{invitation.attendanceLabel}</Tag> : null}
          </Space>
          {invitation.leaveReason ? (
            <Typography.Text type="secondary">
              {t('att.leaveReason')}：{invitation.leaveReason}
            </Typography.Text>
          ) : null}
          {open && invitation.status !== 'cancelled' ? (
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => void answer('attend')}>
                {t('att.attend')}
              </Button>
              <Button onClick={() => setLeaveOpen(true)}>{t('att.askLeave')}</Button>
            </Space>
          ) : null}
        </Space>
      </Card>
      <Modal
        open={leaveOpen}
        title={t('att.askLeave')}
        onCancel={() => setLeaveOpen(false)}
        confirmLoading={busy}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => void answer('leave')}
      >
        <Input.TextArea
          aria-label={t('att.leaveReason')}
          placeholder={t('att.leaveReasonRequired')}
          rows={4}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </List.Item>
  );
}

function SpeechItem({ speech, onDone }: { speech: Speech; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [text, setText] = useState(speech.text);
  const [busy, setBusy] = useState(false);
  const waiting = speech.status === 'awaiting_signoff';

  const sign = async (corrected?: string) => {
    setBusy(true);
    try {
      await signOffSpeech(speech.id, corrected);
      message.success(t('att.signed'));
      onDone();
    } catch (error) {
      message.error(toApiError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List.Item>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{speech.meetingTitle}</Typography.Text>
          <span>
            {speech.agendaItem.position}. {speech.agendaItem.title}
          </span>
          <Tag color={waiting ? 'orange' : 'green'}>{speech.statusLabel}</Tag>
        </Space>
        {waiting ? (
          <>
            <Input.TextArea
              aria-label={t('att.speechText')}
              rows={4}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={10000}
            />
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => void sign()} disabled={text.trim() !== speech.text}>
                {t('att.signOff')}
              </Button>
              <Button
                loading={busy}
                disabled={!text.trim() || text.trim() === speech.text}
                onClick={() => void sign(text.trim())}
              >
                {t('att.correct')}
              </Button>
            </Space>
          </>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{speech.text}</Typography.Paragraph>
        )}
      </Space>
    </List.Item>
  );
}
