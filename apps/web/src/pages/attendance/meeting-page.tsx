// One meeting for the liaison office: its agenda, the proposed deputies (never-attended first) and inviting them, the
// invitations with their three notices, the phone calls, leave decisions and attendance on the day, the speeches and
// the deliberation opinions, and the meeting's figures. A held meeting (its day passed) gets no invitations and cannot
// be cancelled; staff mark everyone present at once and close its record, after which attendance is final.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import {
  cancelMeeting,
  closeMeeting,
  decideLeave,
  deliberationPath,
  getMeeting,
  getProposals,
  invite,
  listInvitations,
  listSpeeches,
  markAllPresent,
  meetingReport,
  recordAttendance,
  recordCall,
  recordSpeech,
  searchDeputies,
  type AttendanceMark,
  type DeputyCandidate,
  type Invitation,
  type Meeting,
} from '../../api/attendance';
import { fetchFile, printFile } from '../../api/supervision';
import { toApiError, useApi } from '../../api/use-api';
import { chinaToday, dateTime, newKey } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, ErrorState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const MARKS: { mark: AttendanceMark; label: MessageKey }[] = [
  { mark: 'present', label: 'att.markPresent' },
  { mark: 'late', label: 'att.markLate' },
  { mark: 'absent', label: 'att.markAbsent' },
  { mark: 'on_leave', label: 'att.markOnLeave' },
];

/** Runs a command, shows its outcome, and reloads what it changed. */
function useAction(reload: () => void) {
  const { message } = AntApp.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string>();
  const run = async (id: string, call: () => Promise<unknown>, success?: string): Promise<boolean> => {
    setBusy(id);
    try {
      await call();
      message.success(success ?? t('att.saved'));
      reload();
      return true;
    } catch (reason) {
      message.error(toApiError(reason).message);
      return false;
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, run };
}

export function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const state = useApi((signal) => getMeeting(id, signal), [id]);
  return (
    <Async state={state}>
      {(meeting) => (
        <>
          <PageHeader
            title={meeting.title}
            extra={
              meeting.status === 'planned' ? (
                <CancelButton meeting={meeting} onDone={state.reload} />
              ) : meeting.status === 'held' ? (
                <CloseButton meeting={meeting} onDone={state.reload} />
              ) : null
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('att.date')}>{meeting.meetingDate}</Descriptions.Item>
              <Descriptions.Item label={t('att.location')}>{meeting.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('att.term')}>{meeting.term.name}</Descriptions.Item>
              <Descriptions.Item label={t('att.status')}>
                {meeting.status === 'cancelled'
                  ? `${meeting.statusLabel}：${meeting.cancelReason ?? ''}`
                  : meeting.statusLabel}
              </Descriptions.Item>
              <Descriptions.Item label={t('att.materials')}>{meeting.materials ?? '—'}</Descriptions.Item>
            </Descriptions>
          </PageHeader>
          <Tabs
            items={[
              {
                key: 'agenda',
                label: t('att.proposals'),
                children: <AgendaTab meeting={meeting} onChange={state.reload} />,
              },
              {
                key: 'invitations',
                label: t('att.invitations'),
                children: <InvitationsTab meeting={meeting} />,
              },
              { key: 'speeches', label: t('att.speeches'), children: <SpeechesTab meeting={meeting} /> },
              { key: 'report', label: t('att.report'), children: <ReportTab meeting={meeting} /> },
            ]}
          />
        </>
      )}
    </Async>
  );
}

