// Departments: the township offices and county bureaus that handle issues, each with the address its referrals are
// mailed to; a department switched off keeps its history but gets no new referrals.
import { useState } from 'react';
import { Button, Form, Input, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ApiError } from '../../../api/client';
import { departments, type DepartmentView } from '../../../api/admin';
import { useApi } from '../../../api/use-api';
import { useI18n } from '../../../i18n/i18n';
import {
  ActionError,
  ActiveSwitch,
  FILTER_STYLE,
  FormModal,
  PAGE_SIZE,
  PagedList,
  RemoteSelect,
  SectionHeader,
  useCommand,
  type Option,
} from './common';
import { CODE_MAX, EMAIL_MAX, NAME_MAX, refRules } from './ref-rules';
import { useSearches } from './searches';

type ActiveFilter = 'all' | 'active' | 'inactive';

export function DepartmentsSection() {
  const { t } = useI18n();
  const searches = useSearches();
  const [region, setRegion] = useState<Option>();
  const [q, setQ] = useState('');
  const [active, setActive] = useState<ActiveFilter>('all');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<DepartmentView | 'new' | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const command = useCommand(setActionError);
  const state = useApi(
    (signal) =>
      departments.list(
        {
          regionId: region?.value,
          q: q || undefined,
          active: active === 'all' ? undefined : active === 'active',
          page,
          limit: PAGE_SIZE,
        },
        signal,
      ),
    [region?.value, q, active, page],
  );

  return (
    <section aria-labelledby="departments-title">
      <SectionHeader
        title={t('ref.departments')}
        id="departments-title"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addDepartment')}
          </Button>
        }
      >
        <RemoteSelect
          aria-label={t('ref.region')}
          placeholder={t('ref.region')}
          search={searches.regions(['city', 'county', 'township'])}
          selected={region ? [region] : []}
          value={region?.value}
          onChange={(value, option) => {
            setPage(1);
            setRegion(typeof value === 'string' && option && !Array.isArray(option) ? option : undefined);
          }}
          style={FILTER_STYLE}
        />
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
        <Input.Search
          aria-label={t('ref.searchDepartments')}
          placeholder={t('ref.searchDepartments')}
          allowClear
          maxLength={64}
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ maxWidth: 240 }}
        />
      </SectionHeader>
      <ActionError error={actionError} onClose={() => setActionError(undefined)} />
      <PagedList<DepartmentView>
        state={state}
        rowKey={(department) => department.id}
        onPage={setPage}
        columns={[
          { key: 'name', title: t('ref.name'), render: (department) => department.name },
          {
            key: 'code',
            title: t('ref.code'),
            render: (department) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {department.code}
              </Typography.Text>
            ),
          },
          { key: 'region', title: t('ref.region'), render: (department) => department.regionName },
          {
            key: 'email',
            title: t('ref.email'),
            render: (department) => <span style={{ wordBreak: 'break-all' }}>{department.email}</span>,
          },
          {
            key: 'active',
            title: t('ref.status'),
            render: (department) => (
              <ActiveSwitch
                active={department.active}
                name={department.name}
                onToggle={(next) =>
                  command(
                    () => departments.update(department.id, { active: next }),
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
        actions={(department) => (
          <Button
            size="small"
            onClick={() => setEditing(department)}
            aria-label={`${t('ref.edit')} ${department.name}`}
          >
            {t('ref.edit')}
          </Button>
        )}
      />
      {editing ? (
        <DepartmentModal
          department={editing === 'new' ? null : editing}
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

interface DepartmentForm {
  code?: string;
  name?: string;
  regionId?: string;
  email?: string;
}

function DepartmentModal({
  department,
  onClose,
  onDone,
}: {
  department: DepartmentView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const searches = useSearches();
  const [form] = Form.useForm<DepartmentForm>();
  return (
    <FormModal<DepartmentForm>
      title={department ? `${t('ref.editDepartment')} · ${department.name}` : t('ref.addDepartment')}
      form={form}
      fields={['code', 'name', 'regionId', 'email']}
      initialValues={department ? { code: department.code, name: department.name, email: department.email } : undefined}
      onClose={onClose}
      onSubmit={async (values) => {
        const input = {
          code: (values.code ?? '').trim(),
          name: (values.name ?? '').trim(),
          email: (values.email ?? '').trim(),
        };
        if (department) await departments.update(department.id, input);
        else await departments.create({ ...input, regionId: values.regionId ?? '' });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('ref.name')} rules={rules.text(t('ref.name'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="code" label={t('ref.code')} extra={t('ref.codeHint')} rules={rules.code()}>
        <Input maxLength={CODE_MAX} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      </Form.Item>
      {department ? (
        <Form.Item label={t('ref.region')}>
          <Typography.Text>{department.regionName}</Typography.Text>
        </Form.Item>
      ) : (
        <Form.Item
          name="regionId"
          label={t('ref.region')}
          extra={t('ref.departmentRegionHint')}
          rules={rules.select(t('ref.region'))}
        >
          <RemoteSelect search={searches.regions(['city', 'county', 'township'])} />
        </Form.Item>
      )}
      <Form.Item name="email" label={t('ref.email')} extra={t('ref.emailHint')} rules={rules.email()}>
        <Input type="email" maxLength={EMAIL_MAX} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      </Form.Item>
    </FormModal>
  );
}
