// The issues raised at a reception, one card each: the deputy who received the voter, then the one issue form the
// deputy's intake uses (components/issue-form-fields.tsx). Shared by a rule day's record and an ad-hoc reception.
import { Button, Card, Form, Select, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api/client';
import type { RaisedIssueInput, RecordOptions } from '../../api/reception';
import type { Urgency } from '../../api/types';
import { applyFieldErrors } from '../../components/api-form';
import {
  ISSUE_FORM_FIELDS,
  IssueFormFields,
  UploadedFilesInput,
  uploadedIds,
  voterInput,
  type UploadedFile,
  type VoterFormValues,
} from '../../components/issue-form-fields';
import { makeRules } from '../../components/rules';
import { useI18n } from '../../i18n/i18n';

export interface RaisedIssueFormValue {
  deputyId?: string;
  categoryId?: string;
  placeRegionId?: string;
  urgency?: Urgency;
  description?: string;
  voter?: VoterFormValues;
  attachmentIds?: UploadedFile[];
}

export const NEW_RAISED_ISSUE: RaisedIssueFormValue = { urgency: 'normal' };

export function raisedIssuesInput(values: RaisedIssueFormValue[] | undefined): RaisedIssueInput[] {
  return (values ?? []).map((issue) => {
    const voter = voterInput(issue.voter);
    const attachmentIds = uploadedIds(issue.attachmentIds);
    return {
      deputyId: issue.deputyId ?? '',
      categoryId: issue.categoryId ?? '',
      placeRegionId: issue.placeRegionId ?? '',
      urgency: issue.urgency ?? 'normal',
      description: (issue.description ?? '').trim(),
      ...(voter ? { voter } : {}),
      ...(attachmentIds.length ? { attachmentIds } : {}),
    };
  });
}

/** Puts the API's field errors on the form (issuesRaised.0.voter.phone lands on its field); returns the rest. */
export function applyRaisedErrors(
  form: FormInstance,
  error: ApiError,
  count: number,
  otherFields: readonly string[],
  rename: Record<string, string> = {},
): Record<string, string[]> {
  const issuePaths = Array.from({ length: count }, (_, i) =>
    ['deputyId', ...ISSUE_FORM_FIELDS].map((f) => `issuesRaised.${i}.${f}`),
  ).flat();
  return applyFieldErrors(form, error, [...otherFields, ...issuePaths], rename);
}

export function RaisedIssuesList({
  form,
  options,
  loading,
}: {
  form: FormInstance;
  options: RecordOptions | undefined;
  loading: boolean;
}) {
  const { t } = useI18n();
  const rules = makeRules(t);
  return (
    <Form.List name="issuesRaised">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              title={t('reception.issue', { n: index + 1 })}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={t('reception.remove')}
                  onClick={() => remove(field.name)}
                />
              }
              style={{ marginBottom: 12 }}
            >
              <IssueFormFields
                form={form}
                name={[field.name]}
                path={['issuesRaised', field.name]}
                categories={options?.categories ?? []}
                places={options?.places ?? []}
                loading={loading}
                before={
                  <Form.Item
                    name={[field.name, 'deputyId']}
                    label={t('reception.receivedBy')}
                    rules={rules.select(t('reception.receivedBy'))}
                  >
                    <Select
                      size="large"
                      options={(options?.deputies ?? []).map((d) => ({ value: d.id, label: d.name }))}
                      loading={loading}
                    />
                  </Form.Item>
                }
                attachments={
                  <Form.Item
                    name={[field.name, 'attachmentIds']}
                    label={t('attachments.pick')}
                    extra={t('attachments.hint')}
                  >
                    <UploadedFilesInput />
                  </Form.Item>
                }
              />
            </Card>
          ))}
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() => add({ ...NEW_RAISED_ISSUE })}
            block
            style={{ marginBottom: 16 }}
          >
            {t('reception.addIssue')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
