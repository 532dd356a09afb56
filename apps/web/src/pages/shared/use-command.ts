// Runs one command on an issue with an idempotency key made for this attempt: a retry after no answer (or a 503)
// sends the same key, so the API carries the command out once; a definitive answer (done, accepted, or refused)
// retires it. An accepted command (202) is being carried out, counted from when the API received it: say so, and
// refresh as for a done one (the page then shows it once the workflow has recorded it).
import { useCallback, useRef, useState } from 'react';
import { App as AntApp } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiError } from '../../api/client';
import type { IssueCommandAnswer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { toApiError } from '../../api/use-api';
import { applyFieldErrors } from '../../components/api-form';
import { newKey } from '../../components/format';

export interface CommandState {
  busy: boolean;
  error: ApiError | undefined;
  unshown: Record<string, string[]>;
  run: (call: (key: string) => Promise<IssueCommandAnswer>) => Promise<boolean>;
  reset: () => void;
}

export function useCommand(options: {
  form?: FormInstance;
  fields?: readonly string[];
  success: string;
  onDone: (result: IssueCommandAnswer) => void;
}): CommandState {
  const { message } = AntApp.useApp();
  const { t } = useI18n();
  const keyRef = useRef(newKey());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const { form, fields, success, onDone } = options;

  const run = useCallback(
    async (call: (key: string) => Promise<IssueCommandAnswer>) => {
      setBusy(true);
      setError(undefined);
      setUnshown({});
      try {
        const result = await call(keyRef.current);
        keyRef.current = newKey();
        if ('accepted' in result) message.info(t('command.accepted'));
        else message.success(success);
        onDone(result);
        return true;
      } catch (reason) {
        const apiError = toApiError(reason);
        if (!apiError.retryable) keyRef.current = newKey();
        setUnshown(form && fields ? applyFieldErrors(form, apiError, fields) : apiError.fields);
        setError(apiError);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fields, form, message, onDone, success, t],
  );

  const reset = useCallback(() => {
    setError(undefined);
    setUnshown({});
  }, []);

  return { busy, error, unshown, run, reset };
}
