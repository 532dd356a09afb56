// Outbound webhook endpoints (issue #15 item 6): an admin registers where issue events are pushed, sees each
// endpoint's state (paused after failures, waiting events), pauses, resumes, edits or deletes it, and opens its
// delivery log (/admin/webhooks/<id>, the link of the pause mail) with every attempt and a redelivery button.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { TRANSITION_TYPES } from '../../../../../libs/contracts/src/issue-vocabulary';
import type { ApiError } from '../../api/client';
import { useApi, toApiError } from '../../api/use-api';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  pauseWebhook,
  redeliverWebhook,
  resumeWebhook,
  updateWebhook,
  webhookDeliveries,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookInput,
} from '../../api/webhooks';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { dateTime } from '../../components/format';
import { PageHeader, usePageTitle } from '../../components/page';
import { makeRules } from '../../components/rules';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const PREFIX = 'cn.lianluo.issue.';
const EVENT_NAMES = ['received', ...TRANSITION_TYPES] as const;
const FIELDS = ['name', 'url', 'eventTypes'] as const;

export function WebhooksPage() {
  const { t } = useI18n();
  usePageTitle(t('webhooks.title'));
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { id: openId } = useParams();
  const state = useApi((signal) => listWebhooks(signal), []);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<string>();
  const eventLabel = (type: string) => t(`event.${type.slice(PREFIX.length)}` as MessageKey);

  async function act(work: () => Promise<unknown>) {
    try {
      await work();
      state.reload();
    } catch (caught) {
      message.error(toApiError(caught).message);
    }
  }

  const columns = [
    { title: t('webhooks.name'), dataIndex: 'name', key: 'name' },
    { title: t('webhooks.url'), dataIndex: 'url', key: 'url', ellipsis: true },
    {
      title: t('webhooks.eventTypes'),
      key: 'events',
      render: (_: unknown, w: Webhook) =>
        w.eventTypes.length
          ? w.eventTypes.map((type) => <Tag key={type}>{eventLabel(type)}</Tag>)
          : t('webhooks.allEvents'),
    },
    {
      title: t('webhooks.status'),
      key: 'status',
      render: (_: unknown, w: Webhook) =>
        w.status === 'active' ? (
          <Tag color="green">{t('webhooks.active')}</Tag>
        ) : (
          <Tag color="red">
            {w.pausedReason === 'failures' ? t('webhooks.pausedByFailures') : t('webhooks.pausedByAdmin')}
          </Tag>
        ),
    },
    { title: t('webhooks.failures'), dataIndex: 'consecutiveFailures', key: 'failures' },
    { title: t('webhooks.pending'), dataIndex: 'pending', key: 'pending' },
    { title: t('webhooks.owner'), dataIndex: 'ownerName', key: 'owner' },
    {
      title: t('webhooks.actions'),
      key: 'actions',
      render: (_: unknown, w: Webhook) => (
        <Space wrap>
          <Button size="small" onClick={() => void navigate(`/admin/webhooks/${w.id}`)}>
            {t('webhooks.deliveries')}
          </Button>
          <Button size="small" onClick={() => setEditing(w)}>
            {t('webhooks.edit')}
          </Button>
          {w.status === 'active' ? (
            <Button size="small" onClick={() => void act(() => pauseWebhook(w.id))}>
              {t('webhooks.pause')}
            </Button>
          ) : (
            <Button size="small" type="primary" onClick={() => void act(() => resumeWebhook(w.id))}>
              {t('webhooks.resume')}
            </Button>
          )}
          <Popconfirm title={t('webhooks.confirmDelete')} onConfirm={() => void act(() => deleteWebhook(w.id))}>
            <Button size="small" danger>
              {t('webhooks.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const open = state.data?.items.find((w) => w.id === openId);
  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('webhooks.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('webhooks.intro')}
        </Typography.Paragraph>
      </PageHeader>
      <Card>
        <Async
          state={state}
          isEmpty={(page) => page.items.length === 0}
          empty={<EmptyState description={t('webhooks.none')} />}
        >
          {(page) => (
            <Table<Webhook>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={page.items}
              columns={columns}
            />
          )}
        </Async>
      </Card>
      {editing ? (
        <EditModal
          webhook={editing === 'new' ? null : editing}
          eventLabel={eventLabel}
          onClose={() => setEditing(null)}
          onDone={(created) => {
            setEditing(null);
            if (created) setSecret(created);
            else message.success(t('webhooks.saved'));
            state.reload();
          }}
        />
      ) : null}
      <Modal open={!!secret} title={t('webhooks.secretTitle')} footer={null} onCancel={() => setSecret(undefined)}>
        <Alert type="warning" showIcon message={t('webhooks.secretHint')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code>
          {secret}
        </Typography.Paragraph>
      </Modal>
      {open ? (
        <DeliveriesDrawer webhook={open} eventLabel={eventLabel} onClose={() => void navigate('/admin/webhooks')} />
      ) : null}
    </>
  );
}

function EditModal({
  webhook,
  eventLabel,
  onClose,
  onDone,
}: {
  webhook: Webhook | null;
  eventLabel: (type: string) => string;
  onClose: () => void;
  /** With the secret when an endpoint was registered. */
  onDone: (secret?: string) => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<WebhookInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: ApiError; unshown: Record<string, string[]> }>();

  async function save(values: WebhookInput) {
    setBusy(true);
    setError(undefined);
    try {
      const input = { name: values.name, url: values.url.trim(), eventTypes: values.eventTypes ?? [] };
      if (webhook) {
        await updateWebhook(webhook.id, input);
        onDone();
      } else {
        onDone((await createWebhook(input)).secret);
      }
    } catch (caught) {
      const apiError = toApiError(caught);
      setError({ error: apiError, unshown: applyFieldErrors(form, apiError, FIELDS) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={webhook ? t('webhooks.edit') : t('webhooks.add')}
      okText={t('webhooks.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error ? <ApiErrorAlert error={error.error} unshown={error.unshown} /> : null}
      <Form
        form={form}
        name="webhook"
        layout="vertical"
        initialValues={webhook ?? { eventTypes: [] }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="name" label={t('webhooks.name')} rules={rules.text(t('webhooks.name'), 100)}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="url" label={t('webhooks.url')} rules={rules.text(t('webhooks.url'), 2048)}>
          <Input maxLength={2048} placeholder="https://" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('webhooks.eventTypes')} extra={t('webhooks.allEvents')}>
          <Select
            mode="multiple"
            allowClear
            options={EVENT_NAMES.map((name) => ({ value: `${PREFIX}${name}`, label: eventLabel(`${PREFIX}${name}`) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveriesDrawer({
  webhook,
  eventLabel,
  onClose,
}: {
  webhook: Webhook;
  eventLabel: (type: string) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const state = useApi((signal) => webhookDeliveries(webhook.id, signal), [webhook.id]);

  async function redeliver(delivery: WebhookDelivery) {
    try {
      await redeliverWebhook(webhook.id, delivery.id);
      message.success(t('webhooks.redelivered'));
      state.reload();
    } catch (caught) {
      message.error(toApiError(caught).message);
    }
  }

  const attemptColumns = [
    { title: t('webhooks.attemptedAt'), key: 'at', render: (_: unknown, a: WebhookAttempt) => dateTime(a.attemptedAt) },
    {
      title: t('webhooks.statusCode'),
      key: 'code',
      render: (_: unknown, a: WebhookAttempt) => a.statusCode ?? t('webhooks.noAnswer'),
    },
    { title: t('webhooks.error'), dataIndex: 'error', key: 'error', ellipsis: true },
    { title: t('webhooks.duration'), dataIndex: 'durationMs', key: 'duration' },
  ];
  const columns = [
    { title: t('webhooks.event'), key: 'event', render: (_: unknown, d: WebhookDelivery) => eventLabel(d.eventType) },
    { title: t('webhooks.issueNumber'), dataIndex: 'subject', key: 'subject' },
    { title: t('webhooks.occurredAt'), key: 'at', render: (_: unknown, d: WebhookDelivery) => dateTime(d.occurredAt) },
    {
      title: t('webhooks.deliveryStatus'),
      key: 'status',
      render: (_: unknown, d: WebhookDelivery) =>
        d.status === 'delivered' ? (
          <Tag color="green">{t('webhooks.delivered')}</Tag>
        ) : (
          <Tag color="orange">{t('webhooks.waiting')}</Tag>
        ),
    },
    { title: t('webhooks.attempts'), key: 'attempts', render: (_: unknown, d: WebhookDelivery) => d.attempts.length },
    {
      title: t('webhooks.actions'),
      key: 'actions',
      render: (_: unknown, d: WebhookDelivery) => (
        <Button size="small" onClick={() => void redeliver(d)}>
          {t('webhooks.redeliver')}
        </Button>
      ),
    },
  ];

  return (
    <Drawer open width={900} title={`${t('webhooks.deliveries')}：${webhook.name}`} onClose={onClose}>
      <Async
        state={state}
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState description={t('webhooks.noDeliveries')} />}
      >
        {(page) => (
          <Table<WebhookDelivery>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={page.items}
            columns={columns}
            expandable={{
              expandedRowRender: (d) => (
                <Table<WebhookAttempt>
                  rowKey="attemptedAt"
                  size="small"
                  pagination={false}
                  dataSource={d.attempts}
                  columns={attemptColumns}
                />
              ),
            }}
          />
        )}
      </Async>
    </Drawer>
  );
}
