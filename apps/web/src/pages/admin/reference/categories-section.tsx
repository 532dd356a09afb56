// Issue categories, named in Chinese and English; a category switched off is no longer offered to deputies, and the
// issues already filed under it keep it.
import { useState } from 'react';
import { Button, Form, Input, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ApiError } from '../../../api/client';
import { categories, type CategoryInput, type CategoryView } from '../../../api/admin';
import { useApi } from '../../../api/use-api';
import { useI18n } from '../../../i18n/i18n';
import { ActionError, ActiveSwitch, FormModal, PAGE_SIZE, PagedList, SectionHeader, useCommand } from './common';
import { CODE_MAX, NAME_MAX, refRules } from './ref-rules';
import { categoryName } from './searches';

type ActiveFilter = 'all' | 'active' | 'inactive';

export function CategoriesSection() {
  const { t, lang } = useI18n();
  const [active, setActive] = useState<ActiveFilter>('all');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<CategoryView | 'new' | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const command = useCommand(setActionError);
  const state = useApi(
    (signal) =>
      categories.list({ active: active === 'all' ? undefined : active === 'active', page, limit: PAGE_SIZE }, signal),
    [active, page],
  );

  return (
    <section aria-labelledby="categories-title">
      <SectionHeader
        title={t('ref.categories')}
        id="categories-title"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addCategory')}
          </Button>
        }
      >
        <Select<ActiveFilter>
          aria-label={t('ref.status')}
          value={active}
          onChange={(value) => {
            setPage(1);
            setActive(value);
          }}
          options={[
            { value: 'all', label: t('ref.statusAll') },
            { value: 'active', label: t('ref.statusActive') },
            { value: 'inactive', label: t('ref.statusInactive') },
          ]}
          style={{ minWidth: 110 }}
        />
      </SectionHeader>
      <ActionError error={actionError} onClose={() => setActionError(undefined)} />
      <PagedList<CategoryView>
        state={state}
        rowKey={(category) => category.id}
        onPage={setPage}
        columns={[
          { key: 'name', title: t('ref.name'), render: (category) => categoryName(lang, category) },
          {
            key: 'code',
            title: t('ref.code'),
            render: (category) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {category.code}
              </Typography.Text>
            ),
          },
          lang === 'zh'
            ? { key: 'nameEn', title: t('ref.nameEn'), render: (category) => category.nameEn }
            : {
                key: 'nameZh',
                title: t('ref.nameZh'),
                render: (category) => <span lang="zh-CN">{category.nameZh}</span>,
              },
          {
            key: 'active',
            title: t('ref.status'),
            render: (category) => (
              <ActiveSwitch
                active={category.active}
                name={categoryName(lang, category)}
                onToggle={(next) =>
                  command(
                    () => categories.update(category.id, { active: next }),
                    next ? t('ref.switchedOn') : t('ref.switchedOff'),
                  ).then((ok) => {
                    if (ok) state.reload();
                    return ok;
                  })
                }
              />
            ),
          },
        ]}
        actions={(category) => (
          <Button
            size="small"
            onClick={() => setEditing(category)}
            aria-label={`${t('ref.edit')} ${categoryName(lang, category)}`}
          >
            {t('ref.edit')}
          </Button>
        )}
      />
      {editing ? (
        <CategoryModal
          category={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            state.reload();
          }}
        />
      ) : null}
    </section>
  );
}

type CategoryForm = Partial<CategoryInput>;

function CategoryModal({
  category,
  onClose,
  onDone,
}: {
  category: CategoryView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const rules = refRules(t);
  const [form] = Form.useForm<CategoryForm>();
  return (
    <FormModal<CategoryForm>
      title={category ? `${t('ref.editCategory')} · ${categoryName(lang, category)}` : t('ref.addCategory')}
      form={form}
      fields={['code', 'nameZh', 'nameEn']}
      initialValues={category ? { code: category.code, nameZh: category.nameZh, nameEn: category.nameEn } : undefined}
      onClose={onClose}
      onSubmit={async (values) => {
        const input: CategoryInput = {
          code: (values.code ?? '').trim(),
          nameZh: (values.nameZh ?? '').trim(),
          nameEn: (values.nameEn ?? '').trim(),
        };
        if (category) await categories.update(category.id, input);
        else await categories.create(input);
        onDone();
      }}
    >
      <Form.Item name="nameZh" label={t('ref.nameZh')} rules={rules.text(t('ref.nameZh'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" lang="zh-CN" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('ref.nameEn')} rules={rules.text(t('ref.nameEn'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" lang="en" />
      </Form.Item>
      <Form.Item name="code" label={t('ref.code')} extra={t('ref.codeHint')} rules={rules.code()}>
        <Input maxLength={CODE_MAX} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      </Form.Item>
    </FormModal>
  );
}