function CancelButton({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [key] = useState(newKey);
  const { busy, run } = useAction(onDone);
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('att.cancel')}
      </Button>
      <Modal
        open={open}
        title={t('att.cancel')}
        onCancel={() => setOpen(false)}
        confirmLoading={busy === 'cancel'}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onOk={() => void run('cancel', () => cancelMeeting(meeting.id, reason, key)).then((ok) => ok && setOpen(false))}
      >
        <Input.TextArea
          aria-label={t('att.cancelReason')}
          placeholder={t('att.cancelReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
        />
      </Modal>
    </>
  );
}

function CloseButton({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useI18n();
  const { busy, run } = useAction(onDone);
  return (
    <Popconfirm title={t('att.closeConfirm')} onConfirm={() => void run('close', () => closeMeeting(meeting.id))}>
      <Button loading={busy === 'close'}>{t('att.closeMeeting')}</Button>
    </Popconfirm>
  );
}

/** Any deputy of the term, found by name: the proposals above only suggest. */
function InviteByName({ meeting, itemId, onDone }: { meeting: Meeting; itemId?: string; onDone: () => void }) {
  const { t } = useI18n();
  const [found, setFound] = useState<DeputyCandidate[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const { busy, run } = useAction(() => {
    setChosen([]);
    onDone();
  });
  const search = (name: string) => {
    void searchDeputies(meeting.id, name.trim()).then(setFound, () => setFound([]));
  };
  return (
    <Card title={t('att.inviteByName')} size="small">
      <Typography.Paragraph type="secondary">{t('att.inviteByNameHint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          mode="multiple"
          showSearch
          aria-label={t('att.searchDeputy')}
          placeholder={t('att.searchDeputy')}
          style={{ minWidth: 320 }}
          filterOption={false}
          value={chosen}
          onSearch={search}
          onFocus={() => search('')}
          onChange={setChosen}
          options={found.map((c) => ({
            value: c.deputy.id,
            disabled: c.invitedAs !== null,
            label: `${c.deputy.name}（${c.deputy.employer}${c.deputy.post}）${c.invitedAs ? ` ${t('att.invitedAs')}` : ''}`,
          }))}
        />
        <Button
          type="primary"
          disabled={chosen.length === 0}
          loading={busy === 'invite-name'}
          onClick={() => void run('invite-name', () => invite(meeting.id, chosen, itemId), t('att.invitedOk'))}
        >
          {t('att.inviteSelected')}
        </Button>
      </Space>
    </Card>
  );
}

function AgendaTab({ meeting, onChange }: { meeting: Meeting; onChange: () => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState<string>('whole');
  const [selected, setSelected] = useState<string[]>([]);
  const itemId = target === 'whole' ? undefined : target;
  const proposals = useApi((signal) => getProposals(meeting.id, itemId, signal), [meeting.id, itemId, meeting.invited]);
  const { busy, run } = useAction(() => {
    setSelected([]);
    onChange();
  });
  return (
    <Flex vertical gap={16}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={meeting.agenda}
        columns={[
          { title: '#', dataIndex: 'position', width: 48 },
          { title: t('att.itemTitle'), dataIndex: 'title' },
          { title: t('att.committee'), dataIndex: 'committee' },
          {
            title: t('att.invited'),
            render: (_, item) => t('att.quota', { quota: item.deputyQuota, invited: item.invited }),
          },
        ]}
      />
      <Typography.Text type="secondary">
        {t('att.wholeMeeting')}：{t('att.quota', { quota: meeting.wholeMeetingQuota, invited: meeting.wholeInvited })}
      </Typography.Text>
      <Card title={t('att.proposals')} size="small">
        <Typography.Paragraph type="secondary">{t('att.proposalsHint')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('att.proposalsFor')}
            value={target}
            style={{ minWidth: 280 }}
            onChange={(value) => {
              setSelected([]);
              setTarget(value);
            }}
            options={[
              { value: 'whole', label: t('att.wholeMeeting') },
              ...meeting.agenda.map((item) => ({ value: item.id, label: `${item.position}. ${item.title}` })),
            ]}
          />
          <Button
            type="primary"
            disabled={selected.length === 0 || meeting.status !== 'planned'}
            loading={busy === 'invite'}
            onClick={() => void run('invite', () => invite(meeting.id, selected, itemId), t('att.invitedOk'))}
          >
            {t('att.inviteSelected')}
          </Button>
        </Space>
        <Async state={proposals}>
          {(data) => (
            <Table
              rowKey={(row) => row.deputy.id}
              size="small"
              pagination={false}
              dataSource={data.proposals}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
              columns={[
                { title: t('att.deputy'), render: (_, row) => row.deputy.name },
                { title: '', render: (_, row) => `${row.deputy.employer}${row.deputy.post}` },
                { title: t('att.attendances'), dataIndex: 'attendances', width: 120 },
                {
                  title: '',
                  width: 120,
                  render: (_, row) => (row.neverAttended ? <Tag color="gold">{t('att.neverAttended')}</Tag> : null),
                },
              ]}
            />
          )}
        </Async>
      </Card>
      {meeting.status === 'planned' ? <InviteByName meeting={meeting} itemId={itemId} onDone={onChange} /> : null}
    </Flex>
  );
}

function InvitationsTab({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const state = useApi((signal) => listInvitations(meeting.id, { page, limit: 50 }, signal), [meeting.id, page]);
  const { busy, run } = useAction(state.reload);
  const sent = (at: string | null) => (at ? <Tag color="green">{t('att.sent')}</Tag> : <Tag>{t('att.notSent')}</Tag>);
  const { message } = AntApp.useApp();
  const [allKey, setAllKey] = useState(newKey);
  // Attendance is taken from the meeting day until the record is closed.
  const takingAttendance =
    meeting.status === 'held' || (meeting.status === 'planned' && meeting.meetingDate <= chinaToday());
  const allPresent = async () => {
    const done = await markAllPresent(meeting.id, allKey);
    setAllKey(newKey());
    message.info(t('att.allPresentDone', { marked: done.marked, left: done.leftOut.length }));
  };
  return (
    <Async state={state}>
      {(data) => (
        <Flex vertical gap={12}>
          {takingAttendance ? (
            <Popconfirm title={t('att.allPresentConfirm')} onConfirm={() => void run('all-present', allPresent)}>
              <Button style={{ alignSelf: 'flex-start' }} loading={busy === 'all-present'}>
                {t('att.allPresent')}
              </Button>
            </Popconfirm>
          ) : null}
          <Table<Invitation>
            rowKey="id"
            size="small"
            scroll={{ x: true }}
            dataSource={data.items}
            pagination={{ current: data.page, pageSize: data.limit, total: data.total, onChange: setPage }}
            columns={[
              { title: t('att.deputy'), render: (_, i) => i.deputy.name },
              {
                title: t('att.kind'),
                render: (_, i) => (i.agendaItem ? `${i.kindLabel} ${i.agendaItem.position}` : i.kindLabel),
              },
              { title: t('att.status'), render: (_, i) => <Tag>{i.statusLabel}</Tag> },
              { title: t('att.notice'), render: (_, i) => sent(i.noticeSentAt) },
              {
                title: t('att.phone'),
                render: (_, i) =>
                  i.phoneStatus === 'reached' ? (
                    <Tag color="green">{t('att.reached')}</Tag>
                  ) : i.phoneStatus && !i.closedAt ? (
                    <Space size={4}>
                      <Button
                        size="small"
                        loading={busy === `call-${i.id}`}
                        onClick={() => void run(`call-${i.id}`, () => recordCall(i.id, 'reached', undefined, newKey()))}
                      >
                        {t('att.reached')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() =>
                          void run(`call-${i.id}`, () => recordCall(i.id, 'not_reached', undefined, newKey()))
                        }
                      >
                        {t('att.notReached')}
                      </Button>
                    </Space>
                  ) : (
                    '—'
                  ),
              },
              { title: t('att.reminder'), render: (_, i) => sent(i.reminderSentAt) },
              {
                title: t('att.leaveReason'),
                render: (_, i) =>
                  i.leaveReason ? (
                    <Space direction="vertical" size={4}>
                      <span>{i.leaveReason}</span>
                      {i.status === 'leave_requested' ? (
                        <Space size={4}>
                          <Button
                            size="small"
                            onClick={() => void run(`leave-${i.id}`, () => decideLeave(i.id, true, newKey()))}
                          >
                            {t('att.approve')}
                          </Button>
                          <Button
                            size="small"
                            onClick={() => void run(`leave-${i.id}`, () => decideLeave(i.id, false, newKey()))}
                          >
                            {t('att.reject')}
                          </Button>
                        </Space>
                      ) : null}
                    </Space>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('att.attendance'),
                render: (_, i) => (
                  <Select<AttendanceMark>
                    size="small"
                    aria-label={`${t('att.attendance')} ${i.deputy.name}`}
                    style={{ minWidth: 96 }}
                    value={i.attendance ?? undefined}
                    placeholder="—"
                    disabled={meeting.status === 'cancelled' || meeting.status === 'closed'}
                    onChange={(mark) => void run(`mark-${i.id}`, () => recordAttendance(i.id, mark, newKey()))}
                    options={MARKS.map((m) => ({ value: m.mark, label: t(m.label) }))}
                  />
                ),
              },
            ]}
          />
        </Flex>
      )}
    </Async>
  );
}

// Buttons say what they do (导出Excel), not the format's code; the HTML version is what 打印 prints.
const DELIBERATION_BUTTONS = {
  xlsx: 'file.exportExcel',
  docx: 'file.exportWord',
  pdf: 'file.exportPdf',
} as const satisfies Record<string, MessageKey>;

function SpeechesTab({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const speeches = useApi((signal) => listSpeeches(meeting.id, signal), [meeting.id]);
  const attendees = useApi((signal) => listInvitations(meeting.id, { page: 1, limit: 100 }, signal), [meeting.id]);
  const [form] = Form.useForm<{ agendaItemId: string; deputyId: string; text: string; suggestions?: string }>();
  const { busy, run } = useAction(() => {
    form.resetFields();
    speeches.reload();
  });
  const [downloadError, setDownloadError] = useState<unknown>();
  const present = (attendees.data?.items ?? []).filter((i) => i.attendance === 'present' || i.attendance === 'late');
  return (
    <Flex vertical gap={16}>
      <Space wrap>
        <Typography.Text strong>{t('att.deliberation')}</Typography.Text>
        <Button onClick={() => void printFile(deliberationPath(meeting.id, 'html')).catch(setDownloadError)}>
          {t('file.print')}
        </Button>
        {(['xlsx', 'docx', 'pdf'] as const).map((format) => (
          <Button
            key={format}
            onClick={() => void fetchFile(deliberationPath(meeting.id, format)).catch(setDownloadError)}
          >
            {t(DELIBERATION_BUTTONS[format])}
          </Button>
        ))}
      </Space>
      {downloadError ? <ErrorState error={toApiError(downloadError)} /> : null}
      <Card size="small" title={t('att.recordSpeech')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            void run(
              'speech',
              () =>
                recordSpeech(meeting.id, {
                  agendaItemId: values.agendaItemId,
                  deputyId: values.deputyId,
                  text: values.text,
                  suggestions: (values.suggestions ?? '')
                    .split('\n')
                    .map((s) => s.trim())
                    .filter(Boolean),
                }),
              t('att.speechSaved'),
            )
          }
        >
          <Space wrap>
            <Form.Item name="agendaItemId" label={t('att.itemTitle')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 280 }}
                options={meeting.agenda.map((item) => ({ value: item.id, label: `${item.position}. ${item.title}` }))}
              />
            </Form.Item>
            <Form.Item name="deputyId" label={t('att.deputy')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 160 }}
                options={present.map((i) => ({ value: i.deputy.id, label: i.deputy.name }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="text" label={t('att.speechText')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Form.Item name="suggestions" label={t('att.suggestions')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'speech'}>
            {t('att.recordSpeech')}
          </Button>
        </Form>
      </Card>
      <Async state={speeches}>
        {(data) => (
          <List
            dataSource={data}
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{s.deputy.name}</span>
                      <span>
                        {s.agendaItem.position}. {s.agendaItem.title}
                      </span>
                      <Tag color={s.status === 'awaiting_signoff' ? 'orange' : 'green'}>{s.statusLabel}</Tag>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                        {s.text}
                      </Typography.Paragraph>
                      {s.suggestions.length ? (
                        <ol style={{ margin: 0 }}>
                          {s.suggestions.map((x) => (
                            <li key={x}>{x}</li>
                          ))}
                        </ol>
                      ) : null}
                      {s.signedOffAt ? (
                        <Typography.Text type="secondary">{dateTime(s.signedOffAt)}</Typography.Text>
                      ) : null}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Async>
    </Flex>
  );
}

function ReportTab({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const state = useApi((signal) => meetingReport(meeting.id, signal), [meeting.id]);
  return (
    <Async state={state}>
      {(r) => (
        <Flex vertical gap={16}>
          <Flex wrap gap={24}>
            <Statistic title={t('att.fig.invited')} value={r.invited} />
            <Statistic title={t('att.fig.attended')} value={r.attended} />
            <Statistic title={t('att.fig.attendedWhole')} value={r.attendedWhole} />
            <Statistic title={t('att.fig.attendedItem')} value={r.attendedItem} />
            <Statistic title={t('att.fig.absent')} value={r.absent} />
            <Statistic title={t('att.fig.onLeave')} value={r.onLeave} />
            <Statistic title={t('att.fig.speeches')} value={r.speeches} />
            <Statistic title={t('att.fig.suggestions')} value={r.suggestions} />
          </Flex>
          <Card size="small" title={t('att.absences')}>
            {r.absences.length === 0 ? (
              t('att.noAbsences')
            ) : (
              <List
                size="small"
                dataSource={r.absences}
                renderItem={(a) => (
                  <List.Item>
                    {a.deputy}（{a.markLabel}）{a.reason ? `：${a.reason}` : ''}
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Flex>
      )}
    </Async>
  );
}
