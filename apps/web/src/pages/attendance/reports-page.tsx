// Attendance figures of a term, from the records: per period (each meeting's invited, attended whole-meeting and per
// item, absences, speeches, suggestions; Xiangtan's Jan 2017 – May 2018 comes out at 151), and the term's coverage —
// the deputies who have not attended yet, so that every deputy attends at least once. The period's end is exclusive
// (the day after a term's last day).
import { useEffect, useState } from 'react';
import { Button, Card, Flex, Form, Input, Select, Space, Statistic, Table, Typography } from 'antd';
import { listTerms, periodReport, periodReportPath, termCoverage, type MeetingFigures } from '../../api/attendance';
import { fetchFile, printFile } from '../../api/supervision';
import { toApiError, useApi } from '../../api/use-api';
import { chinaToday, dayAfter, percent } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, ErrorState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

interface Filter {
  termId: string;
  from: string;
  to: string;
}

export function AttendanceReportsPage() {
  const { t } = useI18n();
  const terms = useApi((signal) => listTerms(signal), []);
  const [filter, setFilter] = useState<Filter>();
  const [form] = Form.useForm<Filter>();

  useEffect(() => {
    // The term in office today (the list runs newest first, so its first may be one not begun yet), else the newest.
    const today = chinaToday();
    const first = terms.data?.find((term) => term.startsOn <= today && today <= term.endsOn) ?? terms.data?.[0];
    if (first && !filter) {
      const next = { termId: first.id, from: first.startsOn, to: dayAfter(first.endsOn) };
      form.setFieldsValue(next);
      setFilter(next);
    }
  }, [terms.data, filter, form]);

  return (
    <>
      <PageHeader title={t('att.reportsTitle')}>
        <Form form={form} layout="inline" onFinish={(values) => setFilter(values)}>
          <Form.Item name="termId" label={t('att.term')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 260 }}
              options={(terms.data ?? []).map((term) => ({ value: term.id, label: term.name }))}
              onChange={(termId: string) => {
                const term = terms.data?.find((candidate) => candidate.id === termId);
                if (term) form.setFieldsValue({ from: term.startsOn, to: dayAfter(term.endsOn) });
              }}
            />
          </Form.Item>
          <Form.Item name="from" label={t('att.from')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="to" label={t('att.to')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('att.show')}
          </Button>
        </Form>
      </PageHeader>
      {filter ? <Figures filter={filter} /> : null}
    </>
  );
}

function Figures({ filter }: { filter: Filter }) {
  const { t } = useI18n();
  const report = useApi((signal) => periodReport(filter, signal), [filter.termId, filter.from, filter.to]);
  const coverage = useApi((signal) => termCoverage(filter.termId, signal), [filter.termId]);
  const [downloadError, setDownloadError] = useState<unknown>();
  return (
    <Flex vertical gap={16}>
      <Space wrap>
        <Button onClick={() => void printFile(periodReportPath(filter, 'html')).catch(setDownloadError)}>
          {t('file.print')}
        </Button>
        <Button onClick={() => void fetchFile(periodReportPath(filter, 'xlsx')).catch(setDownloadError)}>
          {t('file.exportExcel')}
        </Button>
      </Space>
      {downloadError ? <ErrorState error={toApiError(downloadError)} /> : null}
      <Async state={report}>
        {(r) => (
          <Card size="small">
            <Flex wrap gap={24} style={{ marginBottom: 16 }}>
              <Statistic title={t('att.fig.meetings')} value={r.meetings} />
              <Statistic title={t('att.fig.attended')} value={r.attended} />
              <Statistic title={t('att.fig.attendedWhole')} value={r.attendedWhole} />
              <Statistic title={t('att.fig.attendedItem')} value={r.attendedItem} />
              <Statistic title={t('att.fig.absent')} value={r.absent} />
              <Statistic title={t('att.fig.onLeave')} value={r.onLeave} />
              <Statistic title={t('att.fig.speeches')} value={r.speeches} />
              <Statistic title={t('att.fig.suggestions')} value={r.suggestions} />
              <Statistic title={t('att.fig.distinct')} value={r.distinctDeputies} />
            </Flex>
            <Table<MeetingFigures>
              rowKey="meetingId"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={r.perMeeting}
              columns={[
                { title: t('att.date'), dataIndex: 'meetingDate' },
                { title: t('att.title'), dataIndex: 'title' },
                { title: t('att.fig.invited'), dataIndex: 'invited' },
                { title: t('att.fig.attendedWhole'), dataIndex: 'attendedWhole' },
                { title: t('att.fig.attendedItem'), dataIndex: 'attendedItem' },
                { title: t('att.fig.absent'), dataIndex: 'absent' },
                { title: t('att.fig.onLeave'), dataIndex: 'onLeave' },
                { title: t('att.fig.speeches'), dataIndex: 'speeches' },
                { title: t('att.fig.suggestions'), dataIndex: 'suggestions' },
              ]}
            />
          </Card>
        )}
      </Async>
      <Async state={coverage}>
        {(c) => (
          <Card size="small" title={t('att.coverage')}>
            <Typography.Paragraph>
              {t('att.coverageLine', {
                deputies: c.deputies,
                attended: c.attendedAtLeastOnce,
                share: percent(c.coverage),
              })}
            </Typography.Paragraph>
            <Typography.Text strong>{t('att.notYet')}</Typography.Text>
            <Table
              rowKey="id"
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={c.notYetAttended}
              columns={[
                { title: t('att.deputy'), dataIndex: 'name' },
                { title: '', render: (_, d) => `${d.employer}${d.post}` },
              ]}
            />
          </Card>
        )}
      </Async>
    </Flex>
  );
}
