// What staff use while they call a deputy (电话通知): the deputy's phone, masked until asked for (the whole number is
// read from the API, which logs the read), and the deputy's answer recorded on their behalf (出席, or 请假 with the
// reason they gave), which the invitation's timeline shows as recorded by this member of staff.
import { useState } from 'react';
import { App as AntApp, Button, Input, Modal, Space, Typography } from 'antd';
import { deputyPhone, replyOnBehalf, type Invitation } from '../../api/attendance';
import { toApiError } from '../../api/use-api';
import { newKey } from '../../components/format';
import { useI18n } from '../../i18n/i18n';

export function DeputyPhone({ invitation }: { invitation: Invitation }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [whole, setWhole] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    try {
      const read = await deputyPhone(invitation.id);
      if (read.masked) message.info(t('att.phoneMaskedForYou'));
      else setWhole(read.phone);
    } catch (reason) {
      message.error(toApiError(reason).message);
    } finally {
      setBusy(false);
    }
  };
  if (whole) return <Typography.Link href={`tel:${whole}`}>{whole}</Typography.Link>;
  return (
    <Space size={4}>
      <span>{invitation.deputyPhone}</span>
      <Button
        size="small"
        type="link"
        loading={busy}
        aria-label={`${t('att.showPhone')} ${invitation.deputy.name}`}
        onClick={() => void reveal()}
      >
        {t('att.showPhone')}
      </Button>
    </Space>
  );
}

export function OnBehalfReply({ invitation, onDone }: { invitation: Invitation; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [leaveOpen, setLeaveOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'attend' | 'leave'>();
  // One key per answer shown: a click repeated after a lost answer records it once.
  const [keys, setKeys] = useState(() => ({ attend: newKey(), leave: newKey() }));
  const send = async (answer: 'attend' | 'leave') => {
    setBusy(answer);
    try {
      await replyOnBehalf(invitation.id, answer, answer === 'leave' ? reason : undefined, keys[answer]);
      message.success(t('att.onBehalfSaved', { name: invitation.deputy.name }));
      setLeaveOpen(false);
      setReason('');
      setKeys({ attend: newKey(), leave: newKey() });
      onDone();
    } catch (failure) {
      message.error(toApiError(failure).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <Space size={4} wrap>
        <Button
          size="small"
          loading={busy === 'attend'}
          aria-label={`${t('att.onBehalfAttend')} ${invitation.deputy.name}`}
          onClick={() => void send('attend')}
        >
          {t('att.onBehalfAttend')}
        </Button>
        <Button
          size="small"
          aria-label={`${t('att.onBehalfLeave')} ${invitation.deputy.name}`}
          onClick={() => setLeaveOpen(true)}
        >
          {t('att.onBehalfLeave')}
        </Button>
      </Space>
      <Modal
        open={leaveOpen}
        title={`${t('att.onBehalfLeave')}：${invitation.deputy.name}`}
        onCancel={() => setLeaveOpen(false)}
        confirmLoading={busy === 'leave'}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => void send('leave')}
      >
        <Input.TextArea
          aria-label={t('att.onBehalfReason')}
          placeholder={t('att.onBehalfReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
        />
      </Modal>
    </>
  );
}
