// One reception day: who is on duty, the record (voters received, notes, issues raised and where each stands), the
// history; and for the liaison officer, from the day it is held, the record form or "not held" with a reason.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ApiError } from '../../api/client';
import {
  markNotHeld,
  receptionDetail,
  recordOptions,
  recordReception,
  type ReceptionDetail,
  type RecordInput,
} from '../../api/reception';
import { toApiError, useApi } from '../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { PageHeader } from '../../components/page';
import { Async } from '../../components/states';
import { IssueNumber } from '../../components/tags';
import { useI18n } from '../../i18n/i18n';
import { applyRaisedErrors, RaisedIssuesList, raisedIssuesInput, type RaisedIssueFormValue } from './raised-issues';
import { ReceptionStatusTag } from './reception-parts';

interface RecordFormValues {
  votersReceived?: number;
  notes?: string;
  presentDeputyIds?: string[];
  issuesRaised?: RaisedIssueFormValue[];
}

export function ReceptionPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const state = useApi((signal) => receptionDetail(id, signal), [id]);
  return (
    <Async state={state}>
      {(day) => (
        <>
          <PageHeader title={t('reception.detailTitle', { date: day.heldOn })}>
            <Flex gap={8} wrap align="center">
              <ReceptionStatusTag status={day.status} fallback={day.statusLabel} />
              <Link to={`/reception/days?station=${day.station.id}`}>{day.station.name}</Link>
            </Flex>
          </PageHeader>
          <Summary day={day} />
          {day.canRecord ? <RecordPanel day={day} onDone={state.setData} /> : null}
          {!day.canRecord && ['scheduled', 'reminded'].includes(day.status) ? (
            <Typography.Paragraph type="secondary">{t('reception.notYet')}</Typography.Paragraph>
          ) : null}
          <Card title={t('reception.timeline')} size="small" style={{ marginTop: 16 }}>
            <Timeline
              items={day.timeline.map((event) => ({
                children: (
                  <>
                    <Typography.Text strong>{event.label}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {new Date(event.at).toLocaleString()}
                      {event.actor && event.actor !== 'system' ? ` · ${event.actor}` : ''}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </Async>
  );
}

function Summary({ day }: { day: ReceptionDetail }) {
  const { t, label } = useI18n();
  return (
    <Card size="small">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={t('reception.heldOn')}>
          {day.heldOn}
          {day.moved && day.nominalDate ? t('reception.movedFrom', { date: day.nominalDate }) : ''}
          {day.heldFrom ? ` ${day.heldFrom}${day.heldUntil ? `–${day.heldUntil}` : ''}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('reception.onDuty')}>
          {day.deputies.length
            ? day.deputies.map((d) => (
                <Tag key={d.id} color={d.present === true ? 'green' : d.present === false ? 'default' : undefined}>
                  {d.name}
                  {d.present === true ? ` · ${t('reception.presentMark')}` : ''}
                  {d.present === false ? ` · ${t('reception.absentMark')}` : ''}
                </Tag>
              ))
            : t('reception.nobodyOnDuty')}
        </Descriptions.Item>
        {day.status === 'held' ? (
          <Descriptions.Item label={t('reception.votersReceived')}>{day.votersReceived}</Descriptions.Item>
        ) : null}
        {day.notes ? <Descriptions.Item label={t('reception.notes')}>{day.notes}</Descriptions.Item> : null}
        {day.notHeldReason ? (
          <Descriptions.Item label={t('reception.notHeldReason')}>{day.notHeldReason}</Descriptions.Item>
        ) : null}
        {day.recordedBy ? (
          <Descriptions.Item label={t('reception.recordedBy')}>{day.recordedBy}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('reception.kind')}>{label('reception.kind', day.kind)}</Descriptions.Item>
        {day.canRecord && day.recordDueAt ? (
          <Descriptions.Item label={t('reception.status')}>
            {t('reception.recordDue', { date: new Date(day.recordDueAt).toLocaleDateString() })}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {day.issues.length ? (
        <List
          header={<Typography.Text strong>{t('reception.issuesCount', { count: day.issues.length })}</Typography.Text>}
          dataSource={day.issues}
          rowKey="id"
          renderItem={(issue) => (
            <List.Item>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Link to={`/issues/${issue.id}`}>{issue.description}</Link>
                <Typography.Text type="secondary">
                  <IssueNumber number={issue.number} /> · {issue.categoryName} · {issue.deputyName} ·{' '}
                  {issue.statusLabel}
                  {issue.leadDepartmentName ? ` · ${issue.leadDepartmentName}` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

function RecordPanel({ day, onDone }: { day: ReceptionDetail; onDone: (day: ReceptionDetail) => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginTop: 16 }}>
      <Tabs
        items={[
          { key: 'record', label: t('reception.record'), children: <RecordForm day={day} onDone={onDone} /> },
          { key: 'notHeld', label: t('reception.notHeld'), children: <NotHeldForm day={day} onDone={onDone} /> },
        ]}
      />
    </Card>
  );
}

function RecordForm({ day, onDone }: { day: ReceptionDetail; onDone: (day: ReceptionDetail) => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RecordFormValues>();
  const options = useApi((signal) => recordOptions(day.id, signal), [day.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>();
  const named = (list: { id: string; name: string }[] | undefined) =>
    (list ?? []).map((item) => ({ value: item.id, label: item.name }));

  const submit = async (values: RecordFormValues) => {
    const input: RecordInput = {
      votersReceived: values.votersReceived ?? 0,
      ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
      presentDeputyIds: values.presentDeputyIds ?? [],
      issuesRaised: raisedIssuesInput(values.issuesRaised),
    };
    setBusy(true);
    setError(undefined);
    try {
      onDone(await recordReception(day.id, input));
      message.success(t('reception.recorded'));
    } catch (reason) {
      const apiError = toApiError(reason);
      setError(apiError);
      setUnshown(
        applyRaisedErrors(form, apiError, input.issuesRaised?.length ?? 0, [
          'votersReceived',
          'notes',
          'presentDeputyIds',
        ]),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      initialValues={{ votersReceived: 0, presentDeputyIds: day.deputies.map((d) => d.id), issuesRaised: [] }}
    >
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Typography.Paragraph type="secondary">{t('reception.recordHint')}</Typography.Paragraph>
      <Form.Item name="votersReceived" label={t('reception.votersReceived')} rules={[{ required: true }]}>
        <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="presentDeputyIds" label={t('reception.present')}>
        <Checkbox.Group options={named(options.data?.deputies ?? day.deputies)} />
      </Form.Item>
      <Form.Item name="notes" label={t('reception.notes')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <RaisedIssuesList form={form} options={options.data} loading={options.loading} />
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('reception.submitRecord')}
      </Button>
    </Form>
  );
}

function NotHeldForm({ day, onDone }: { day: ReceptionDetail; onDone: (day: ReceptionDetail) => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>();
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await markNotHeld(day.id, reason));
      message.success(t('reception.markedNotHeld'));
    } catch (reason_) {
      const apiError = toApiError(reason_);
      setError(apiError);
      setUnshown(applyFieldErrors(form, apiError, ['reason']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Form.Item name="reason" label={t('reception.notHeldReason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      <Button htmlType="submit" danger loading={busy} block>
        {t('reception.submitNotHeld')}
      </Button>
    </Form>
  );
}
