// Loading, error and empty states, the same everywhere; errors say what happened in the user's language and keep the
// API's request id for the help desk.
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Flex, Spin } from 'antd';
import { ApiError } from '../api/client';
import type { ApiState } from '../api/use-api';
import { localizeApiMessage } from '../i18n/api-messages';
import { useI18n, type Lang, type Translate } from '../i18n/i18n';

export function errorText(t: Translate, error: ApiError, lang: Lang): string {
  if (error.kind === 'network') return t('app.networkError');
  if (error.kind === 'session') return t('app.sessionEnded');
  if (error.status >= 500 && error.status !== 503) return t('app.serverError');
  return localizeApiMessage(lang, error.message);
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Flex justify="center" align="center" style={{ padding: 48 }} role="status" aria-live="polite">
      <Spin />
      <span style={{ marginInlineStart: 12 }}>{label ?? t('app.loading')}</span>
    </Flex>
  );
}

export function ErrorState({ error, onRetry, title }: { error: ApiError; onRetry?: () => void; title?: string }) {
  const { t, lang } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={title ?? errorText(t, error, lang)}
      description={
        <>
          {title ? <div>{errorText(t, error, lang)}</div> : null}
          {error.requestId ? (
            <div style={{ fontSize: 12, opacity: 0.75 }}>
              {t('app.requestId')}: {error.requestId}
            </div>
          ) : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Empty description={description ?? t('app.empty')} style={{ padding: 32 }}>
      {children}
    </Empty>
  );
}

/** Renders the loading, error or empty state of `state`, else `children(data)`. */
export function Async<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: ApiState<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  if (isEmpty?.(state.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(state.data)}</>;
}
