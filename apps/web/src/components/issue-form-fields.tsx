// The one issue form: what a voter raised, with the same fields and checks wherever it is recorded — the deputy's
// intake and the issues raised at a reception (rule day, ad-hoc or by appointment). Category, place, urgency, what was
// said with its likely duplicates (重复件), photos and documents, and who said it; the API checks the same rules
// (CreateIssueDto, whose fields the reception's RaisedIssueDto takes).
import { useState, type ReactNode } from 'react';
import { Button, Collapse, Form, Input, Radio, Select, Upload, type FormInstance } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { uploadAttachment } from '../api/attachments';
import { URGENCIES, type Urgency } from '../api/types';
import { toApiError } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { newKey } from './format';
import { makeRules } from './rules';
import { SimilarIssues } from './similar-issues';

/** The voter's fields, named as the API names them (voter.name …), so field errors land without renaming. */
export interface VoterFormValues {
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
}

export const ISSUE_FORM_FIELDS = [
  'categoryId',
  'placeRegionId',
  'urgency',
  'description',
  'voter.name',
  'voter.phone',
  'voter.idNumber',
  'voter.address',
  'attachmentIds',
] as const;

export const ATTACHMENT_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx';
export const MAX_ATTACHMENTS = 20;

/** The voter's filled-in fields, trimmed; undefined when none is. */
export function voterInput(voter: VoterFormValues | undefined): VoterFormValues | undefined {
  const entries = Object.entries(voter ?? {}) as [keyof VoterFormValues, unknown][];
  const filled: VoterFormValues = Object.fromEntries(
    entries.flatMap(([field, value]) =>
      typeof value === 'string' && value.trim() !== '' ? [[field, value.trim()] as const] : [],
    ),
  );
  return Object.keys(filled).length ? filled : undefined;
}

interface Named {
  id: string;
  name: string;
}

/**
 * The issue's fields inside a form. `name` prefixes each field (inside a Form.List, `[field.name]`), `path` is the
 * same place from the form's root, for watching what the likely duplicates compare. `before` goes above the category
 * (the deputy's station, the deputy who received the voter), `attachments` under the description.
 */
export function IssueFormFields({
  form,
  name = [],
  path = name,
  categories,
  places,
  placesDisabled,
  loading,
  before,
  attachments,
  voterOpen,
}: {
  form: FormInstance;
  name?: (string | number)[];
  path?: (string | number)[];
  categories: Named[];
  places: Named[];
  placesDisabled?: boolean;
  loading?: boolean;
  before?: ReactNode;
  attachments: ReactNode;
  voterOpen?: boolean;
}) {
  const { t, label } = useI18n();
  const rules = makeRules(t);
  const at = (field: string): (string | number)[] => [...name, field];
  const watch = (field: string) => [...path, field];
  const placeRegionId = Form.useWatch(watch('placeRegionId'), form) as string | undefined;
  const categoryId = Form.useWatch(watch('categoryId'), form) as string | undefined;
  const description = Form.useWatch(watch('description'), form) as string | undefined;
  const options = (list: Named[]) => list.map((item) => ({ value: item.id, label: item.name }));
  return (
    <>
      {before}
      <Form.Item name={at('categoryId')} label={t('deputy.category')} rules={rules.select(t('deputy.category'))}>
        <Select
          size="large"
          options={options(categories)}
          loading={loading}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name={at('placeRegionId')} label={t('deputy.place')} rules={rules.select(t('deputy.place'))}>
        <Select
          size="large"
          disabled={placesDisabled}
          options={options(places)}
          loading={loading}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name={at('urgency')} label={t('deputy.urgency')} rules={rules.select(t('deputy.urgency'))}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={URGENCIES.map((urgency: Urgency) => ({ value: urgency, label: label('urgency', urgency) }))}
        />
      </Form.Item>
      <Form.Item
        name={at('description')}
        label={t('deputy.description')}
        rules={rules.text(t('deputy.description'), 4000)}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          showCount
          maxLength={4000}
          placeholder={t('deputy.descriptionPlaceholder')}
        />
      </Form.Item>
      <SimilarIssues placeRegionId={placeRegionId} categoryId={categoryId} description={description} />
      {attachments}
      <Collapse
        size="small"
        style={{ marginBottom: 16 }}
        defaultActiveKey={voterOpen ? ['voter'] : []}
        items={[
          {
            key: 'voter',
            label: t('deputy.voterSection'),
            forceRender: true,
            children: (
              <>
                <Form.Item
                  name={[...name, 'voter', 'name']}
                  label={t('issue.voterName')}
                  rules={rules.optionalText(t('issue.voterName'), 50)}
                >
                  <Input autoComplete="off" maxLength={50} />
                </Form.Item>
                <Form.Item name={[...name, 'voter', 'phone']} label={t('issue.voterPhone')} rules={rules.phone()}>
                  <Input inputMode="tel" autoComplete="off" maxLength={20} />
                </Form.Item>
                <Form.Item
                  name={[...name, 'voter', 'idNumber']}
                  label={t('issue.voterIdNumber')}
                  rules={rules.idNumber()}
                >
                  <Input autoComplete="off" maxLength={18} />
                </Form.Item>
                <Form.Item
                  name={[...name, 'voter', 'address']}
                  label={t('issue.voterAddress')}
                  rules={rules.optionalText(t('issue.voterAddress'), 200)}
                >
                  <Input autoComplete="off" maxLength={200} />
                </Form.Item>
              </>
            ),
          },
        ]}
      />
    </>
  );
}

