// Development only: every email the system sent, as the local SMTP catcher received it, links clickable (the reply
// link in a referral email opens the department's reply page). Production never sets DEV_MAILBOX_DIR.
import { Button, Card, Collapse, Flex, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Fragment } from 'react';
import { devMail } from '../../api/endpoints';
import { useApi } from '../../api/use-api';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <pre className="mail-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} target="_blank" rel="noreferrer noopener">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

export function DevMailPage() {
  const { t } = useI18n();
  const state = useApi((signal) => devMail(signal), []);
  useAutoRefresh(state.reload, 5_000);

  let body;
  if (state.error && !state.data) {
    body =
      state.error.status === 404 ? (
        <EmptyState description={t('dev.mailOff')} />
      ) : (
        <ErrorState error={state.error} onRetry={state.reload} />
      );
  } else if (!state.data) {
    body = <Loading />;
  } else if (!state.data.items.length) {
    body = <EmptyState description={t('dev.noMail')} />;
  } else {
    body = (
      <Flex vertical gap={8}>
        {state.data.items.map((mail, index) => (
          <Card key={mail.id} size="small">
            <Collapse
              ghost
              defaultActiveKey={index === 0 ? [mail.id] : []}
              items={[
                {
                  key: mail.id,
                  label: (
                    <div>
                      <strong>{mail.subject}</strong>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
                        {dateTime(mail.receivedAt)} · {t('dev.from')} {mail.from} · {t('dev.to')} {mail.to.join(', ')}
                      </div>
                    </div>
                  ),
                  children: <Linkified text={mail.text} />,
                },
              ]}
            />
          </Card>
        ))}
      </Flex>
    );
  }

  return (
    <>
      <PageHeader
        title={t('dev.mailTitle')}
        extra={
          <Button icon={<ReloadOutlined aria-hidden />} onClick={state.reload}>
            {t('app.refresh')}
          </Button>
        }
      >
        <Typography.Text type="secondary">{t('dev.mailHint')}</Typography.Text>
      </PageHeader>
      {body}
    </>
  );
}
