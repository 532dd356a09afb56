// Runs one command on an issue with an idempotency key made for this attempt: a retry after no answer (or a 503)
// sends the same key, so the API carries the command out once; a definitive answer (done, or refused) retires it.
import { useCallback, useRef, useState } from 'react';
import { App as AntApp } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiError } from '../../api/client';
import type { IssueCommandResult } from '../../api/types';
import { toApiError } from '../../api/use-api';
import { applyFieldErrors } from '../../components/api-form';
import { newKey } from '../../components/format';

export interface CommandState {
  busy: boolean;
  error: ApiError | undefined;
  unshown: Record<string, string[]>;
  run: (call: (key: string) => Promise<IssueCommandResult>) => Promise<boolean>;
  reset: () => void;
}

export function useCommand(options: {
  form?: FormInstance;
  fields?: readonly string[];
  success: string;
  onDone: (result: IssueCommandResult) => void;
}): CommandState {
  const { message } = AntApp.useApp();
  const keyRef = useRef(newKey());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const { form, fields, success, onDone } = options;

  const run = useCallback(
    async (call: (key: string) => Promise<IssueCommandResult>) => {
      setBusy(true);
      setError(undefined);
      setUnshown({});
      try {
        const result = await call(keyRef.current);
        keyRef.current = newKey();
        message.success(success);
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
    [fields, form, message, onDone, success],
  );

  const reset = useCallback(() => {
    setError(undefined);
    setUnshown({});
  }, []);

  return { busy, error, unshown, run, reset };
}
