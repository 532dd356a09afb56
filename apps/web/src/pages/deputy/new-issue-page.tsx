// A deputy records what a voter raised: station, category, place, channel, urgency, what was said, and (optionally)
// who said it. Phone-first. The draft is saved on the device as it is typed; a submission that gets no answer leaves
// it marked pending, and the retry sends the same idempotency key, so the issue is recorded once whatever happens.
// Photos and documents stay on the device with the draft; each is uploaded under its own key before the submission,
// so a retry uploads none twice.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Flex, Form, Radio, Select, Space, Upload } from 'antd';
import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { uploadAttachment } from '../../api/attachments';
import { ApiError } from '../../api/client';
import { submitIssue } from '../../api/endpoints';
import { CHANNELS, type CreateIssueInput } from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { dateTime, newKey } from '../../components/format';
import { PageHeader } from '../../components/page';
import { makeRules } from '../../components/rules';
import {
  ATTACHMENT_ACCEPT,
  IssueFormFields,
  ISSUE_FORM_FIELDS,
  MAX_ATTACHMENTS,
  voterInput,
} from '../../components/issue-form-fields';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { clearDraft, freshDraft, hasContent, loadDraft, saveDraft, type Draft, type IssueFormValues } from './draft';
import { loadIntakeOptions } from './intake-options';
import { forgetFiles, keepFile, keptFile, type DraftFile } from './draft-files';

const FORM_FIELDS = ['stationId', 'channel', ...ISSUE_FORM_FIELDS];

const DEFAULTS: IssueFormValues = { channel: 'reception_day', urgency: 'normal' };

function toInput(values: IssueFormValues, key: string, attachmentIds: string[]): CreateIssueInput {
  const voter = voterInput(values.voter);
  return {
    stationId: values.stationId ?? '',
    categoryId: values.categoryId ?? '',
    placeRegionId: values.placeRegionId ?? '',
    channel: values.channel ?? 'reception_day',
    urgency: values.urgency ?? 'normal',
    description: (values.description ?? '').trim(),
    ...(voter ? { voter } : {}),
    ...(attachmentIds.length ? { attachmentIds } : {}),
    idempotencyKey: key,
  };
}

