// Sign-in. The API answers the same 401 for an unknown user, a wrong password and a locked account.
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth';
import { ApiErrorAlert, applyFieldErrors } from '../components/api-form';
import { usePageTitle } from '../components/page';
import { toApiError } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { localizeApiMessage } from '../i18n/api-messages';
import { useDevelopmentServer } from './dev/dev-mail-available';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login, state } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('login.title'));
  // The demo password is worth saying only where the demo runs: a development server (its mailbox is on).
  const development = useDevelopmentServer();

  const from = (location.state as { from?: string } | null)?.from;

  async function onFinish(values: LoginForm) {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      void navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (reason) {
      const apiError = toApiError(reason);
      applyFieldErrors(form, apiError, ['username', 'password']);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const sessionEnded = state.status === 'signedOut' && state.reason === 'ended';

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, boxSizing: 'border-box' }}>
      <main id="main" style={{ width: '100%', maxWidth: 380 }} aria-labelledby="login-title">
        <Flex vertical align="center" style={{ marginBottom: 20 }}>
          <div aria-hidden="true" style={{ fontSize: 40, fontWeight: 700, color: '#b71c1c', letterSpacing: 4 }}>
            {t('app.name')}
          </div>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </Flex>
        <Card>
          <Typography.Title level={1} id="login-title" style={{ fontSize: 20, marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          {sessionEnded && !error ? (
            <Alert type="warning" showIcon message={t('app.sessionEnded')} style={{ marginBottom: 16 }} />
          ) : null}
          {error ? (
            error.status === 401 ? (
              <Alert type="error" showIcon role="alert" message={t('login.failed')} style={{ marginBottom: 16 }} />
            ) : error.status === 429 ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                // The API says how long to wait (per account or per address); the generic line is for other 429s.
                message={
                  /^Too many failed sign-ins/.test(error.message)
                    ? localizeApiMessage(lang, error.message)
                    : t('login.tooMany')
                }
                style={{ marginBottom: 16 }}
              />
            ) : (
              <ApiErrorAlert error={error} unshown={{}} />
            )
          ) : null}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            onFinish={(values) => void onFinish(values)}
            requiredMark={false}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[
                { required: true, whitespace: true, message: t('login.required', { field: t('login.username') }) },
                { max: 64 },
              ]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoCapitalize="none" size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
            >
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          {development ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
              {t('login.demoHint')}
            </Typography.Paragraph>
          ) : null}
        </Card>
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button
            type="link"
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.switchLanguage')}
          </Button>
        </Flex>
      </main>
    </Flex>
  );
}
