// What a department can do with an issue referred to it: acknowledge (签收); as lead, reply with a class (B needs the
// promised date), send it back with a reason, or report the result of a class B reply; as co-handler, give input.
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { issueCommands } from '../../api/endpoints';
import { HANDLING_STATUSES, type IssueDetail, type ReplyClass } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-form';
import { chinaToday } from '../../components/format';
import { makeRules } from '../../components/rules';
import { useI18n } from '../../i18n/i18n';
import { useCommand } from '../shared/use-command';

interface ReplyForm {
  replyClass?: ReplyClass;
  text?: string;
  promisedDate?: Dayjs;
}

const h2 = { fontSize: 16, margin: 0 } as const;

export function DepartmentActions({
  issue,
  departmentId,
  onDone,
}: {
  issue: IssueDetail;
  departmentId: string;
  onDone: () => void;
}) {
  const mine = issue.assignments.filter(
    (a) =>
      a.department.id === departmentId && a.round === issue.round && ['assigned', 'acknowledged'].includes(a.status),
  );
  const lead = mine.find((a) => a.role === 'lead');
  const co = mine.find((a) => a.role === 'co');
  const leadOfIssue = issue.leadDepartment?.id === departmentId;
  const handling = HANDLING_STATUSES.includes(issue.status);

  return (
    <>
      {mine.some((a) => a.status === 'assigned') ? <AcknowledgeCard issue={issue} onDone={onDone} /> : null}
      {lead && handling ? <ReplyCard issue={issue} onDone={onDone} /> : null}
      {issue.status === 'follow_up' && leadOfIssue ? <FollowUpCard issue={issue} onDone={onDone} /> : null}
      {co && handling ? <CoInputCard issue={issue} onDone={onDone} /> : null}
    </>
  );
}

function AcknowledgeCard({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t } = useI18n();
  const command = useCommand({ success: t('dept.acknowledged'), onDone });
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      {command.error ? <ApiErrorAlert error={command.error} /> : null}
      <Button
        type="primary"
        icon={<CheckOutlined aria-hidden />}
        loading={command.busy}
        onClick={() => void command.run((key) => issueCommands.acknowledge(issue.id, key))}
      >
        {t('dept.acknowledge')}
      </Button>
    </Card>
  );
}

