import { useNavigate } from 'react-router-dom';
import { Button, Result } from 'antd';
import { usePageTitle } from '../components/page';
import { useI18n } from '../i18n/i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(t('app.notFound'));
  return (
    <Result
      status="404"
      title={
        <h1 id="page-title" style={{ fontSize: 22, margin: 0 }}>
          {t('app.notFound')}
        </h1>
      }
      subTitle={t('app.notFoundHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('app.goHome')}
        </Button>
      }
    />
  );
}
