// The deputy rates the reply on the voter's behalf: 满意 / 基本满意 / 不满意 (which sends it back for another round).
import { useState } from 'react';
import { Button, Card, Flex, Input, Popconfirm, Typography } from 'antd';
import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { issueCommands } from '../../api/endpoints';
import type { IssueDetail, Rating } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-form';
import { useI18n } from '../../i18n/i18n';
import { useCommand } from '../shared/use-command';

export function RatePanel({ issue, onDone }: { issue: IssueDetail; onDone: () => void }) {
  const { t, label } = useI18n();
  const [comment, setComment] = useState('');
  const command = useCommand({ success: t('deputy.rated'), onDone });
  const tooLong = comment.length > 1000;

  const rate = (rating: Rating) =>
    void command.run((key) =>
      issueCommands.rate(issue.id, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }, key),
    );

  return (
    <Card
      size="small"
      style={{ marginBottom: 16, borderColor: '#faad14' }}
      title={
        <h2 id="rate-title" style={{ fontSize: 16, margin: 0 }}>
          {t('deputy.rateTitle')}
        </h2>
      }
    >
      {command.error ? <ApiErrorAlert error={command.error} /> : null}
      <label htmlFor="rate-comment" style={{ display: 'block', marginBottom: 4 }}>
        {t('deputy.rateComment')}
      </label>
      <Input.TextArea
        id="rate-comment"
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        autoSize={{ minRows: 2, maxRows: 5 }}
        maxLength={1000}
        showCount
        status={tooLong ? 'error' : undefined}
      />
      <Flex role="group" aria-labelledby="rate-title" gap={8} wrap style={{ marginTop: 28 }}>
        <Button
          type="primary"
          size="large"
          icon={<SmileOutlined aria-hidden />}
          loading={command.busy}
          onClick={() => rate('satisfied')}
          style={{ flex: '1 1 90px' }}
        >
          {label('rating', 'satisfied')}
        </Button>
        <Button
          size="large"
          icon={<MehOutlined aria-hidden />}
          disabled={command.busy}
          onClick={() => rate('basically_satisfied')}
          style={{ flex: '1 1 90px' }}
        >
          {label('rating', 'basically_satisfied')}
        </Button>
        <Popconfirm
          title={t('deputy.unsatisfiedHint')}
          okText={t('app.confirm')}
          cancelText={t('app.cancel')}
          onConfirm={() => rate('unsatisfied')}
        >
          <Button
            danger
            size="large"
            icon={<FrownOutlined aria-hidden />}
            disabled={command.busy}
            style={{ flex: '1 1 90px' }}
          >
            {label('rating', 'unsatisfied')}
          </Button>
        </Popconfirm>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('deputy.unsatisfiedHint')}
      </Typography.Paragraph>
    </Card>
  );
}
