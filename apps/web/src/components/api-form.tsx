// Shows the API's field errors on the form fields they belong to (the API names them by path: `voter.phone`), and
// the rest, with the error's message and request id, in one alert above the form.
import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client';
import { localizeApiMessage } from '../i18n/api-messages';
import { useI18n } from '../i18n/i18n';
import { errorText } from './states';

/** Puts each field error under its form field; answers the errors of fields the form does not show. */
export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  known: readonly string[],
  rename: Record<string, string> = {},
): Record<string, string[]> {
  const rest: Record<string, string[]> = {};
  const onForm: { name: (string | number)[]; errors: string[] }[] = [];
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  for (const [path, raw] of Object.entries(error.fields)) {
    const messages = raw.map((message) => localizeApiMessage(lang, message));
    const target = rename[path] ?? path;
    if (known.includes(target))
      onForm.push({
        name: target.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
        errors: messages,
      });
    else rest[path] = messages;
  }
  if (onForm.length) form.setFields(onForm);
  return rest;
}

export function ApiErrorAlert({
  error,
  unshown,
  labels = {},
}: {
  error: ApiError;
  /** Field errors the form could not place; all of them when omitted. */
  unshown?: Record<string, string[]>;
  labels?: Record<string, string>;
}) {
  const { t, lang } = useI18n();
  const rest = Object.entries(unshown ?? error.fields).map(
    ([path, messages]) => [path, messages.map((message) => localizeApiMessage(lang, message))] as const,
  );
  const hasFields = Object.keys(error.fields).length > 0;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={hasFields ? t('app.fixFields') : errorText(t, error, lang)}
      description={
        <>
          {rest.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {rest.map(([path, messages]) => (
                <li key={path}>
                  {/* A field name is the API's English: in Chinese, the message alone. */}
                  {(labels[path] ?? (lang === 'zh' ? null : path)) !== null ? `${labels[path] ?? path}: ` : null}
                  {messages.join('；')}
                </li>
              ))}
            </ul>
          ) : null}
          {error.requestId ? (
            <div style={{ fontSize: 12, opacity: 0.75 }}>
              {t('app.requestId')}: {error.requestId}
            </div>
          ) : null}
        </>
      }
    />
  );
}
