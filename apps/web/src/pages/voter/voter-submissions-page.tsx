// Voters' submissions through a QR code (代表码来信) that the deputy or the station's liaison officer decides on:
// accept (a new issue), merge into one of the deputy's open issues, or decline with a reason the voter is told.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Flex, Input, List, Modal, Segmented, Select, Tag, Typography } from 'antd';
import type { ApiError } from '../../api/client';
import { intakeOptions, listIssues } from '../../api/endpoints';
import { URGENCIES, type Urgency } from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import {
  acceptVoterSubmission,
  declineVoterSubmission,
  listVoterSubmissions,
  mergeVoterSubmission,
  type VoterSubmission,
} from '../../api/voter';
import { ApiErrorAlert } from '../../components/api-form';
import { dateTime } from '../../components/format';
import { SimilarIssues } from '../../components/similar-issues';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';

type Decision = 'accept' | 'merge' | 'decline';

export function VoterSubmissionsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const [filter, setFilter] = useState<'pending' | 'all'>('pending');
  const state = useApi(
    (signal) =>
      listVoterSubmissions({ status: filter === 'pending' && !id ? 'pending' : undefined, page: 1, limit: 50 }, signal),
    [filter, id],
  );
  useAutoRefresh(state.reload, 30_000);
  const [deciding, setDeciding] = useState<{ submission: VoterSubmission; decision: Decision; issueId?: string }>();

  return (
    <>
      <PageHeader title={t('voter.inboxTitle')}>
        <Segmented
          aria-label={t('voter.filter')}
          value={filter}
          onChange={(value) => setFilter(value as 'pending' | 'all')}
          options={[
            { value: 'pending', label: t('voter.filterPending') },
            { value: 'all', label: t('voter.filterAll') },
          ]}
        />
      </PageHeader>
      <Async
        state={state}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState description={t('voter.none')} />}
      >
        {(data) => (
          <List
            dataSource={id ? data.items.filter((s) => s.id === id) : data.items}
            renderItem={(submission) => (
              <List.Item key={submission.id}>
                <Card style={{ width: '100%' }} data-testid={`submission-${submission.id}`}>
                  <Flex vertical gap={6}>
                    <Flex gap={8} wrap align="center">
                      <Tag color={submission.status === 'pending' ? 'orange' : 'default'}>{submission.statusLabel}</Tag>
                      <Typography.Text type="secondary">
                        {submission.station.name} · {submission.place.name} · {dateTime(submission.submittedAt)}
                      </Typography.Text>
                      {submission.escalatedAt ? <Tag color="red">{t('voter.escalated')}</Tag> : null}
                    </Flex>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                      {submission.description}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {t('voter.contact')}：{submission.contact}
                    </Typography.Text>
                    {submission.decisionReason ? (
                      <Typography.Text>
                        {t('voter.reason')}：{submission.decisionReason}
                      </Typography.Text>
                    ) : null}
                    {submission.issueId ? (
                      <Link to={`/issues/${submission.issueId}`}>{t('voter.openIssue')}</Link>
                    ) : null}
                    {submission.voterSolved !== null ? (
                      <Typography.Text>
                        {t('voter.voterSays')}：{submission.voterSolved ? t('voter.solved') : t('voter.notSolved')}
                      </Typography.Text>
                    ) : null}
                    {submission.status === 'pending' ? (
                      <SimilarIssues
                        placeRegionId={submission.place.id}
                        description={submission.description}
                        action={(candidate) => (
                          <Button
                            size="small"
                            onClick={() => setDeciding({ submission, decision: 'merge', issueId: candidate.id })}
                          >
                            {t('duplicates.mergeHere')}
                          </Button>
                        )}
                      />
                    ) : null}
                    {submission.status === 'pending' ? (
                      <Flex gap={8} wrap>
                        <Button type="primary" onClick={() => setDeciding({ submission, decision: 'accept' })}>
                          {t('voter.accept')}
                        </Button>
                        <Button onClick={() => setDeciding({ submission, decision: 'merge' })}>
                          {t('voter.merge')}
                        </Button>
                        <Button danger onClick={() => setDeciding({ submission, decision: 'decline' })}>
                          {t('voter.decline')}
                        </Button>
                      </Flex>
                    ) : null}
                  </Flex>
                </Card>
              </List.Item>
            )}
          />
        )}
      </Async>
      {deciding ? (
        <DecisionDialog
          submission={deciding.submission}
          decision={deciding.decision}
          initialIssueId={deciding.issueId}
          onClose={(done) => {
            setDeciding(undefined);
            if (done) state.reload();
          }}
        />
      ) : null}
    </>
  );
}

function DecisionDialog({
  submission,
  decision,
  initialIssueId,
  onClose,
}: {
  submission: VoterSubmission;
  decision: Decision;
  /** A likely duplicate the deputy chose to merge into (重复件), preselected. */
  initialIssueId?: string;
  onClose: (done: boolean) => void;
}) {
  const { t, label } = useI18n();
  const options = useApi((signal) => intakeOptions(signal), []);
  const issues = useApi((signal) => listIssues({ page: 1, limit: 100 }, signal), []);
  const [categoryId, setCategoryId] = useState<string>();
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [issueId, setIssueId] = useState<string | undefined>(initialIssueId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const ready =
    decision === 'accept' ? Boolean(categoryId) : decision === 'merge' ? Boolean(issueId) : reason.trim().length >= 2;
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (decision === 'accept') await acceptVoterSubmission(submission.id, { categoryId: categoryId!, urgency });
      else if (decision === 'merge') await mergeVoterSubmission(submission.id, issueId!);
      else await declineVoterSubmission(submission.id, reason);
      onClose(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(decision === 'accept' ? 'voter.accept' : decision === 'merge' ? 'voter.merge' : 'voter.decline')}
      okText={t('voter.confirm')}
      cancelText={t('voter.cancel')}
      okButtonProps={{ disabled: !ready, loading: busy }}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
    >
      <Flex vertical gap={8}>
        {decision === 'accept' ? (
          <>
            <label htmlFor="voter-category">{t('voter.category')}</label>
            <Select
              id="voter-category"
              value={categoryId}
              onChange={setCategoryId}
              loading={!options.data}
              options={(options.data?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
            <label htmlFor="voter-urgency">{t('voter.urgency')}</label>
            <Select
              id="voter-urgency"
              value={urgency}
              onChange={setUrgency}
              options={URGENCIES.map((u) => ({ value: u, label: label('urgency', u) }))}
            />
          </>
        ) : null}
        {decision === 'merge' ? (
          <>
            <label htmlFor="voter-issue">{t('voter.mergeInto')}</label>
            <Select
              id="voter-issue"
              value={issueId}
              onChange={setIssueId}
              loading={!issues.data}
              options={(issues.data?.items ?? [])
                .filter((issue) => issue.status !== 'closed')
                .map((issue) => ({
                  value: issue.id,
                  label: `${issue.place.name} · ${issue.description.slice(0, 30)}`,
                }))}
            />
          </>
        ) : null}
        {decision === 'decline' ? (
          <>
            <label htmlFor="voter-reason">{t('voter.reason')}</label>
            <Input.TextArea
              id="voter-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
            <Typography.Text type="secondary">{t('voter.reasonToVoter')}</Typography.Text>
          </>
        ) : null}
        {error ? <ApiErrorAlert error={error} /> : null}
      </Flex>
    </Modal>
  );
}
