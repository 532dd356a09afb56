// What a supervisor or liaison officer can do with an issue in their scope: refer it out of triage (交办), urge (催办),
// extend the deadline with a reason (延期), hand it to other departments (改办), or escalate it now (提级督办).
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { BellOutlined, ClockCircleOutlined, RiseOutlined, SendOutlined, SwapOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { departments, issueCommands } from '../../api/endpoints';
import { HANDLING_STATUSES, type IssueCommandAnswer, type IssueDetail, type NamedRef } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-form';
import { RefSelect } from '../../components/ref-select';
import { chinaToday } from '../../components/format';
import { makeRules } from '../../components/rules';
import { useI18n } from '../../i18n/i18n';
import { useCommand } from '../shared/use-command';

type Action = 'assign' | 'urge' | 'extend' | 'reassign' | 'referUpward';

export function SupervisorActions({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Action | null>(null);
  const handling = HANDLING_STATUSES.includes(issue.status);
  const followUp = issue.status === 'follow_up';
  if (issue.status !== 'triage' && !handling && !followUp) return null;

  const close = () => setOpen(null);
  const done = () => {
    close();
    onDone();
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issue.actions')}</h2>}
    >
      <Flex gap={8} wrap>
        {issue.status === 'triage' ? (
          <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => setOpen('assign')}>
            {t('sup.assign')}
          </Button>
        ) : null}
        {handling || followUp ? (
          <Button type="primary" icon={<BellOutlined aria-hidden />} onClick={() => setOpen('urge')}>
            {t('sup.urge')}
          </Button>
        ) : null}
        {handling ? (
          <>
            <Button icon={<ClockCircleOutlined aria-hidden />} onClick={() => setOpen('extend')}>
              {t('sup.extend')}
            </Button>
            <Button icon={<SwapOutlined aria-hidden />} onClick={() => setOpen('reassign')}>
              {t('sup.reassign')}
            </Button>
          </>
        ) : null}
        {handling || followUp ? (
          <Button danger icon={<RiseOutlined aria-hidden />} onClick={() => setOpen('referUpward')}>
            {t('sup.referUpward')}
          </Button>
        ) : null}
      </Flex>
      {open === 'assign' || open === 'reassign' ? (
        <ReferModal issue={issue} action={open} onClose={close} onDone={done} />
      ) : null}
      {open === 'urge' ? (
        <ReasonModal
          issue={issue}
          title={t('sup.urge')}
          field="note"
          fieldLabel={t('sup.urgeNote')}
          success={t('sup.urged')}
          call={(id, text, key) => issueCommands.urge(id, { note: text }, key)}
          onClose={close}
          onDone={done}
        />
      ) : null}
      {open === 'referUpward' ? (
        <ReasonModal
          issue={issue}
          title={t('sup.referUpward')}
          field="reason"
          fieldLabel={t('sup.referReason')}
          success={t('sup.referred')}
          call={(id, text, key) => issueCommands.referUpward(id, { reason: text }, key)}
          onClose={close}
          onDone={done}
        />
      ) : null}
      {open === 'extend' ? <ExtendModal issue={issue} onClose={close} onDone={done} /> : null}
    </Card>
  );
}

function ActionModal({
  title,
  form,
  busy,
  onClose,
  children,
}: {
  title: string;
  form: FormInstance;
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {children}
    </Modal>
  );
}

function ReasonModal({
  issue,
  title,
  field,
  fieldLabel,
  success,
  call,
  onClose,
  onDone,
}: {
  issue: IssueDetail;
  title: string;
  field: 'note' | 'reason';
  fieldLabel: string;
  success: string;
  call: (id: string, text: string, key: string) => Promise<IssueCommandAnswer>;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const command = useCommand({ form, fields: [field], success, onDone });
  return (
    <ActionModal title={title} form={form} busy={command.busy} onClose={onClose}>
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void command.run((key) => call(issue.id, (values[field] ?? '').trim(), key))}
      >
        <Form.Item name={field} label={fieldLabel} rules={rules.text(fieldLabel, 1000)}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={1000} showCount autoFocus />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface ExtendForm {
  extraWorkingDays?: number | null;
  newDueDate?: Dayjs | null;
  reason?: string;
}

function ExtendModal({ issue, onClose, onDone }: { issue: IssueDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<ExtendForm>();
  const command = useCommand({
    form,
    fields: ['extraWorkingDays', 'newDueDate', 'reason'],
    success: t('sup.extended'),
    onDone,
  });
  const today = chinaToday();
  const either = {
    validator: () => {
      const { extraWorkingDays, newDueDate } = form.getFieldsValue();
      const given = [extraWorkingDays, newDueDate].filter((v) => v !== undefined && v !== null).length;
      return given === 1 ? Promise.resolve() : Promise.reject(new Error(t('sup.extendEither')));
    },
  };
  return (
    <ActionModal title={t('sup.extend')} form={form} busy={command.busy} onClose={onClose}>
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form<ExtendForm>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void command.run((key) =>
            issueCommands.extend(
              issue.id,
              {
                ...(values.extraWorkingDays ? { extraWorkingDays: values.extraWorkingDays } : {}),
                ...(values.newDueDate ? { newDueDate: values.newDueDate.format('YYYY-MM-DD') } : {}),
                reason: (values.reason ?? '').trim(),
              },
              key,
            ),
          )
        }
      >
        <Form.Item
          name="extraWorkingDays"
          label={t('sup.extendDays')}
          dependencies={['newDueDate']}
          rules={[
            either,
            {
              type: 'integer',
              min: 1,
              max: 60,
              message: t('form.range', { field: t('sup.extendDays'), min: 1, max: 60 }),
            },
          ]}
        >
          <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="newDueDate" label={t('sup.extendDate')} dependencies={['extraWorkingDays']} rules={[either]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(date) => date.format('YYYY-MM-DD') <= today} />
        </Form.Item>
        <Form.Item name="reason" label={t('sup.extendReason')} rules={rules.text(t('sup.extendReason'), 1000)}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface ReferForm {
  leadDepartmentId?: string;
  coHandlerDepartmentIds?: string[];
  note?: string;
  reason?: string;
}

function ReferModal({
  issue,
  action,
  onClose,
  onDone,
}: {
  issue: IssueDetail;
  action: 'assign' | 'reassign';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<ReferForm>();
  const list = useApi((signal) => departments(signal), []);
  const textField = action === 'assign' ? 'note' : 'reason';
  const command = useCommand({
    form,
    fields: ['leadDepartmentId', 'coHandlerDepartmentIds', textField],
    success: action === 'assign' ? t('sup.assigned') : t('sup.reassigned'),
    onDone,
  });
  const known: NamedRef[] =
    list.data ??
    [...issue.assignments.map((a) => a.department), ...(issue.leadDepartment ? [issue.leadDepartment] : [])].filter(
      (d, index, all) => all.findIndex((other) => other.id === d.id) === index,
    );
  const textLabel = action === 'assign' ? t('sup.assignNote') : t('sup.reassignReason');

  return (
    <ActionModal
      title={action === 'assign' ? t('sup.assign') : t('sup.reassign')}
      form={form}
      busy={command.busy}
      onClose={onClose}
    >
      {list.data === null ? (
        <Alert type="info" showIcon message={t('sup.departmentsMissing')} style={{ marginBottom: 12 }} />
      ) : null}
      {command.error ? <ApiErrorAlert error={command.error} unshown={command.unshown} /> : null}
      <Form<ReferForm>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          const base = {
            leadDepartmentId: values.leadDepartmentId!,
            ...(values.coHandlerDepartmentIds?.length ? { coHandlerDepartmentIds: values.coHandlerDepartmentIds } : {}),
          };
          const text = (values[textField] ?? '').trim();
          void command.run((key) =>
            action === 'assign'
              ? issueCommands.assign(issue.id, { ...base, ...(text ? { note: text } : {}) }, key)
              : issueCommands.reassign(issue.id, { ...base, reason: text }, key),
          );
        }}
      >
        <Form.Item
          name="leadDepartmentId"
          label={t('sup.leadDepartment')}
          rules={rules.select(t('sup.leadDepartment'))}
        >
          <RefSelect known={known} />
        </Form.Item>
        <Form.Item name="coHandlerDepartmentIds" label={t('sup.coDepartments')}>
          <RefSelect known={known} multiple />
        </Form.Item>
        <Form.Item
          name={textField}
          label={textLabel}
          rules={action === 'assign' ? rules.optionalText(textLabel, 1000) : rules.text(textLabel, 1000)}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}
