// One issue, for whoever may see it: the facts, the replies and ratings, the timeline of every step, and the actions
// the active role can take now. Refreshes itself every 30 seconds while the tab is visible.
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Col, Row } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { issueDetail } from '../../api/endpoints';
import { useApi } from '../../api/use-api';
import { homeOf, useSession } from '../../auth/auth';
import { IssueTimeline } from '../../components/issue-timeline';
import { PageHeader } from '../../components/page';
import { ErrorState, Loading } from '../../components/states';
import { useLiveRefresh } from '../../components/use-live-refresh';
import { useI18n } from '../../i18n/i18n';
import { DepartmentActions } from '../department/department-actions';
import { RatePanel } from '../deputy/rate-panel';
import { IssueMerging } from '../supervisor/issue-merging';
import { SupervisorActions } from '../supervisor/supervisor-actions';
import { AssignmentsCard, AttachmentsCard, IssueFacts, RepliesCard } from './issue-sections';
import type { AttachmentStage, IssueDetail, Role } from '../../api/types';

export function IssuePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { profile, role } = useSession();
  const state = useApi((signal) => issueDetail(id, signal), [id]);
  const { reload } = state;
  useLiveRefresh(reload, id);
  const onDone = useCallback(() => reload(), [reload]);

  const back = role === 'deputy' ? '/deputy/issues' : homeOf(role);
  const header = (
    <PageHeader
      title={t('issue.detail')}
      extra={
        <Button
          icon={<ReloadOutlined aria-hidden />}
          onClick={reload}
          loading={state.loading && state.data !== undefined}
        >
          {t('app.refresh')}
        </Button>
      }
    >
      <Link to={back}>
        <ArrowLeftOutlined aria-hidden /> {t('app.back')}
      </Link>
    </PageHeader>
  );

  if (state.error && !state.data) {
    return (
      <>
        {header}
        <ErrorState
          error={state.error}
          title={state.error.status === 404 || state.error.status === 400 ? t('issue.notFound') : undefined}
          onRetry={reload}
        />
      </>
    );
  }
  if (!state.data) {
    return (
      <>
        {header}
        <Loading />
      </>
    );
  }
  const issue = state.data;
  const canRate = role === 'deputy' && issue.status === 'awaiting_feedback' && profile.deputy?.id === issue.deputy.id;

  return (
    <>
      {header}
      {state.error ? <ErrorState error={state.error} onRetry={reload} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <IssueMerging issue={issue} role={role} onDone={onDone} />
          <IssueFacts issue={issue} />
          <AttachmentsCard issue={issue} addAs={stagesFor(role, issue, profile.deputy?.id)} onAdded={onDone} />
          {role === 'department' && profile.department ? (
            <DepartmentActions issue={issue} departmentId={profile.department.id} onDone={onDone} />
          ) : null}
          {role === 'supervisor' || role === 'liaison' ? <SupervisorActions issue={issue} onDone={onDone} /> : null}
          <RepliesCard issue={issue} />
          {/* Below the reply it rates, so the deputy reads the answer before judging it. */}
          {canRate ? <RatePanel issue={issue} onDone={onDone} /> : null}
          {role !== 'deputy' ? <AssignmentsCard issue={issue} /> : null}
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issue.timeline')}</h2>}>
            <IssueTimeline events={issue.timeline} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** What the viewer may add files as: the issue's deputy more of the problem, a department its before/after photos. */
function stagesFor(role: Role, issue: IssueDetail, deputyId: string | undefined): AttachmentStage[] {
  if (issue.status === 'closed') return [];
  if (role === 'department') return ['reply', 'follow_up'];
  if (role === 'deputy' && deputyId === issue.deputy.id) return ['intake'];
  if (role === 'liaison') return ['intake'];
  return [];
}
