// Likely duplicates (疑似重复件) of what is being written or decided: shown at intake and on a voter's submission so a
// repeated problem joins the issue already being handled instead of starting a second handling.
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Flex, List, Tag, Typography } from 'antd';
import { findSimilarIssues, similarToIssue, type SimilarIssue } from '../api/duplicates';
import { useI18n } from '../i18n/i18n';
import { dateOnly } from './format';

/** Below this many characters a text says too little to compare (and every keystroke would ask). */
const MIN_TEXT = 6;
const DEBOUNCE_MS = 500;

export function SimilarIssues({
  issueId,
  placeRegionId,
  categoryId,
  description,
  action,
}: {
  /** An issue already raised: its duplicates instead of a draft's. */
  issueId?: string;
  placeRegionId?: string;
  categoryId?: string;
  description?: string;
  action?: (candidate: SimilarIssue) => ReactNode;
}) {
  const { t } = useI18n();
  const [candidates, setCandidates] = useState<SimilarIssue[]>([]);
  const text = (description ?? '').trim();

  useEffect(() => {
    if (issueId) {
      const controller = new AbortController();
      similarToIssue(issueId, controller.signal)
        .then((answer) => setCandidates(answer.candidates))
        .catch(() => setCandidates([]));
      return () => controller.abort();
    }
    if (!placeRegionId || text.length < MIN_TEXT) {
      setCandidates([]);
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      findSimilarIssues({ placeRegionId, categoryId, description: text }, controller.signal)
        .then((answer) => setCandidates(answer.candidates))
        // A hint, not a step: when it cannot be had the form goes on without it.
        .catch(() => setCandidates([]));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [issueId, placeRegionId, categoryId, text]);

  if (candidates.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="similar-issues"
      message={t('duplicates.title', { count: candidates.length })}
      description={
        <List
          size="small"
          dataSource={candidates}
          renderItem={(candidate) => (
            <List.Item key={candidate.id} actions={action ? [action(candidate)] : undefined}>
              <Flex vertical gap={2}>
                <Flex gap={8} wrap align="center">
                  <Link to={`/issues/${candidate.id}`}>{candidate.number}</Link>
                  <Tag>{candidate.statusLabel}</Tag>
                  <Typography.Text type="secondary">
                    {t('duplicates.similarity', { score: Math.round(candidate.score * 100) })}
                  </Typography.Text>
                </Flex>
                <Typography.Text>{candidate.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {candidate.stationName} · {candidate.placeName} · {candidate.categoryName} ·{' '}
                  {dateOnly(candidate.submittedAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      }
    />
  );
}
