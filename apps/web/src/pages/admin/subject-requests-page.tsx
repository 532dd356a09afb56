// Requests from the people concerned (个人信息主体的请求): an admin finds what is held about a voter by phone or ID
// number, exports it, corrects it, or erases it once the issue is closed. The contacts the voter left through a
// station's QR code or an Open311 client are found by phone or email and erased the same way (once declined, or once
// the issue they went into is closed). The API records every step.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Flex, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import {
  correctVoter,
  eraseSubmission,
  eraseVoter,
  exportSubject,
  searchSubject,
  type SubjectIssue,
  type SubjectLookup,
  type SubjectSubmission,
  type VoterCorrection,
} from '../../api/subject-requests';
import { toApiError } from '../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { makeRules } from '../../components/rules';
import { EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

const LOOKUP_FIELDS = ['phone', 'idNumber', 'email', 'purpose'] as const;
const CORRECTION_FIELDS = ['name', 'phone', 'idNumber', 'address', 'reason'] as const;

/** The form's strings as the API wants them: blank fields left out. */
function lookupOf(values: Record<string, string | undefined>): SubjectLookup {
  const phone = values.phone?.trim();
  const idNumber = values.idNumber?.trim();
  const email = values.email?.trim();
  return {
    ...(phone ? { phone } : {}),
    ...(idNumber ? { idNumber } : {}),
    ...(email ? { email } : {}),
    purpose: values.purpose ?? '',
  };
}

export function SubjectRequestsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const rules = makeRules(t);
  const [form] = Form.useForm();
  const [lookup, setLookup] = useState<SubjectLookup>();
  const [issues, setIssues] = useState<SubjectIssue[]>();
  const [submissions, setSubmissions] = useState<SubjectSubmission[]>([]);
  const [error, setError] = useState<{ error: ApiError; unshown: Record<string, string[]> }>();
  const [busy, setBusy] = useState(false);
  const [correcting, setCorrecting] = useState<SubjectIssue | null>(null);
  const [erasing, setErasing] = useState<SubjectIssue | null>(null);
  const [erasingSubmission, setErasingSubmission] = useState<SubjectSubmission | null>(null);

  async function find(values: Record<string, string | undefined>) {
    const request = lookupOf(values);
    if (!request.phone && !request.idNumber && !request.email) {
      form.setFields([{ name: 'phone', errors: [t('subject.needNumber')] }]);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const found = await searchSubject(request);
      setIssues(found.issues);
      setSubmissions(found.submissions);
      setLookup(request);
    } catch (caught) {
      const apiError = toApiError(caught);
      setError({ error: apiError, unshown: applyFieldErrors(form, apiError, LOOKUP_FIELDS) });
    } finally {
      setBusy(false);
    }
  }

  async function download(format: 'xlsx' | 'json') {
    if (!lookup) return;
    try {
      await exportSubject(lookup, format);
    } catch (caught) {
      message.error(toApiError(caught).message);
    }
  }

  function replace(updated: SubjectIssue) {
    setIssues((current) => current?.map((issue) => (issue.id === updated.id ? updated : issue)));
  }

  function replaceSubmission(updated: SubjectSubmission) {
    setSubmissions((current) => current.map((submission) => (submission.id === updated.id ? updated : submission)));
  }

  const submissionColumns = [
    {
      title: t('subject.submittedAt'),
      key: 'at',
      render: (_: unknown, s: SubjectSubmission) => dateTime(s.submittedAt),
    },
    {
      title: t('subject.status'),
      key: 'status',
      render: (_: unknown, s: SubjectSubmission) => <Tag>{s.statusLabel}</Tag>,
    },
    { title: t('subject.station'), dataIndex: 'stationName', key: 'station' },
    { title: t('subject.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    {
      title: t('subject.contacts'),
      key: 'contacts',
      width: 200,
      render: (_: unknown, s: SubjectSubmission) =>
        s.contactPhone || s.contactEmail ? (
          <Space direction="vertical" size={0}>
            {s.contactPhone ? <span>{s.contactPhone}</span> : null}
            {s.contactEmail ? <span>{s.contactEmail}</span> : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('subject.becameIssue'),
      key: 'issue',
      width: 110,
      render: (_: unknown, s: SubjectSubmission) =>
        s.issueId ? <Link to={`/issues/${s.issueId}`}>{t('subject.viewIssue')}</Link> : t('subject.noIssue'),
    },
    {
      title: t('subject.open311'),
      key: 'open311',
      width: 160,
      render: (_: unknown, s: SubjectSubmission) => {
        if (!s.open311) return '—';
        const { clientName, reporterLastName, reporterFirstName, deviceId, accountId } = s.open311;
        // Chinese order: family name first.
        const reporter = [reporterLastName, reporterFirstName].filter(Boolean).join('');
        return (
          <Space direction="vertical" size={0}>
            <span>{clientName}</span>
            {reporter ? <span>{reporter}</span> : null}
            {deviceId ? <span>{`${t('subject.open311Device')}：${deviceId}`}</span> : null}
            {accountId ? <span>{`${t('subject.open311Account')}：${accountId}`}</span> : null}
          </Space>
        );
      },
    },
    {
      title: t('subject.actions'),
      key: 'actions',
      render: (_: unknown, s: SubjectSubmission) => {
        const held =
          s.contactPhone ||
          s.contactEmail ||
          (s.open311 &&
            (s.open311.reporterFirstName || s.open311.reporterLastName || s.open311.deviceId || s.open311.accountId));
        if (!held) return <Tag>{t('subject.contactsErased')}</Tag>;
        // Offered even while it is being handled: the API's refusal (409) says why, in Chinese.
        return (
          <Space direction="vertical" size={0}>
            <Button size="small" danger onClick={() => setErasingSubmission(s)}>
              {t('subject.eraseContacts')}
            </Button>
            {s.erasable ? null : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('subject.pendingNoErase')}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
  ];

  const columns = [
    { title: t('subject.submittedAt'), key: 'at', render: (_: unknown, i: SubjectIssue) => dateTime(i.submittedAt) },
    { title: t('subject.status'), key: 'status', render: (_: unknown, i: SubjectIssue) => <Tag>{i.statusLabel}</Tag> },
    { title: t('subject.deputy'), dataIndex: 'deputyName', key: 'deputy' },
    { title: t('subject.station'), dataIndex: 'stationName', key: 'station' },
    { title: t('subject.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('subject.name'), key: 'name', render: (_: unknown, i: SubjectIssue) => i.voter.name ?? '—' },
    { title: t('subject.phone'), key: 'phone', render: (_: unknown, i: SubjectIssue) => i.voter.phone ?? '—' },
    { title: t('subject.idNumber'), key: 'id', render: (_: unknown, i: SubjectIssue) => i.voter.idNumber ?? '—' },
    { title: t('subject.address'), key: 'address', render: (_: unknown, i: SubjectIssue) => i.voter.address ?? '—' },
    {
      title: t('subject.actions'),
      key: 'actions',
      render: (_: unknown, issue: SubjectIssue) => {
        const held = Object.values(issue.voter).some((value) => value !== null);
        if (!held) return <Tag>{t('subject.erased')}</Tag>;
        return (
          <Space wrap>
            <Button size="small" onClick={() => setCorrecting(issue)}>
              {t('subject.correct')}
            </Button>
            {issue.erasable ? (
              <Button size="small" danger onClick={() => setErasing(issue)}>
                {t('subject.erase')}
              </Button>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('subject.openNoErase')}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title={t('subject.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('subject.intro')}
        </Typography.Paragraph>
      </PageHeader>
      <Card>
        {error ? <ApiErrorAlert error={error.error} unshown={error.unshown} /> : null}
        {/* Named forms: their fields get ids of their own (lookup_phone, correct_phone), so each label finds its input. */}
        <Form
          form={form}
          name="lookup"
          layout="vertical"
          onFinish={(values: Record<string, string>) => void find(values)}
        >
          <Flex gap={16} wrap>
            <Form.Item name="phone" label={t('subject.phone')} rules={rules.phone()} style={{ minWidth: 200 }}>
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
            <Form.Item name="idNumber" label={t('subject.idNumber')} rules={rules.idNumber()} style={{ minWidth: 240 }}>
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('subject.email')}
              rules={[{ type: 'email', message: t('form.email') }]}
              style={{ minWidth: 240 }}
            >
              <Input maxLength={254} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="purpose"
              label={t('subject.purpose')}
              rules={rules.text(t('subject.purpose'), 200)}
              style={{ flex: 1, minWidth: 280 }}
            >
              <Input maxLength={200} placeholder={t('subject.purposeHint')} />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={busy}>
            {t('subject.search')}
          </Button>
        </Form>
      </Card>
      {issues ? (
        <Card
          style={{ marginTop: 16 }}
          title={t('subject.found', { count: issues.length })}
          extra={
            issues.length || submissions.length ? (
              <Space>
                <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download('xlsx')}>
                  {t('subject.exportXlsx')}
                </Button>
                <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download('json')}>
                  {t('subject.exportJson')}
                </Button>
              </Space>
            ) : null
          }
        >
          {issues.length ? (
            <Table<SubjectIssue>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={issues}
              columns={columns}
            />
          ) : (
            <EmptyState description={t('subject.none')} />
          )}
        </Card>
      ) : null}
      {issues && submissions.length ? (
        <Card style={{ marginTop: 16 }} title={t('subject.submissions', { count: submissions.length })}>
          <Typography.Paragraph type="secondary">{t('subject.submissionsHint')}</Typography.Paragraph>
          <Table<SubjectSubmission>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={submissions}
            columns={submissionColumns}
          />
        </Card>
      ) : null}
      {correcting ? (
        <CorrectModal
          issue={correcting}
          onClose={() => setCorrecting(null)}
          onDone={(updated) => {
            replace(updated);
            setCorrecting(null);
            message.success(t('subject.corrected'));
          }}
        />
      ) : null}
      {erasing ? (
        <EraseModal
          title={t('subject.eraseTitle')}
          warning={t('subject.eraseWarning')}
          erase={(reason) => eraseVoter(erasing.id, reason)}
          onClose={() => setErasing(null)}
          onDone={(updated) => {
            replace(updated);
            setErasing(null);
            message.success(t('subject.eraseDone'));
          }}
        />
      ) : null}
      {erasingSubmission ? (
        <EraseModal
          title={t('subject.eraseContactsTitle')}
          warning={t('subject.eraseContactsWarning')}
          erase={(reason) => eraseSubmission(erasingSubmission.id, reason)}
          onClose={() => setErasingSubmission(null)}
          onDone={(updated) => {
            replaceSubmission(updated);
            setErasingSubmission(null);
            message.success(t('subject.eraseContactsDone'));
          }}
        />
      ) : null}
    </>
  );
}

function CorrectModal({
  issue,
  onClose,
  onDone,
}: {
  issue: SubjectIssue;
  onClose: () => void;
  onDone: (issue: SubjectIssue) => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: ApiError; unshown: Record<string, string[]> }>();

  async function save(values: Record<string, string | undefined>) {
    const correction: VoterCorrection = { reason: values.reason ?? '' };
    for (const field of ['name', 'phone', 'idNumber', 'address'] as const) {
      const value = values[field]?.trim();
      if (value && value !== (issue.voter[field] ?? '')) correction[field] = value;
    }
    setBusy(true);
    try {
      onDone(await correctVoter(issue.id, correction));
    } catch (caught) {
      const apiError = toApiError(caught);
      setError({ error: apiError, unshown: applyFieldErrors(form, apiError, CORRECTION_FIELDS) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('subject.correctTitle')}
      okText={t('subject.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <ApiErrorAlert error={error.error} unshown={error.unshown} /> : null}
      <Form
        form={form}
        name="correct"
        layout="vertical"
        initialValues={{ ...issue.voter }}
        onFinish={(values: Record<string, string>) => void save(values)}
      >
        <Form.Item name="name" label={t('subject.name')} rules={rules.optionalText(t('subject.name'), 50)}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('subject.phone')} rules={rules.phone()}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('subject.idNumber')} rules={rules.idNumber()}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="address" label={t('subject.address')} rules={rules.optionalText(t('subject.address'), 200)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="reason" label={t('subject.reason')} rules={rules.text(t('subject.reason'), 200)}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Asks for the reason, then erases (an issue's voter data or a submission's contacts); a refusal shows in place. */
function EraseModal<T>({
  title,
  warning,
  erase: send,
  onClose,
  onDone,
}: {
  title: string;
  warning: string;
  erase: (reason: string) => Promise<T>;
  onClose: () => void;
  onDone: (updated: T) => void;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function erase(values: { reason: string }) {
    setBusy(true);
    try {
      onDone(await send(values.reason));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={title}
      okText={t('subject.confirmErase')}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={warning} style={{ marginBottom: 16 }} />
      {/* A refusal (409) is not a form mistake: its reason is the message itself, not a list of fields to fix. */}
      {error ? <ApiErrorAlert error={error.status === 409 ? withoutFields(error) : error} /> : null}
      <Form form={form} name="erase" layout="vertical" onFinish={(values: { reason: string }) => void erase(values)}>
        <Form.Item name="reason" label={t('subject.reason')} rules={rules.text(t('subject.reason'), 200)}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The same error with its message alone (the alert then shows the message instead of "correct the fields"). */
function withoutFields(error: ApiError): ApiError {
  return new ApiError(error.kind, {
    statusCode: error.status,
    error: error.error,
    message: error.message,
    requestId: error.requestId,
  });
}
