// Changing one's own password: from the user menu, or forced right after signing in with a one-time password that
// an admin issued (then it is the only screen, outside the app shell, and sign-out is the only other way out).
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { ApiError } from '../api/client';
import { changeOwnPassword } from '../api/endpoints';
import { toApiError } from '../api/use-api';
import { useAuth } from '../auth/auth';
import { ApiErrorAlert, applyFieldErrors } from '../components/api-form';
import { usePageTitle } from '../components/page';
import { useI18n } from '../i18n/i18n';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The API's minimum (PASSWORD_MIN_LENGTH); it checks the rest of the policy and names the field. */
const MIN_LENGTH = 10;

export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { reloadProfile, logout } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  usePageTitle(t('password.title'));

  async function onFinish(values: PasswordForm) {
    setBusy(true);
    setError(undefined);
    try {
      await changeOwnPassword(values.currentPassword, values.newPassword);
      message.success(t('password.changed'));
      await reloadProfile();
      void navigate('/', { replace: true });
    } catch (reason) {
      const apiError = toApiError(reason);
      setUnshown(applyFieldErrors(form, apiError, ['currentPassword', 'newPassword']));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const card = (
    <Card style={{ width: '100%', maxWidth: 420 }}>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }} id="password-title">
        {t('password.title')}
      </Typography.Title>
      {forced ? (
        <Alert type="warning" showIcon message={t('password.forcedHint')} style={{ marginBottom: 16 }} />
      ) : null}
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={(values) => void onFinish(values)}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('form.required', { field: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.policy')}
          rules={[
            { required: true, message: t('form.required', { field: t('password.new') }) },
            { min: MIN_LENGTH, message: t('form.minLength', { field: t('password.new'), min: MIN_LENGTH }) },
            { max: 128, message: t('form.maxLength', { field: t('password.new'), max: 128 }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('form.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('password.submit')}
          </Button>
          {forced ? (
            <Button onClick={() => void logout().then(() => navigate('/login'))}>{t('app.signOut')}</Button>
          ) : null}
        </Flex>
      </Form>
    </Card>
  );

  if (!forced) return card;
  return (
    <Flex justify="center" style={{ minHeight: '100vh', padding: 16, boxSizing: 'border-box', alignItems: 'center' }}>
      <main id="main" style={{ width: '100%', maxWidth: 420 }} aria-labelledby="password-title">
        {card}
      </main>
    </Flex>
  );
}
