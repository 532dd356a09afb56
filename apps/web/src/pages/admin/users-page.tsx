// User administration: find users, create one with roles and scope, change roles and the department or deputy a
// user is bound to (picked by name), reset a password to a one-time one, disable and enable, lift a sign-in lock-out.
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
import { KeyOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import {
  createUser,
  disableUser,
  enableUser,
  listUsers,
  replaceRoles,
  resetPassword,
  unlockUser,
} from '../../api/endpoints';
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
import { SearchSelect } from './search-select';
import { UserImportButton } from './user-import';

function grantsOf(roles: { role?: Role; regionId?: string | null }[] | undefined): RoleGrantInput[] {
  return (roles ?? [])
    .filter((grant): grant is { role: Role; regionId?: string | null } => Boolean(grant.role))
    .map((grant) =>
      SCOPED_ROLES.includes(grant.role) ? { role: grant.role, regionId: grant.regionId } : { role: grant.role },
    );
}

export function UsersPage() {
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const state = useApi((signal) => listUsers({ q: q || undefined, role, page, limit: 20 }, signal), [q, role, page]);
  const everyone = useApi((signal) => listUsers({ limit: 100 }, signal), []);
  const [unlocking, setUnlocking] = useState<string>();
  const [acting, setActing] = useState<string>();

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

  /** Runs an account action after the admin confirms it; the list shows the result. */
  async function act(user: UserView, run: () => Promise<unknown>, done: string) {
    setActing(user.id);
    try {
      await run();
      message.success(done);
      state.reload();
    } catch (error) {
      message.error(toApiError(error).message);
    } finally {
      setActing(undefined);
    }
  }

  function confirmReset(user: UserView) {
    modal.confirm({
      title: t('admin.resetPassword'),
      content: t('admin.resetConfirm', { name: user.displayName }),
      okText: t('admin.resetPassword'),
      cancelText: t('app.cancel'),
      onOk: async () => {
        try {
          const answer = await resetPassword(user.id);
          state.reload();
          modal.info({
            title: t('admin.resetPassword'),
            content: (
              <div>
                <Typography.Paragraph>{t('admin.resetDone', { name: user.displayName })}</Typography.Paragraph>
                <Typography.Text code copyable data-testid="temporary-password" style={{ fontSize: 18 }}>
                  {answer.temporaryPassword}
                </Typography.Text>
              </div>
            ),
            okText: t('admin.resetNoted'),
          });
        } catch (error) {
          message.error(toApiError(error).message);
        }
      },
    });
  }

  function confirmDisable(user: UserView) {
    modal.confirm({
      title: t('admin.disable'),
      content: t('admin.disableConfirm', { name: user.displayName }),
      okText: t('admin.disable'),
      okButtonProps: { danger: true },
      cancelText: t('app.cancel'),
      onOk: () => act(user, () => disableUser(user.id), t('admin.disabled')),
    });
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
      {user.mustChangePassword ? <Tag color="orange">{t('admin.mustChange')}</Tag> : null}
      {user.failedLogins > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('admin.failedLogins', { count: user.failedLogins })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
  const binding = (user: UserView) => (
    <Flex vertical gap={2}>
      {user.departmentName ? (
        <span>
          {t('admin.boundDepartment')}：{user.departmentName}
        </span>
      ) : null}
      {user.deputyName ? (
        <span>
          {t('admin.boundDeputy')}：{user.deputyName}
        </span>
      ) : null}
    </Flex>
  );
  const actions = (user: UserView) => (
    <Space wrap>
      <Button size="small" onClick={() => setEditing(user)}>
        {t('admin.editRoles')}
      </Button>
      <Button
        size="small"
        icon={<KeyOutlined aria-hidden />}
        onClick={() => confirmReset(user)}
        aria-label={`${t('admin.resetPassword')} ${user.username}`}
      >
        {t('admin.resetPassword')}
      </Button>
      {user.active ? (
        <Button
          size="small"
          danger
          icon={<StopOutlined aria-hidden />}
          loading={acting === user.id}
          onClick={() => confirmDisable(user)}
          aria-label={`${t('admin.disable')} ${user.username}`}
        >
          {t('admin.disable')}
        </Button>
      ) : (
        <Button
          size="small"
          loading={acting === user.id}
          onClick={() => void act(user, () => enableUser(user.id), t('admin.enabled'))}
          aria-label={`${t('admin.enable')} ${user.username}`}
        >
          {t('admin.enable')}
        </Button>
      )}
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
          <Space wrap>
            <UserImportButton onImported={() => state.reload()} />
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('admin.createUser')}
            </Button>
          </Space>
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
                { key: 'binding', title: t('admin.binding'), render: (_, user) => binding(user) },
                { key: 'status', title: t('admin.status'), width: 150, render: (_, user) => statusTags(user) },
                {
                  key: 'created',
                  title: t('admin.createdAt'),
                  width: 140,
                  render: (_, user) => dateTime(user.createdAt),
                },
                { key: 'actions', title: t('issue.actions'), width: 230, render: (_, user) => actions(user) },
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
                        {binding(user)}
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

  async function onFinish(values: CreateForm) {
    setBusy(true);
    setError(undefined);
    const input: CreateUserInput = {
      username: (values.username ?? '').trim(),
      displayName: (values.displayName ?? '').trim(),
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
      password: values.password ?? '',
      roles: grantsOf(values.roles),
      ...(needsDepartment && values.departmentId ? { departmentId: values.departmentId } : {}),
      ...(needsDeputy && values.deputyId ? { deputyId: values.deputyId } : {}),
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
            rules={[{ required: true, message: t('form.required', { field: t('admin.department') }) }]}
          >
            <SearchSelect kind="departments" placeholder={t('admin.pickDepartment')} />
          </Form.Item>
        ) : null}
        {needsDeputy ? (
          <Form.Item
            name="deputyId"
            label={t('admin.deputy')}
            rules={[{ required: true, message: t('form.required', { field: t('admin.deputy') }) }]}
          >
            <SearchSelect kind="deputies" placeholder={t('admin.pickDeputy')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

interface EditForm {
  roles?: { role?: Role; regionId?: string | null }[];
  departmentId?: string | null;
  deputyId?: string | null;
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
  const [form] = Form.useForm<EditForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const roles = Form.useWatch('roles', form) ?? [];
  const needsDepartment = roles.some((grant) => grant?.role === 'department');
  const needsDeputy = roles.some((grant) => grant?.role === 'deputy');

  async function onFinish(values: EditForm) {
    setBusy(true);
    setError(undefined);
    try {
      // A binding the roles no longer need is removed, so that no stale link outlives its role.
      await replaceRoles(user.id, grantsOf(values.roles), {
        departmentId: needsDepartment ? (values.departmentId ?? null) : null,
        deputyId: needsDeputy ? (values.deputyId ?? null) : null,
      });
      message.success(t('app.saved'));
      onDone();
    } catch (reason) {
      const apiError = toApiError(reason);
      const rolePaths = Object.keys(apiError.fields).filter((path) => path.startsWith('roles.'));
      setUnshown(applyFieldErrors(form, apiError, [...rolePaths, 'departmentId', 'deputyId']));
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
      <Form<EditForm>
        form={form}
        layout="vertical"
        initialValues={{
          roles: user.roles.map((grant) => ({ role: grant.role, regionId: grant.regionId })),
          departmentId: user.departmentId,
          deputyId: user.deputyId,
        }}
        onFinish={(values) => void onFinish(values)}
      >
        <RoleGrantsField regions={regions} />
        {needsDepartment ? (
          <Form.Item
            name="departmentId"
            label={t('admin.department')}
            rules={[{ required: true, message: t('form.required', { field: t('admin.department') }) }]}
          >
            <SearchSelect
              kind="departments"
              placeholder={t('admin.pickDepartment')}
              initial={user.departmentId ? { id: user.departmentId, name: user.departmentName ?? '' } : null}
            />
          </Form.Item>
        ) : null}
        {needsDeputy ? (
          <Form.Item
            name="deputyId"
            label={t('admin.deputy')}
            rules={[{ required: true, message: t('form.required', { field: t('admin.deputy') }) }]}
          >
            <SearchSelect
              kind="deputies"
              placeholder={t('admin.pickDeputy')}
              initial={user.deputyId ? { id: user.deputyId, name: user.deputyName ?? '' } : null}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
