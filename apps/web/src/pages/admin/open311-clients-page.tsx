// Open311 clients (issue #15 item 5): an admin registers another system (a 12345 platform, a map-based reporting tool),
// sees its key once, lists the clients with the start of each key, and revokes a key.
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api/client';
import { useApi, toApiError } from '../../api/use-api';
import { createOpen311Client, listOpen311Clients, revokeOpen311Client, type Open311Client } from '../../api/open311';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { dateTime } from '../../components/format';
import { PageHeader, usePageTitle } from '../../components/page';
import { makeRules } from '../../components/rules';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

export function Open311ClientsPage() {
  const { t } = useI18n();
  usePageTitle(t('open311.title'));
  const { message } = AntApp.useApp();
  const state = useApi((signal) => listOpen311Clients(signal), []);
  const [adding, setAdding] = useState(false);
  const [apiKey, setApiKey] = useState<string>();

  async function revoke(client: Open311Client) {
    try {
      await revokeOpen311Client(client.id);
      message.success(t('open311.revokedDone'));
      state.reload();
    } catch (caught) {
      message.error(toApiError(caught).message);
    }
  }

  const columns = [
    { title: t('open311.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('open311.keyPrefix'),
      key: 'keyPrefix',
      render: (_: unknown, c: Open311Client) => <Typography.Text code>{`${c.keyPrefix}…`}</Typography.Text>,
    },
    {
      title: t('open311.createdAt'),
      key: 'createdAt',
      render: (_: unknown, c: Open311Client) => dateTime(c.createdAt),
    },
    {
      title: t('open311.status'),
      key: 'status',
      render: (_: unknown, c: Open311Client) =>
        c.revokedAt ? (
          <Tag color="red">{`${t('open311.revoked')} ${dateTime(c.revokedAt)}`}</Tag>
        ) : (
          <Tag color="green">{t('open311.active')}</Tag>
        ),
    },
    {
      title: t('open311.actions'),
      key: 'actions',
      render: (_: unknown, c: Open311Client) =>
        c.revokedAt ? null : (
          <Popconfirm title={t('open311.confirmRevoke')} onConfirm={() => void revoke(c)}>
            <Button size="small" danger>
              {t('open311.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('open311.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('open311.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('open311.intro')}
        </Typography.Paragraph>
      </PageHeader>
      <Card>
        <Async
          state={state}
          isEmpty={(clients) => clients.length === 0}
          empty={<EmptyState description={t('open311.none')} />}
        >
          {(clients) => (
            <Table<Open311Client>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={clients}
              columns={columns}
            />
          )}
        </Async>
      </Card>
      {adding ? (
        <AddModal
          onClose={() => setAdding(false)}
          onDone={(key) => {
            setAdding(false);
            setApiKey(key);
            state.reload();
          }}
        />
      ) : null}
      {/* Mounted only while shown: a closed antd Modal keeps its last content in the page, the key with it. */}
      {apiKey ? (
        <Modal open title={t('open311.keyTitle')} footer={null} onCancel={() => setApiKey(undefined)}>
          <Alert type="warning" showIcon message={t('open311.keyHint')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph copyable code>
            {apiKey}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </>
  );
}

function AddModal({ onClose, onDone }: { onClose: () => void; onDone: (apiKey: string) => void }) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: ApiError; unshown: Record<string, string[]> }>();

  async function save(values: { name: string }) {
    setBusy(true);
    setError(undefined);
    try {
      onDone((await createOpen311Client(values.name.trim())).apiKey);
    } catch (caught) {
      const apiError = toApiError(caught);
      setError({ error: apiError, unshown: applyFieldErrors(form, apiError, ['name']) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('open311.add')}
      okText={t('open311.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error ? <ApiErrorAlert error={error.error} unshown={error.unshown} /> : null}
      <Form form={form} name="open311-client" layout="vertical" onFinish={(values) => void save(values)}>
        <Form.Item name="name" label={t('open311.name')} rules={rules.text(t('open311.name'), 100)}>
          <Input maxLength={100} placeholder="岳阳县12345热线平台" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
