// The working calendar: the days that break the weekday rule in a year, month by month — official holidays (off)
// and make-up working days (调休, on) — which every deadline counts with. Adding, changing or removing a day
// changes the deadlines computed from then on.
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Flex, Form, Input, Popconfirm, Radio, Row, Space, Tag, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ApiError } from '../../../api/client';
import { CALENDAR_KINDS, calendar, type CalendarDayView, type CalendarKind } from '../../../api/admin';
import { useApi } from '../../../api/use-api';
import { chinaToday } from '../../../components/format';
import { Async } from '../../../components/states';
import { useI18n } from '../../../i18n/i18n';
import { CalendarCoverageBanner } from '../calendar-coverage-banner';
import { ActionError, FormModal, SectionHeader, useCommand } from './common';
import { DAY_NAME_MAX, refRules } from './ref-rules';

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

export function CalendarSection() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState(() => Number(chinaToday().slice(0, 4)));
  const [editing, setEditing] = useState<CalendarDayView | 'new' | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const command = useCommand(setActionError);
  const state = useApi((signal) => calendar.year(year, signal), [year]);
  const days = state.data?.year === year ? state.data.days : [];
  const holidays = days.filter((day) => day.kind === 'holiday').length;
  const workdays = days.length - holidays;
  const weekday = (day: string) =>
    dayjs(day)
      .locale(lang === 'zh' ? 'zh-cn' : 'en')
      .format('ddd');

  return (
    <section aria-labelledby="calendar-title">
      <SectionHeader
        title={t('ref.calendar')}
        id="calendar-title"
        search={false}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addDay')}
          </Button>
        }
      >
        <Flex align="center" gap={4}>
          <Button
            icon={<LeftOutlined aria-hidden />}
            aria-label={t('ref.previousYear')}
            onClick={() => setYear((y) => y - 1)}
          />
          <Typography.Text strong aria-live="polite" style={{ minWidth: 88, textAlign: 'center' }}>
            {t('ref.yearLabel', { year })}
          </Typography.Text>
          <Button
            icon={<RightOutlined aria-hidden />}
            aria-label={t('ref.nextYear')}
            onClick={() => setYear((y) => y + 1)}
          />
        </Flex>
      </SectionHeader>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('ref.calendarHint')}
      </Typography.Paragraph>
      <CalendarCoverageBanner refresh={state.data} onCalendarPage />
      <ActionError error={actionError} onClose={() => setActionError(undefined)} />
      <Async state={state}>
        {() => (
          <>
            <Flex gap={8} wrap style={{ marginBottom: 12 }} aria-live="polite">
              <Tag color="red">{t('ref.holidayCount', { count: holidays })}</Tag>
              <Tag color="blue">{t('ref.workdayCount', { count: workdays })}</Tag>
              {days.length === 0 ? (
                <Typography.Text type="secondary">{t('ref.noDays', { year })}</Typography.Text>
              ) : null}
            </Flex>
            <Row gutter={[12, 12]}>
              {MONTHS.map((month) => {
                const inMonth = days
                  .filter((day) => Number(day.day.slice(5, 7)) === month)
                  .sort((a, b) => a.day.localeCompare(b.day));
                const monthName = dayjs(`${year}-${String(month).padStart(2, '0')}-01`)
                  .locale(lang === 'zh' ? 'zh-cn' : 'en')
                  .format(lang === 'zh' ? 'M月' : 'MMMM');
                return (
                  <Col key={month} xs={24} sm={12} lg={8} xl={6}>
                    <Card
                      size="small"
                      style={{ height: '100%' }}
                      title={
                        <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
                          {monthName}
                        </Typography.Title>
                      }
                    >
                      {inMonth.length === 0 ? (
                        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                          {t('ref.noSpecialDays')}
                        </Typography.Text>
                      ) : (
                        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                          {inMonth.map((day) => (
                            <li key={day.day} style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0' }}>
                              <Flex justify="space-between" align="center" gap={6} wrap>
                                <span>
                                  <time dateTime={day.day}>{day.day.slice(5)}</time>{' '}
                                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                    {weekday(day.day)}
                                  </Typography.Text>{' '}
                                  <Tag color={day.kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 4 }}>
                                    {t(`ref.kind.${day.kind}`)}
                                  </Tag>
                                  {day.name}
                                </span>
                                <Space size={2}>
                                  <Button
                                    size="small"
                                    type="text"
                                    onClick={() => setEditing(day)}
                                    aria-label={`${t('ref.edit')} ${day.day} ${day.name}`}
                                  >
                                    {t('ref.edit')}
                                  </Button>
                                  <Popconfirm
                                    title={t('ref.deleteDayConfirm', { day: day.day, name: day.name })}
                                    okText={t('ref.delete')}
                                    cancelText={t('app.cancel')}
                                    okButtonProps={{ danger: true }}
                                    onConfirm={() =>
                                      void command(() => calendar.remove(day.day), t('ref.deleted')).then((ok) => {
                                        if (ok) state.reload();
                                      })
                                    }
                                  >
                                    <Button
                                      size="small"
                                      type="text"
                                      danger
                                      aria-label={`${t('ref.delete')} ${day.day} ${day.name}`}
                                    >
                                      {t('ref.delete')}
                                    </Button>
                                  </Popconfirm>
                                </Space>
                              </Flex>
                            </li>
                          ))}
                        </ul>
                      )}
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </>
        )}
      </Async>
      {editing ? (
        <DayModal
          day={editing === 'new' ? null : editing}
          year={year}
          onClose={() => setEditing(null)}
          onDone={(saved) => {
            setEditing(null);
            const savedYear = Number(saved.slice(0, 4));
            if (savedYear !== year) setYear(savedYear);
            else state.reload();
          }}
        />
      ) : null}
    </section>
  );
}

interface DayForm {
  day?: Dayjs | null;
  kind?: CalendarKind;
  name?: string;
}

function DayModal({
  day,
  year,
  onClose,
  onDone,
}: {
  day: CalendarDayView | null;
  year: number;
  onClose: () => void;
  onDone: (day: string) => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const [form] = Form.useForm<DayForm>();
  return (
    <FormModal<DayForm>
      title={day ? `${t('ref.editDay')} · ${day.day}` : t('ref.addDay')}
      form={form}
      fields={['day', 'kind', 'name']}
      initialValues={day ? { day: dayjs(day.day), kind: day.kind, name: day.name } : { kind: 'holiday' }}
      onClose={onClose}
      onSubmit={async (values) => {
        const date = (values.day ?? dayjs()).format('YYYY-MM-DD');
        await calendar.put(date, { kind: values.kind ?? 'holiday', name: (values.name ?? '').trim() });
        onDone(date);
      }}
    >
      <Form.Item
        name="day"
        label={t('ref.day')}
        extra={day ? undefined : t('ref.dayHint')}
        rules={rules.select(t('ref.day'))}
      >
        <DatePicker
          format="YYYY-MM-DD"
          disabled={day !== null}
          defaultPickerValue={dayjs(`${year}-01-01`)}
          style={{ width: '100%' }}
          inputReadOnly={false}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('ref.kind')} rules={rules.select(t('ref.kind'))}>
        <Radio.Group
          optionType="button"
          options={CALENDAR_KINDS.map((kind) => ({ value: kind, label: t(`ref.kindLong.${kind}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('ref.dayName')}
        extra={t('ref.dayNameHint')}
        rules={rules.text(t('ref.dayName'), DAY_NAME_MAX)}
      >
        <Input maxLength={DAY_NAME_MAX} autoComplete="off" />
      </Form.Item>
    </FormModal>
  );
}
