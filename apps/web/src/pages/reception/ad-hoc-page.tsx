// Recording an ad-hoc (临时) or appointment (预约) reception once it is held: the station, the kind, the day and hours,
// who received voters, how many, and the issues raised with the one issue form. It is held as soon as it is recorded
// (no reminders); a retry after a lost answer sends the same key and finds the same reception.
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ApiError } from '../../api/client';
import {
  receptionStations,
  recordAdHocReception,
  stationRecordOptions,
  type AdHocReceptionInput,
  type AdHocReceptionKind,
} from '../../api/reception';
import { toApiError, useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-form';
import { chinaToday, newKey } from '../../components/format';
import { PageHeader } from '../../components/page';
import { makeRules } from '../../components/rules';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { applyRaisedErrors, RaisedIssuesList, raisedIssuesInput, type RaisedIssueFormValue } from './raised-issues';

interface AdHocFormValues {
  stationId?: string;
  kind?: AdHocReceptionKind;
  heldOn?: Dayjs;
  hours?: [Dayjs | null, Dayjs | null] | null;
  votersReceived?: number;
  presentDeputyIds?: string[];
  notes?: string;
  issuesRaised?: RaisedIssueFormValue[];
}

const KINDS: AdHocReceptionKind[] = ['ad_hoc', 'appointment'];
const OTHER_FIELDS = ['stationId', 'kind', 'heldOn', 'votersReceived', 'presentDeputyIds', 'notes'] as const;

export function AdHocReceptionPage() {
  const { t, label } = useI18n();
  const rules = makeRules(t);
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<AdHocFormValues>();
  const stations = useApi((signal) => receptionStations(signal), []);
  const stationId = Form.useWatch('stationId', form);
  const options = useApi(
    (signal) => (stationId ? stationRecordOptions(stationId, signal) : Promise.resolve(undefined)),
    [stationId],
  );
  // One key per reception being written: kept across retries, a new one only after a success.
  const key = useRef(newKey());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>();
  const today = chinaToday();

  const submit = async (values: AdHocFormValues) => {
    const [from, until] = values.hours ?? [];
    const input: AdHocReceptionInput = {
      stationId: values.stationId ?? '',
      kind: values.kind ?? 'ad_hoc',
      heldOn: values.heldOn?.format('YYYY-MM-DD') ?? '',
      ...(from ? { heldFrom: from.format('HH:mm') } : {}),
      ...(until ? { heldUntil: until.format('HH:mm') } : {}),
      votersReceived: values.votersReceived ?? 0,
      ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
      presentDeputyIds: values.presentDeputyIds ?? [],
      issuesRaised: raisedIssuesInput(values.issuesRaised),
      idempotencyKey: key.current,
    };
    setBusy(true);
    setError(undefined);
    try {
      const reception = await recordAdHocReception(input);
      key.current = newKey();
      message.success(t('reception.adHocRecorded'));
      void navigate(`/reception/days/${reception.id}`);
    } catch (reason) {
      const apiError = toApiError(reason);
      setError(apiError);
      const rename = { heldFrom: 'hours', heldUntil: 'hours' };
      setUnshown(
        applyRaisedErrors(form, apiError, input.issuesRaised?.length ?? 0, [...OTHER_FIELDS, 'hours'], rename),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 720 }}>
      <PageHeader title={t('reception.adHocTitle')}>
        <Typography.Text type="secondary">{t('reception.adHocHint')}</Typography.Text>
      </PageHeader>
      <Async
        state={stations}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState description={t('reception.noStations')} />}
      >
        {(list) => (
          <Card>
            <Form<AdHocFormValues>
              form={form}
              layout="vertical"
              scrollToFirstError
              initialValues={{
                stationId: params.get('station') ?? (list.length === 1 ? list[0].id : undefined),
                kind: 'ad_hoc',
                heldOn: dayjs(today),
                votersReceived: 1,
                issuesRaised: [],
              }}
              onValuesChange={(changed: AdHocFormValues) => {
                if ('stationId' in changed) form.setFieldsValue({ presentDeputyIds: [], issuesRaised: [] });
              }}
              onFinish={(values) => void submit(values)}
            >
              {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
              <Form.Item name="stationId" label={t('reception.station')} rules={rules.select(t('reception.station'))}>
                <Select
                  size="large"
                  options={list.map((s) => ({ value: s.id, label: s.name }))}
                  showSearch={{ optionFilterProp: 'label' }}
                />
              </Form.Item>
              <Form.Item name="kind" label={t('reception.kind')} rules={rules.select(t('reception.kind'))}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={KINDS.map((kind) => ({ value: kind, label: label('reception.kind', kind) }))}
                />
              </Form.Item>
              <Form.Item name="heldOn" label={t('reception.heldOn')} rules={rules.select(t('reception.heldOn'))}>
                <DatePicker
                  style={{ width: '100%' }}
                  allowClear={false}
                  disabledDate={(date) => date.format('YYYY-MM-DD') > today}
                />
              </Form.Item>
              <Form.Item name="hours" label={t('reception.heldHours')}>
                <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="votersReceived"
                label={t('reception.votersReceived')}
                rules={[{ required: true, message: t('form.required', { field: t('reception.votersReceived') }) }]}
              >
                <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="presentDeputyIds"
                label={t('reception.present')}
                rules={rules.select(t('reception.present'))}
              >
                <Checkbox.Group options={(options.data?.deputies ?? []).map((d) => ({ value: d.id, label: d.name }))} />
              </Form.Item>
              <Form.Item name="notes" label={t('reception.notes')}>
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
              <Typography.Paragraph type="secondary">{t('reception.recordHint')}</Typography.Paragraph>
              <RaisedIssuesList form={form} options={options.data} loading={options.loading} />
              <Button type="primary" htmlType="submit" size="large" loading={busy} block>
                {t('reception.submitRecord')}
              </Button>
            </Form>
          </Card>
        )}
      </Async>
    </div>
  );
}
