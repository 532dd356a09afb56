// Repeated issues on the issue page (重复件合并): where a merged issue went and which issues were merged into this one,
// for everyone who may see it; and, for a liaison officer or supervisor while the issue is open, its likely duplicates
// with 合并到此事项 (asked to confirm): this issue closes as merged and the chosen one carries the handling for both.
import { Link } from 'react-router-dom';
import { Alert, Button, Flex, Popconfirm } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { issueCommands } from '../../api/endpoints';
import type { IssueDetail, Role } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-form';
import { SimilarIssues } from '../../components/similar-issues';
import { useI18n } from '../../i18n/i18n';
import { useCommand } from '../shared/use-command';

export function IssueMerging({ issue, role, onDone }: { issue: IssueDetail; role: Role; onDone: () => void }) {
  const { t } = useI18n();
  const command = useCommand({ success: t('duplicates.merged'), onDone });
  const mayMerge = (role === 'supervisor' || role === 'liaison') && issue.status !== 'closed' && !issue.mergedInto;
  return (
    <>
      {issue.mergedInto ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="merged-into"
          title={
            <Link to={`/issues/${issue.mergedInto.id}`}>
              {t('duplicates.mergedInto', { number: issue.mergedInto.number })}
            </Link>
          }
        />
      ) : null}
      {issue.mergedIssues.length > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="merged-issues"
          title={t('duplicates.mergedIssues')}
          description={
            <Flex gap={8} wrap>
              {issue.mergedIssues.map((merged) => (
                <Link key={merged.id} to={`/issues/${merged.id}`}>
                  {merged.number}
                </Link>
              ))}
            </Flex>
          }
        />
      ) : null}
      {mayMerge ? (
        <div style={{ marginBottom: 16 }}>
          {command.error ? <ApiErrorAlert error={command.error} /> : null}
          <SimilarIssues
            issueId={issue.id}
            action={(candidate) => (
              <Popconfirm
                title={t('duplicates.mergeIssue')}
                description={t('duplicates.mergeConfirm', { number: candidate.number })}
                okText={t('app.submit')}
                cancelText={t('app.cancel')}
                onConfirm={() =>
                  void command.run((key) => issueCommands.mergeInto(issue.id, { targetIssueId: candidate.id }, key))
                }
              >
                <Button size="small" icon={<MergeCellsOutlined aria-hidden />} loading={command.busy}>
                  {t('duplicates.mergeIssue')}
                </Button>
              </Popconfirm>
            )}
          />
        </div>
      ) : null}
    </>
  );
}