export interface UploadedFile {
  key: string;
  name: string;
  id?: string;
  /** Why the API refused it (too large, not an allowed type): shown on the file. */
  refused?: string;
}

/**
 * Photos and documents uploaded as they are picked (each under its own key, so a retried upload finds the first);
 * the value is the list of files, their ids go to the API as attachmentIds. For forms without an offline draft: the
 * deputy's intake keeps its files on the device instead (see pages/deputy/draft-files.ts).
 */
export function UploadedFilesInput({
  value = [],
  onChange,
  disabled,
}: {
  value?: UploadedFile[];
  onChange?: (files: UploadedFile[]) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [latest] = useState<{ files: UploadedFile[] }>({ files: value });
  latest.files = value;
  const set = (files: UploadedFile[]) => {
    latest.files = files;
    onChange?.(files);
  };
  async function pick(file: File) {
    const kept: UploadedFile = { key: `file-${newKey()}`, name: file.name };
    set([...latest.files, kept]);
    try {
      const stored = await uploadAttachment({ file, fileName: file.name, uploadKey: kept.key });
      set(latest.files.map((f) => (f.key === kept.key ? { ...f, id: stored.id } : f)));
    } catch (error) {
      const refused = toApiError(error).message;
      set(latest.files.map((f) => (f.key === kept.key ? { ...f, refused } : f)));
    }
  }
  return (
    <Upload
      accept={ATTACHMENT_ACCEPT}
      multiple
      fileList={value.map((file) => ({
        uid: file.key,
        name: file.name,
        status: file.refused ? ('error' as const) : file.id ? ('done' as const) : ('uploading' as const),
        response: file.refused,
      }))}
      beforeUpload={(file) => {
        void pick(file);
        return false;
      }}
      onRemove={(file) => {
        set(latest.files.filter((f) => f.key !== file.uid));
        return true;
      }}
      disabled={disabled}
    >
      <Button icon={<PaperClipOutlined aria-hidden />} disabled={disabled || value.length >= MAX_ATTACHMENTS}>
        {t('attachments.pick')}
      </Button>
    </Upload>
  );
}

/** The uploaded files' ids, for attachmentIds. */
export const uploadedIds = (files: UploadedFile[] | undefined): string[] =>
  (files ?? []).flatMap((file) => (file.id ? [file.id] : []));