function ReplyCard({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<ReplyForm>();
  const replyClass = Form.useWatch('replyClass', form);
  const command = useCommand({
    form,
    fields: ['replyClass', 'text', 'promisedDate'],
    success: t('dept.replied'),
    onDone,
  });
  const [sendBackOpen, setSendBackOpen] = useState(false);
  const today = chinaToday();
  const confirmSend = useConfirmSend();

  return (
    <Card size="small" style={{ marginBottom: 16 }} title={<h2 style={h2}>{t('dept.reply')}</h2>}>
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form<ReplyForm>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          confirmSend(t('dept.replyConfirm'), () =>
            command.run((key) =>
              issueCommands.reply(
                issue.id,
                {
                  replyClass: values.replyClass!,
                  text: (values.text ?? '').trim(),
                  ...(values.replyClass === 'B' && values.promisedDate
                    ? { promisedDate: values.promisedDate.format('YYYY-MM-DD') }
                    : {}),
                },
                key,
              ),
            ),
          )
        }
      >
        <Form.Item name="replyClass" label={t('dept.replyClass')} rules={rules.select(t('dept.replyClass'))}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            {(['A', 'B', 'C'] as const).map((value) => (
              <Radio key={value} value={value}>
                {t(`replyClass.${value}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {replyClass === 'B' ? (
          <Form.Item
            name="promisedDate"
            label={t('issue.promisedDate')}
            extra={t('dept.promisedDateHint')}
            rules={[
              { required: true, message: t('dept.promisedDateRequired') },
              {
                validator: (_rule, value: Dayjs | undefined) =>
                  !value || value.format('YYYY-MM-DD') > today
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('dept.promisedDateFuture'))),
              },
            ]}
          >
            <DatePicker
              style={{ width: '100%' }}
              inputReadOnly={false}
              disabledDate={(date) => date.format('YYYY-MM-DD') <= today}
              defaultPickerValue={dayjs(today).add(1, 'month')}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="text" label={t('dept.replyText')} rules={rules.text(t('dept.replyText'), 4000)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={command.busy}>
            {t('dept.reply')}
          </Button>
          <Button icon={<RollbackOutlined aria-hidden />} onClick={() => setSendBackOpen(true)} disabled={command.busy}>
            {t('dept.sendBack')}
          </Button>
        </Flex>
      </Form>
      <SendBackModal issue={issue} open={sendBackOpen} onClose={() => setSendBackOpen(false)} onDone={onDone} />
    </Card>
  );
}

function SendBackModal({
  issue,
  open,
  onClose,
  onDone,
}: {
  issue: IssueDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<{ reason?: string }>();
  const command = useCommand({
    form,
    fields: ['reason'],
    success: t('dept.sentBack'),
    onDone: () => {
      onClose();
      onDone();
    },
  });
  return (
    <Modal
      open={open}
      title={t('dept.sendBack')}
      onCancel={onClose}
      okText={t('dept.sendBack')}
      cancelText={t('app.cancel')}
      confirmLoading={command.busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void command.run((key) => issueCommands.sendBack(issue.id, { reason: (values.reason ?? '').trim() }, key))
        }
      >
        <Form.Item
          name="reason"
          label={t('dept.sendBackReason')}
          extra={t('dept.sendBackHint')}
          rules={rules.text(t('dept.sendBackReason'), 1000)}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FollowUpCard({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<{ replyClass?: 'A' | 'C'; text?: string }>();
  const command = useCommand({ form, fields: ['replyClass', 'text'], success: t('dept.replied'), onDone });
  const confirmSend = useConfirmSend();
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={<h2 style={h2}>{t('dept.followUpReply')}</h2>}>
      {issue.promisedDate ? (
        <Typography.Paragraph>
          {t('issue.promisedDate')}: <strong>{issue.promisedDate}</strong>
        </Typography.Paragraph>
      ) : null}
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          confirmSend(t('dept.followUpConfirm'), () =>
            command.run((key) =>
              issueCommands.followUpReply(
                issue.id,
                { replyClass: values.replyClass!, text: (values.text ?? '').trim() },
                key,
              ),
            ),
          )
        }
      >
        <Form.Item name="replyClass" label={t('dept.followUpClass')} rules={rules.select(t('dept.followUpClass'))}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            <Radio value="A">{t('replyClass.A')}</Radio>
            <Radio value="C">{t('replyClass.C')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="text" label={t('dept.replyText')} rules={rules.text(t('dept.replyText'), 4000)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={command.busy}>
          {t('dept.followUpReply')}
        </Button>
      </Form>
    </Card>
  );
}

function CoInputCard({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<{ text?: string }>();
  const command = useCommand({ form, fields: ['text'], success: t('dept.coInputDone'), onDone });
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={<h2 style={h2}>{t('dept.coInput')}</h2>}>
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void command.run((key) => issueCommands.coHandlerInput(issue.id, { text: (values.text ?? '').trim() }, key))
        }
      >
        <Form.Item name="text" label={t('dept.coInputText')} rules={rules.text(t('dept.coInputText'), 4000)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={command.busy}>
          {t('app.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * A reply cannot be taken back once sent (the deputy is mailed and the issue moves on), so the form asks once more
 * before sending; cancelling leaves the form as it was.
 */
function useConfirmSend(): (title: string, send: () => Promise<unknown>) => void {
  const { modal } = AntApp.useApp();
  const { t } = useI18n();
  return (title, send) =>
    void modal.confirm({
      title,
      content: t('dept.sendIrreversible'),
      okText: t('dept.sendConfirmOk'),
      cancelText: t('app.cancel'),
      onOk: async () => {
        await send();
      },
    });
}
