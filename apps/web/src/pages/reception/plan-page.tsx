// A station's reception-day plan: the rule (a day of every month, or the n-th weekday), how many deputies are on duty,
// the rotation order, swaps for single days, and the next days with who is on duty. Saving sets the station's
// schedule; stopping the plan deletes it.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  InputNumber,
  List,
  Popconfirm,
  Radio,
  Select,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ApiError } from '../../api/client';
import {
  WEEKDAYS,
  clearReceptionPlan,
  formatRule,
  parseRule,
  receptionPlan,
  receptionStations,
  saveReceptionPlan,
  type ReceptionPlan,
  type Weekday,
} from '../../api/reception';
import { toApiError, useApi } from '../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { PageHeader } from '../../components/page';
import { Async } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

interface PlanFormValues {
  kind: 'day' | 'weekday';
  day?: number;
  nth?: number;
  weekday?: Weekday;
  deputiesPerDay: number;
  rotaDeputyIds: string[];
  rotaStartsOn?: Dayjs;
  dutyOverrides?: { date?: Dayjs; deputyIds?: string[] }[];
}

export function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const state = useApi((signal) => receptionPlan(id, signal), [id]);
  const stations = useApi((signal) => receptionStations(signal), []);
  const canManage = stations.data?.find((s) => s.id === id)?.canManage ?? false;
  return (
    <Async state={state}>
      {(plan) => (
        <>
          <PageHeader title={t('reception.planOf', { station: plan.station.name })}>
            <Typography.Text type="secondary">
              {plan.ruleLabel ?? t('reception.noPlan')}
              {plan.liaisonOfficer ? ` · ${t('reception.liaisonOfficer')}：${plan.liaisonOfficer.name}` : ''}
            </Typography.Text>
          </PageHeader>
          <Flex vertical gap={16}>
            {stations.data && !canManage ? <Alert type="info" showIcon message={t('reception.readOnlyPlan')} /> : null}
            <PlanForm
              key={`${plan.rule ?? ''}|${plan.rota.map((d) => d.id).join()}`}
              plan={plan}
              disabled={!canManage}
              onSaved={state.setData}
            />
            <Card size="small" title={t('reception.upcoming')}>
              <List
                dataSource={plan.upcoming}
                rowKey="nominalDate"
                locale={{ emptyText: t('reception.noPlan') }}
                renderItem={(day) => (
                  <List.Item>
                    <Flex vertical>
                      <Typography.Text strong>
                        {day.heldOn}
                        {day.heldOn !== day.nominalDate ? t('reception.movedFrom', { date: day.nominalDate }) : ''}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {t('reception.onDuty')}：
                        {day.deputies.length ? day.deputies.map((d) => d.name).join('、') : t('reception.nobodyOnDuty')}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </>
      )}
    </Async>
  );
}

function PlanForm({
  plan,
  disabled,
  onSaved,
}: {
  plan: ReceptionPlan;
  disabled: boolean;
  onSaved: (plan: ReceptionPlan) => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PlanFormValues>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>();
  const rule = parseRule(plan.rule);
  const deputyOptions = plan.stationDeputies.map((d) => ({ value: d.id, label: d.name }));

  const fail = (reason: unknown, paths: string[]) => {
    const apiError = toApiError(reason);
    setError(apiError);
    setUnshown(applyFieldErrors(form, apiError, paths, { rule: kind === 'weekday' ? 'weekday' : 'day' }));
  };

  const save = async (values: PlanFormValues) => {
    setBusy(true);
    setError(undefined);
    const overrides = (values.dutyOverrides ?? []).map((o) => ({
      date: o.date ? o.date.format('YYYY-MM-DD') : '',
      deputyIds: o.deputyIds ?? [],
    }));
    try {
      const saved = await saveReceptionPlan(plan.station.id, {
        rule: formatRule(
          values.kind === 'day'
            ? { kind: 'day', day: values.day ?? 1 }
            : { kind: 'weekday', nth: values.nth ?? 1, weekday: values.weekday ?? 'mon' },
        ),
        deputiesPerDay: values.deputiesPerDay,
        rotaDeputyIds: values.rotaDeputyIds ?? [],
        ...(values.rotaStartsOn ? { rotaStartsOn: values.rotaStartsOn.startOf('month').format('YYYY-MM-DD') } : {}),
        dutyOverrides: overrides,
      });
      onSaved(saved);
      message.success(t('reception.saved'));
    } catch (reason) {
      const overridePaths = overrides.flatMap((_, i) => [`dutyOverrides.${i}.date`, `dutyOverrides.${i}.deputyIds`]);
      fail(reason, ['day', 'weekday', 'deputiesPerDay', 'rotaDeputyIds', 'rotaStartsOn', ...overridePaths]);
    } finally {
      setBusy(false);
    }
  };

  const clear = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await clearReceptionPlan(plan.station.id));
      message.success(t('reception.cleared'));
    } catch (reason) {
      fail(reason, []);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('reception.plan')}>
      <Form
        form={form}
        layout="vertical"
        disabled={disabled || busy}
        onFinish={(values) => void save(values)}
        initialValues={{
          kind: rule?.kind ?? 'day',
          day: rule?.kind === 'day' ? rule.day : 8,
          nth: rule?.kind === 'weekday' ? rule.nth : 1,
          weekday: rule?.kind === 'weekday' ? rule.weekday : 'mon',
          deputiesPerDay: plan.deputiesPerDay,
          rotaDeputyIds: plan.rota.map((d) => d.id),
          rotaStartsOn: dayjs(plan.rotaStartsOn),
          dutyOverrides: plan.dutyOverrides.map((o) => ({
            date: dayjs(o.date),
            deputyIds: o.deputies.map((d) => d.id),
          })),
        }}
      >
        {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
        <Typography.Paragraph type="secondary">{t('reception.holidayNote')}</Typography.Paragraph>
        <Form.Item name="kind" label={t('reception.ruleKind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'day', label: t('reception.ruleDay') },
              { value: 'weekday', label: t('reception.ruleWeekday') },
            ]}
          />
        </Form.Item>
        {kind === 'weekday' ? (
          <Flex gap={8} wrap>
            <Form.Item name="nth" label={t('reception.nth')} style={{ flex: '1 1 120px' }}>
              <Select options={[1, 2, 3, 4].map((nth) => ({ value: nth, label: t('reception.nthOption', { nth }) }))} />
            </Form.Item>
            <Form.Item name="weekday" label={t('reception.weekday')} style={{ flex: '1 1 120px' }}>
              <Select options={WEEKDAYS.map((w) => ({ value: w, label: t(`reception.weekday.${w}`) }))} />
            </Form.Item>
          </Flex>
        ) : (
          <Form.Item name="day" label={t('reception.day')}>
            <Select
              options={Array.from({ length: 28 }, (_, i) => ({
                value: i + 1,
                label: t('reception.dayOption', { day: i + 1 }),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="deputiesPerDay" label={t('reception.deputiesPerDay')} rules={[{ required: true }]}>
          <InputNumber min={1} max={20} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="rotaDeputyIds"
          label={t('reception.rota')}
          extra={t('reception.rotaHelp')}
          rules={[{ required: true }]}
        >
          <Select mode="multiple" options={deputyOptions} />
        </Form.Item>
        <Form.Item name="rotaStartsOn" label={t('reception.rotaStartsOn')}>
          <DatePicker picker="month" style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text strong>{t('reception.overrides')}</Typography.Text>
        <Form.List name="dutyOverrides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="start">
                  <Form.Item
                    name={[field.name, 'date']}
                    label={t('reception.overrideDate')}
                    style={{ flex: '1 1 160px' }}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'deputyIds']}
                    label={t('reception.overrideDeputies')}
                    style={{ flex: '2 1 200px' }}
                  >
                    <Select mode="multiple" options={deputyOptions} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    style={{ marginTop: 30 }}
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('reception.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})} style={{ margin: '8px 0 16px' }}>
                {t('reception.addOverride')}
              </Button>
            </>
          )}
        </Form.List>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('reception.savePlan')}
          </Button>
          {plan.rule ? (
            <Popconfirm title={t('reception.clearConfirm')} onConfirm={() => void clear()} disabled={disabled}>
              <Button danger>{t('reception.clearPlan')}</Button>
            </Popconfirm>
          ) : null}
        </Flex>
      </Form>
    </Card>
  );
}
