// The deputy rates the reply on the voter's behalf: 满意 / 基本满意 / 不满意 (which sends it back for another round,
// and so needs a reason the department can act on — the API refuses it without one).
import { useRef, useState } from 'react';
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
  const [reasonMissing, setReasonMissing] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const command = useCommand({ success: t('deputy.rated'), onDone });
  const tooLong = comment.length > 1000;
  const blank = !comment.trim();
  const askReason = () => {
    setReasonMissing(true);
    commentRef.current?.focus();
  };

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
        ref={(textArea) => {
          commentRef.current = textArea?.resizableTextArea?.textArea ?? null;
        }}
        onChange={(event) => {
          setComment(event.target.value);
          if (event.target.value.trim()) setReasonMissing(false);
        }}
        aria-invalid={reasonMissing}
        aria-describedby={reasonMissing ? 'rate-reason-error' : undefined}
        autoSize={{ minRows: 2, maxRows: 5 }}
        maxLength={1000}
        showCount
        status={tooLong || reasonMissing ? 'error' : undefined}
      />
      {reasonMissing ? (
        <Typography.Text id="rate-reason-error" type="danger" role="alert">
          {t('deputy.unsatisfiedReason')}
        </Typography.Text>
      ) : null}
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
          disabled={blank}
        >
          <Button
            danger
            size="large"
            icon={<FrownOutlined aria-hidden />}
            disabled={command.busy}
            onClick={blank ? askReason : undefined}
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