export function NewIssuePage() {
  const { t, label } = useI18n();
  const { profile } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<IssueFormValues>();
  const rules = makeRules(t);
  const options = useApi((signal) => loadIntakeOptions(signal), []);
  const draftRef = useRef<Draft>(loadDraft(profile.id) ?? freshDraft());
  const [restoredAt] = useState(() => (hasContent(draftRef.current.values) ? draftRef.current.savedAt : null));
  const [pending, setPending] = useState(draftRef.current.pending);
  const [files, setFiles] = useState<DraftFile[]>(draftRef.current.files);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const stationId = Form.useWatch('stationId', form);

  const persist = useCallback(
    (patch: Partial<Draft>) => {
      draftRef.current = { ...draftRef.current, ...patch, savedAt: new Date().toISOString() };
      saveDraft(profile.id, draftRef.current);
    },
    [profile.id],
  );

  // Choose the only station (and its township's only place) for the deputy, so the usual case is two taps shorter.
  useEffect(() => {
    const data = options.data;
    if (!data) return;
    if (!form.getFieldValue('stationId') && data.stations.length === 1) {
      form.setFieldValue('stationId', data.stations[0].id);
    }
  }, [options.data, form]);

  const places = useMemo(
    () => options.data?.stations.find((station) => station.id === stationId)?.places ?? [],
    [options.data, stationId],
  );

  const submit = useCallback(
    async (values: IssueFormValues) => {
      setBusy(true);
      setError(undefined);
      setUnshown({});
      setConflict(false);
      persist({ values, pending: true });
      setPending(true);
      try {
        // Each file under its own key: one the API already stored (even if its answer was lost) is not stored again.
        for (const file of draftRef.current.files) {
          if (file.attachmentId) continue;
          const blob = await keptFile(file.key);
          if (!blob) continue; // the device lost it (storage cleared): the issue goes without it
          const stored = await uploadAttachment({ file: blob, fileName: file.name, uploadKey: file.key });
          const updated = draftRef.current.files.map((f) =>
            f.key === file.key ? { ...f, attachmentId: stored.id } : f,
          );
          persist({ files: updated });
          setFiles(updated);
        }
        const ids = draftRef.current.files.flatMap((file) => (file.attachmentId ? [file.attachmentId] : []));
        const issue = await submitIssue(toInput(values, draftRef.current.key, ids));
        await forgetFiles(draftRef.current.files.map((file) => file.key));
        clearDraft(profile.id);
        draftRef.current = freshDraft();
        setFiles([]);
        setPending(false);
        message.success(t('deputy.submitted'));
        void navigate(`/issues/${issue.id}`);
      } catch (reason) {
        const apiError = toApiError(reason);
        if (apiError.retryable) {
          // No answer, or "try again": the draft stays pending with its key.
          setError(apiError);
          return;
        }
        // The API answered: this attempt is over, nothing was recorded (or a 409 says the key was spent).
        persist({ pending: false });
        setPending(false);
        if (apiError.status === 409 && apiError.fields.idempotencyKey) {
          setConflict(true);
          return;
        }
        setUnshown(applyFieldErrors(form, apiError, FORM_FIELDS));
        setError(apiError);
      } finally {
        setBusy(false);
      }
    },
    [form, message, navigate, persist, profile.id, t],
  );

  // Back online with a pending submission: send it again (same key), without waiting for a tap.
  useEffect(() => {
    const up = () => {
      setOnline(true);
      if (draftRef.current.pending && !busy) void submit(draftRef.current.values);
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [busy, submit]);

  async function pick(file: File) {
    const kept: DraftFile = { key: `file-${newKey()}`, name: file.name, type: file.type, size: file.size };
    try {
      await keepFile(kept.key, file);
    } catch {
      // No IndexedDB (private mode): the file is still sent with this submission if the page stays open.
    }
    const updated = [...draftRef.current.files, kept];
    persist({ files: updated });
    setFiles(updated);
  }

  function unpick(key: string) {
    const updated = draftRef.current.files.filter((file) => file.key !== key);
    persist({ files: updated });
    setFiles(updated);
    void forgetFiles([key]);
  }

  function discard() {
    void forgetFiles(draftRef.current.files.map((file) => file.key));
    setFiles([]);
    clearDraft(profile.id);
    draftRef.current = freshDraft();
    form.resetFields();
    form.setFieldsValue(DEFAULTS);
    setPending(false);
    setConflict(false);
    setError(undefined);
    setUnshown({});
  }

  const fieldLabels: Record<string, string> = {
    stationId: t('deputy.station'),
    categoryId: t('deputy.category'),
    placeRegionId: t('deputy.place'),
    description: t('deputy.description'),
    idempotencyKey: 'idempotencyKey',
    file: t('attachments.pick'),
    attachmentIds: t('attachments.pick'),
  };

  return (
    <div style={{ maxWidth: 640 }}>
      <PageHeader title={t('deputy.newTitle')}>
        <span style={{ color: 'rgba(0,0,0,.55)', fontSize: 13 }}>{t('deputy.newHint')}</span>
      </PageHeader>
      {!online ? <Alert type="warning" showIcon message={t('deputy.offline')} style={{ marginBottom: 12 }} /> : null}
      {restoredAt && !pending ? (
        <Alert
          type="info"
          showIcon
          closable
          message={t('deputy.draftRestored', { time: dateTime(restoredAt) })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {pending && !busy ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          message={t('deputy.draftPending')}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" type="primary" onClick={() => void submit(draftRef.current.values)}>
              {t('deputy.resubmit')}
            </Button>
          }
        />
      ) : null}
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('deputy.keyConflict')}
          style={{ marginBottom: 12 }}
          action={
            <Space direction="vertical">
              <Button size="small" onClick={() => void navigate('/deputy/issues')}>
                {t('nav.myIssues')}
              </Button>
              <Button size="small" danger onClick={discard}>
                {t('deputy.discardDraft')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {error && !error.retryable ? <ApiErrorAlert error={error} unshown={unshown} labels={fieldLabels} /> : null}
      <Async
        state={options}
        isEmpty={(data) => data.stations.length === 0}
        empty={
          <EmptyState
            description={
              options.data?.source === 'recent'
                ? `${t('deputy.optionsMissing')}：${t('app.comingHint')}`
                : t('deputy.noStations')
            }
          />
        }
      >
        {(data) => (
          <Card>
            <Form<IssueFormValues>
              form={form}
              layout="vertical"
              initialValues={{ ...DEFAULTS, ...draftRef.current.values }}
              onValuesChange={(changed: IssueFormValues, all) => {
                if ('stationId' in changed) form.setFieldValue('placeRegionId', undefined);
                persist({ values: 'stationId' in changed ? { ...all, placeRegionId: undefined } : all });
              }}
              onFinish={(values) => void submit(values)}
              scrollToFirstError
            >
              <IssueFormFields
                form={form}
                categories={data.categories}
                places={places}
                placesDisabled={!stationId}
                voterOpen={hasContent({ voter: draftRef.current.values.voter })}
                before={
                  <>
                    <Form.Item name="stationId" label={t('deputy.station')} rules={rules.select(t('deputy.station'))}>
                      <Select
                        size="large"
                        options={data.stations.map((station) => ({ value: station.id, label: station.name }))}
                        showSearch={{ optionFilterProp: 'label' }}
                      />
                    </Form.Item>
                    <Form.Item name="channel" label={t('deputy.channel')} rules={rules.select(t('deputy.channel'))}>
                      <Radio.Group
                        optionType="button"
                        buttonStyle="solid"
                        options={CHANNELS.filter((channel) => channel !== 'voter_code').map((channel) => ({
                          value: channel,
                          label: label('channel', channel),
                        }))}
                      />
                    </Form.Item>
                  </>
                }
                attachments={
                  // Kept on the device with the draft until the submission (see draft-files.ts), not uploaded at once.
                  <Form.Item label={t('attachments.pick')} extra={t('attachments.hint')}>
                    <Upload
                      accept={ATTACHMENT_ACCEPT}
                      multiple
                      fileList={files.map((file) => ({
                        uid: file.key,
                        name: file.name,
                        status: file.attachmentId ? ('done' as const) : undefined,
                      }))}
                      beforeUpload={(file) => {
                        void pick(file);
                        return false;
                      }}
                      onRemove={(file) => {
                        unpick(file.uid);
                        return true;
                      }}
                      disabled={busy}
                    >
                      <Button
                        icon={<PaperClipOutlined aria-hidden />}
                        disabled={busy || files.length >= MAX_ATTACHMENTS}
                      >
                        {t('attachments.pick')}
                      </Button>
                    </Upload>
                  </Form.Item>
                }
              />
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  size="large"
                  icon={<SendOutlined aria-hidden />}
                  loading={busy}
                  block
                >
                  {pending ? t('deputy.resubmit') : t('deputy.submit')}
                </Button>
                <Button type="link" onClick={discard} disabled={busy}>
                  {t('deputy.discardDraft')}
                </Button>
              </Flex>
            </Form>
          </Card>
        )}
      </Async>
    </div>
  );
}
