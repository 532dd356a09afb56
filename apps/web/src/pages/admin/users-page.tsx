// User administration: find users, create one with roles and scope, change roles, lift a sign-in lock-out.
import { useMemo, useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Pagination,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { createUser, listUsers, replaceRoles, unlockUser } from '../../api/endpoints';
import {
  ROLES,
  type CreateUserInput,
  type NamedRef,
  type Role,
  type RoleGrantInput,
  type UserView,
} from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../components/api-form';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { makeRules, USERNAME_PATTERN } from '../../components/rules';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { RoleGrantsField, SCOPED_ROLES } from './role-grants-field';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function grantsOf(roles: { role?: Role; regionId?: string | null }[] | undefined): RoleGrantInput[] {
  return (roles ?? [])
    .filter((grant): grant is { role: Role; regionId?: string | null } => Boolean(grant.role))
    .map((grant) =>
      SCOPED_ROLES.includes(grant.role) ? { role: grant.role, regionId: grant.regionId } : { role: grant.role },
    );
}

export function UsersPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const state = useApi((signal) => listUsers({ q: q || undefined, role, page, limit: 20 }, signal), [q, role, page]);
  const everyone = useApi((signal) => listUsers({ limit: 100 }, signal), []);
  const [unlocking, setUnlocking] = useState<string>();

  // The regions scope grants can name: those already granted to someone (no region list endpoint yet).
  const regions = useMemo<NamedRef[]>(() => {
    const seen = new Map<string, string>();
    for (const user of everyone.data?.items ?? []) {
      for (const grant of user.roles) {
        if (grant.regionId) seen.set(grant.regionId, grant.regionName ?? grant.regionPath ?? grant.regionId);
      }
    }
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [everyone.data]);

  async function unlock(user: UserView) {
    setUnlocking(user.id);
    try {
      await unlockUser(user.id);
      message.success(t('admin.unlocked'));
      state.reload();
    } catch (error) {
      message.error(toApiError(error).message);
    } finally {
      setUnlocking(undefined);
    }
  }

  const locked = (user: UserView) => user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.now();
  const roleTags = (user: UserView) => (
    <Flex gap={4} wrap>
      {user.roles.map((grant, index) => (
        <Tag key={index}>
          {t(`role.${grant.role}`)}
          {grant.regionName ? ` · ${grant.regionName}` : ''}
        </Tag>
      ))}
    </Flex>
  );
  const statusTags = (user: UserView) => (
    <Flex gap={4} wrap>
      {user.active ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.inactive')}</Tag>}
      {locked(user) ? <Tag color="red">{t('admin.locked')}</Tag> : null}
      {user.failedLogins > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('admin.failedLogins', { count: user.failedLogins })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
  const actions = (user: UserView) => (
    <Space wrap>
      <Button size="small" onClick={() => setEditing(user)}>
        {t('admin.editRoles')}
      </Button>
      {locked(user) || user.failedLogins > 0 ? (
        <Button
          size="small"
          icon={<UnlockOutlined aria-hidden />}
          loading={unlocking === user.id}
          onClick={() => void unlock(user)}
          aria-label={`${t('admin.unlock')} ${user.username}`}
        >
          {t('admin.unlock')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <>
      <PageHeader
        title={t('admin.usersTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t('admin.createUser')}
          </Button>
        }
      >
        <Flex gap={8} wrap>
          <Input.Search
            aria-label={t('admin.search')}
            placeholder={t('admin.search')}
            allowClear
            maxLength={64}
            onSearch={(value) => {
              setPage(1);
              setQ(value.trim());
            }}
            style={{ maxWidth: 280 }}
          />
          <Select<Role>
            aria-label={t('admin.roles')}
            placeholder={t('admin.roles')}
            allowClear
            value={role}
            onChange={(value) => {
              setPage(1);
              setRole(value);
            }}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            style={{ minWidth: 140 }}
          />
        </Flex>
      </PageHeader>
      <Async state={state} isEmpty={(data) => data.total === 0} empty={<EmptyState />}>
        {(data) =>
          screens.md ? (
            <Table<UserView>
              rowKey="id"
              size="middle"
              loading={state.loading}
              dataSource={data.items}
              pagination={{
                current: data.page,
                pageSize: data.limit,
                total: data.total,
                onChange: setPage,
                showSizeChanger: false,
                showTotal: (total) => t('app.total', { total }),
              }}
              columns={[
                {
                  key: 'name',
                  title: t('admin.displayName'),
                  render: (_, user) => (
                    <div>
                      <div>{user.displayName}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {user.username}
                      </Typography.Text>
                    </div>
                  ),
                },
                { key: 'roles', title: t('admin.roles'), render: (_, user) => roleTags(user) },
                { key: 'status', title: t('admin.status'), width: 150, render: (_, user) => statusTags(user) },
                {
                  key: 'created',
                  title: t('admin.createdAt'),
                  width: 140,
                  render: (_, user) => dateTime(user.createdAt),
                },
                { key: 'actions', title: t('issue.actions'), width: 170, render: (_, user) => actions(user) },
              ]}
            />
          ) : (
            <>
              <List
                loading={state.loading}
                dataSource={data.items}
                renderItem={(user) => (
                  <List.Item key={user.id} style={{ padding: '6px 0', borderBlockEnd: 0 }}>
                    <Card size="small" style={{ width: '100%' }}>
                      <div>{user.displayName}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {user.username}
                      </Typography.Text>
                      <Flex vertical gap={6} style={{ marginTop: 6 }}>
                        {roleTags(user)}
                        {statusTags(user)}
                        {actions(user)}
                      </Flex>
                    </Card>
                  </List.Item>
                )}
              />
              <Flex justify="space-between" align="center" wrap style={{ marginTop: 12 }}>
                <Typography.Text type="secondary">{t('app.total', { total: data.total })}</Typography.Text>
                {data.total > data.limit ? (
                  <Pagination
                    size="small"
                    current={data.page}
                    pageSize={data.limit}
                    total={data.total}
                    onChange={setPage}
                    showSizeChanger={false}
                  />
                ) : null}
              </Flex>
            </>
          )
        }
      </Async>
      {creating ? (
        <CreateUserModal
          regions={regions}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            state.reload();
            everyone.reload();
          }}
        />
      ) : null}
      {editing ? (
        <EditRolesModal
          user={editing}
          regions={regions}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}

interface CreateForm {
  username?: string;
  displayName?: string;
  email?: string;
  password?: string;
  roles?: { role?: Role; regionId?: string | null }[];
  departmentId?: string;
  deputyId?: string;
}

const CREATE_FIELDS = ['username', 'displayName', 'email', 'password', 'departmentId', 'deputyId'];

function CreateUserModal({
  regions,
  onClose,
  onDone,
}: {
  regions: NamedRef[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const rules = makeRules(t);
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const roles = Form.useWatch('roles', form) ?? [];
  const needsDepartment = roles.some((grant) => grant?.role === 'department');
  const needsDeputy = roles.some((grant) => grant?.role === 'deputy');
  const uuidRule = { pattern: UUID, message: 'UUID' };

  async function onFinish(values: CreateForm) {
    setBusy(true);
    setError(undefined);
    const input: CreateUserInput = {
      username: (values.username ?? '').trim(),
      displayName: (values.displayName ?? '').trim(),
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
      password: values.password ?? '',
      roles: grantsOf(values.roles),
      ...(needsDepartment && values.departmentId ? { departmentId: values.departmentId.trim() } : {}),
      ...(needsDeputy && values.deputyId ? { deputyId: values.deputyId.trim() } : {}),
    };
    try {
      await createUser(input);
      message.success(t('admin.created'));
      onDone();
    } catch (reason) {
      const apiError = toApiError(reason);
      const rolePaths = Object.keys(apiError.fields).filter((path) => /^roles\.\d+\.(role|regionId)$/.test(path));
      setUnshown(applyFieldErrors(form, apiError, [...CREATE_FIELDS, ...rolePaths]));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('admin.createUser')}
      onCancel={onClose}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
    >
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Form<CreateForm>
        form={form}
        layout="vertical"
        initialValues={{ roles: [{ role: 'deputy' }] }}
        onFinish={(values) => void onFinish(values)}
      >
        <Form.Item
          name="username"
          label={t('admin.username')}
          extra={t('admin.usernameHint')}
          rules={[
            { required: true, message: t('form.required', { field: t('admin.username') }) },
            { pattern: USERNAME_PATTERN, message: t('form.username') },
          ]}
        >
          <Input autoComplete="off" autoCapitalize="none" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.displayName')} rules={rules.text(t('admin.displayName'), 100)}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="email"
          label={`${t('admin.email')}（${t('app.optional')}）`}
          rules={[{ type: 'email', message: t('form.email') }, { max: 254 }]}
        >
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('admin.password')}
          rules={[
            { required: true, message: t('form.required', { field: t('admin.password') }) },
            { min: 12, message: t('form.minLength', { field: t('admin.password'), min: 12 }) },
            { max: 128, message: t('form.maxLength', { field: t('admin.password'), max: 128 }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <RoleGrantsField regions={regions} />
        {needsDepartment ? (
          <Form.Item
            name="departmentId"
            label={t('admin.department')}
            rules={[{ required: true, message: t('form.required', { field: t('admin.department') }) }, uuidRule]}
          >
            <Input autoComplete="off" placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </Form.Item>
        ) : null}
        {needsDeputy ? (
          <Form.Item
            name="deputyId"
            label={t('admin.deputy')}
            rules={[{ required: true, message: t('form.required', { field: t('admin.deputy') }) }, uuidRule]}
          >
            <Input autoComplete="off" placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function EditRolesModal({
  user,
  regions,
  onClose,
  onDone,
}: {
  user: UserView;
  regions: NamedRef[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ roles?: { role?: Role; regionId?: string | null }[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});

  async function onFinish(values: { roles?: { role?: Role; regionId?: string | null }[] }) {
    setBusy(true);
    setError(undefined);
    try {
      await replaceRoles(user.id, grantsOf(values.roles));
      message.success(t('app.saved'));
      onDone();
    } catch (reason) {
      const apiError = toApiError(reason);
      const rolePaths = Object.keys(apiError.fields).filter((path) => path.startsWith('roles.'));
      setUnshown(applyFieldErrors(form, apiError, rolePaths));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${t('admin.editRoles')} · ${user.displayName}`}
      onCancel={onClose}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ roles: user.roles.map((grant) => ({ role: grant.role, regionId: grant.regionId })) }}
        onFinish={(values) => void onFinish(values)}
      >
        <RoleGrantsField regions={regions} />
      </Form>
    </Modal>
  );
}
