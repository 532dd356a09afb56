// The liaison office's standing-committee meetings (列席): the list by term, and planning a new one with its agenda.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { createMeeting, listMeetings, listTerms, type Meeting, type NewMeeting } from '../../api/attendance';
import { toApiError, useApi } from '../../api/use-api';
import { applyFieldErrors, ApiErrorAlert } from '../../components/api-form';
import { CALENDAR_DATE_FORMAT, calendarDateItem } from '../../components/date-field';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import type { ApiError } from '../../api/client';

/** Planned ones stand out; a held meeting still waits for its record to be closed. */
const MEETING_STATE_COLORS: Record<Meeting['status'], string> = {
  planned: 'red',
  held: 'blue',
  closed: 'green',
  cancelled: 'default',
};

const FORM_FIELDS = ['termId', 'title', 'meetingDate', 'location', 'materials', 'wholeMeetingQuota', 'agenda'];

export function MeetingsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [termId, setTermId] = useState<string>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const terms = useApi((signal) => listTerms(signal), []);
  const state = useApi((signal) => listMeetings({ termId, page, limit: 20 }, signal), [termId, page]);

  return (
    <>
      <PageHeader
        title={t('att.meetingsTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t('att.newMeeting')}
          </Button>
        }
      >
        <Select
          aria-label={t('att.term')}
          allowClear
          placeholder={t('att.term')}
          style={{ maxWidth: 320 }}
          value={termId}
          onChange={(value) => {
            setPage(1);
            setTermId(value);
          }}
          options={(terms.data ?? []).map((term) => ({ value: term.id, label: term.name }))}
        />
      </PageHeader>
      <Async
        state={state}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState description={t('att.noMeetings')} />}
      >
        {(data) => (
          <Table<Meeting>
            rowKey="id"
            loading={state.loading}
            dataSource={data.items}
            pagination={{ current: data.page, pageSize: data.limit, total: data.total, onChange: setPage }}
            scroll={{ x: true }}
            columns={[
              { title: t('att.date'), dataIndex: 'meetingDate', width: 120 },
              {
                title: t('att.title'),
                // On a phone the fixed columns would squeeze the title to a letter a line: keep it readable.
                minWidth: 180,
                render: (_, m) => <Link to={`/attendance/meetings/${m.id}`}>{m.title}</Link>,
              },
              { title: t('att.agenda'), render: (_, m) => m.agenda.length, width: 80, responsive: ['md'] },
              { title: t('att.invited'), dataIndex: 'invited', width: 90, responsive: ['md'] },
              {
                title: t('att.status'),
                width: 100,
                render: (_, m) => <Tag color={MEETING_STATE_COLORS[m.status]}>{m.statusLabel}</Tag>,
              },
            ]}
          />
        )}
      </Async>
      <NewMeetingModal
        open={creating}
        terms={(terms.data ?? []).map((term) => ({ value: term.id, label: term.name }))}
        onClose={() => setCreating(false)}
        onCreated={(meeting) => void navigate(`/attendance/meetings/${meeting.id}`)}
      />
    </>
  );
}

function NewMeetingModal({
  open,
  terms,
  onClose,
  onCreated,
}: {
  open: boolean;
  terms: { value: string; label: string }[];
  onClose: () => void;
  onCreated: (meeting: Meeting) => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewMeeting>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});

  const submit = async (values: NewMeeting) => {
    setBusy(true);
    setError(undefined);
    try {
      const meeting = await createMeeting({
        ...values,
        location: values.location || undefined,
        materials: values.materials || undefined,
      });
      message.success(t('att.saved'));
      onCreated(meeting);
    } catch (reason) {
      const apiError = toApiError(reason);
      const known = [...FORM_FIELDS, ...Object.keys(apiError.fields).filter((f) => f.startsWith('agenda.'))];
      setUnshown(applyFieldErrors(form, apiError, known));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('att.newMeeting')}
      onCancel={onClose}
      okText={t('att.create')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      width={720}
      destroyOnHidden
    >
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ wholeMeetingQuota: 10, agenda: [{ title: '', committee: '', deputyQuota: 5 }] }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="termId" label={t('att.term')} rules={[{ required: true }]}>
          <Select options={terms} />
        </Form.Item>
        <Form.Item name="title" label={t('att.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="meetingDate" label={t('att.date')} rules={[{ required: true }]} {...calendarDateItem}>
            <DatePicker format={CALENDAR_DATE_FORMAT} />
          </Form.Item>
          <Form.Item name="wholeMeetingQuota" label={t('att.wholeQuota')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
        <Form.Item name="location" label={t('att.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="materials" label={t('att.materials')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.List name="agenda">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'title']}
                    label={`${t('att.itemTitle')} ${index + 1}`}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input style={{ width: 300 }} maxLength={300} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'committee']}
                    label={t('att.committee')}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input style={{ width: 180 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'deputyQuota']} label={t('att.itemQuota')}>
                    <InputNumber min={0} max={50} />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      aria-label={`${t('att.itemTitle')} ${index + 1} −`}
                      icon={<MinusCircleOutlined aria-hidden />}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 30 }}
                    />
                  ) : null}
                </Space>
              ))}
              <Button
                icon={<PlusOutlined aria-hidden />}
                onClick={() => add({ title: '', committee: '', deputyQuota: 5 })}
              >
                {t('att.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
