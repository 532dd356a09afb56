// Routing rules: which department leads (and which co-handle) the issues of a category raised in a region's subtree.
// The deepest region wins, then a rule for the category over one for every category, then priority; the tester asks
// the API the same question the workflow asks, so an administrator sees the effect of a rule before an issue comes.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { ApiError } from '../../../api/client';
import { routingRules, type RoutingResolution, type RoutingRuleView } from '../../../api/admin';
import { toApiError, useApi } from '../../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../../components/api-form';
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
  localizedError,
  useCommand,
  type Option,
} from './common';
import { PRIORITY_MAX, PRIORITY_MIN, refRules } from './ref-rules';
import { localizeAdminMessage } from './admin-api-messages';
import { useSearches } from './searches';

/** The category select's value for "every category" (the API's null): a select cannot hold null as an option. */
const ALL = '*';

export function RoutingSection() {
  const { t } = useI18n();
  const searches = useSearches();
  const [region, setRegion] = useState<Option>();
  const [category, setCategory] = useState<Option>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<RoutingRuleView | 'new' | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const command = useCommand(setActionError);
  const state = useApi(
    (signal) =>
      routingRules.list({ regionId: region?.value, categoryId: category?.value, page, limit: PAGE_SIZE }, signal),
    [region?.value, category?.value, page],
  );
  const allCategories = t('ref.allCategories');

  return (
    <>
      <section aria-labelledby="routing-title">
        <SectionHeader
          title={t('ref.routing')}
          id="routing-title"
          extra={
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
              {t('ref.addRule')}
            </Button>
          }
        >
          <RemoteSelect
            aria-label={t('ref.region')}
            placeholder={t('ref.region')}
            search={searches.regions()}
            selected={region ? [region] : []}
            value={region?.value}
            onChange={(value, option) => {
              setPage(1);
              setRegion(typeof value === 'string' && option && !Array.isArray(option) ? option : undefined);
            }}
            style={FILTER_STYLE}
          />
          <RemoteSelect
            aria-label={t('ref.category')}
            placeholder={t('ref.category')}
            search={searches.categories}
            selected={category ? [category] : []}
            value={category?.value}
            onChange={(value, option) => {
              setPage(1);
              setCategory(typeof value === 'string' && option && !Array.isArray(option) ? option : undefined);
            }}
            style={FILTER_STYLE}
          />
        </SectionHeader>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('ref.routingHint')}
        </Typography.Paragraph>
        <ActionError error={actionError} onClose={() => setActionError(undefined)} />
        <PagedList<RoutingRuleView>
          state={state}
          rowKey={(rule) => rule.id}
          onPage={setPage}
          columns={[
            {
              key: 'where',
              title: t('ref.ruleWhere'),
              render: (rule) => `${rule.regionName} · ${rule.categoryName ?? allCategories}`,
            },
            { key: 'lead', title: t('ref.lead'), render: (rule) => rule.leadDepartmentName },
            {
              key: 'co',
              title: t('ref.coHandlers'),
              render: (rule) =>
                rule.coHandlerDepartmentNames.length ? (
                  <Flex gap={4} wrap>
                    {rule.coHandlerDepartmentNames.map((name) => (
                      <Tag key={name}>{name}</Tag>
                    ))}
                  </Flex>
                ) : (
                  '—'
                ),
            },
            { key: 'priority', title: t('ref.priority'), render: (rule) => rule.priority },
            {
              key: 'active',
              title: t('ref.status'),
              render: (rule) => (
                <ActiveSwitch
                  active={rule.active}
                  name={`${rule.regionName} · ${rule.categoryName ?? allCategories}`}
                  onToggle={(next) =>
                    command(
                      () => routingRules.update(rule.id, { active: next }),
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
          actions={(rule) => {
            const name = `${rule.regionName} · ${rule.categoryName ?? allCategories}`;
            return (
              <Space wrap size={4}>
                <Button size="small" onClick={() => setEditing(rule)} aria-label={`${t('ref.edit')} ${name}`}>
                  {t('ref.edit')}
                </Button>
                <Popconfirm
                  title={t('ref.deleteRuleConfirm', { name })}
                  okText={t('ref.delete')}
                  cancelText={t('app.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    void command(() => routingRules.remove(rule.id), t('ref.deleted')).then((ok) => {
                      if (ok) state.reload();
                    })
                  }
                >
                  <Button size="small" danger aria-label={`${t('ref.delete')} ${name}`}>
                    {t('ref.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            );
          }}
        />
      </section>
      <RoutingTester />
      {editing ? (
        <RuleModal
          rule={editing === 'new' ? null : editing}
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

interface RuleForm {
  regionId?: string;
  categoryId?: string;
  leadDepartmentId?: string;
  coHandlerDepartmentIds?: string[];
  priority?: number | null;
}

function RuleModal({
  rule,
  onClose,
  onDone,
}: {
  rule: RoutingRuleView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const searches = useSearches();
  const [form] = Form.useForm<RuleForm>();
  const allOption: Option = { value: ALL, label: t('ref.allCategories') };
  const coHandlers = rule
    ? rule.coHandlerDepartmentIds.map((id, index) => ({ value: id, label: rule.coHandlerDepartmentNames[index] ?? id }))
    : [];

  return (
    <FormModal<RuleForm>
      title={rule ? t('ref.editRule') : t('ref.addRule')}
      form={form}
      fields={['regionId', 'categoryId', 'leadDepartmentId', 'coHandlerDepartmentIds', 'priority']}
      initialValues={
        rule
          ? {
              regionId: rule.regionId,
              categoryId: rule.categoryId ?? ALL,
              leadDepartmentId: rule.leadDepartmentId,
              coHandlerDepartmentIds: rule.coHandlerDepartmentIds,
              priority: rule.priority,
            }
          : { categoryId: ALL, coHandlerDepartmentIds: [], priority: 0 }
      }
      onClose={onClose}
      onSubmit={async (values) => {
        const input = {
          regionId: values.regionId ?? '',
          categoryId: !values.categoryId || values.categoryId === ALL ? null : values.categoryId,
          leadDepartmentId: values.leadDepartmentId ?? '',
          coHandlerDepartmentIds: values.coHandlerDepartmentIds ?? [],
          priority: values.priority ?? 0,
        };
        if (rule) await routingRules.update(rule.id, input);
        else await routingRules.create(input);
        onDone();
      }}
    >
      <Form.Item
        name="regionId"
        label={t('ref.region')}
        extra={t('ref.ruleRegionHint')}
        rules={rules.select(t('ref.region'))}
      >
        <RemoteSelect
          search={searches.regions()}
          selected={rule ? [{ value: rule.regionId, label: rule.regionName }] : []}
        />
      </Form.Item>
      <Form.Item name="categoryId" label={t('ref.category')} rules={rules.select(t('ref.category'))}>
        <RemoteSelect
          allowClear={false}
          search={async (q, signal) => {
            const found = await searches.categories(q, signal);
            return q ? found : [allOption, ...found];
          }}
          selected={[
            allOption,
            ...(rule?.categoryId ? [{ value: rule.categoryId, label: rule.categoryName ?? '' }] : []),
          ]}
        />
      </Form.Item>
      <Form.Item
        name="leadDepartmentId"
        label={t('ref.lead')}
        rules={[
          ...rules.select(t('ref.lead')),
          ({ getFieldValue }) => ({
            validator: (_rule, value: unknown) =>
              typeof value === 'string' &&
              (getFieldValue('coHandlerDepartmentIds') as string[] | undefined)?.includes(value)
                ? Promise.reject(new Error(t('ref.leadNotCo')))
                : Promise.resolve(),
          }),
        ]}
      >
        <RemoteSelect
          search={searches.departments}
          selected={rule ? [{ value: rule.leadDepartmentId, label: rule.leadDepartmentName }] : []}
        />
      </Form.Item>
      <Form.Item
        name="coHandlerDepartmentIds"
        label={`${t('ref.coHandlers')}（${t('app.optional')}）`}
        dependencies={['leadDepartmentId']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_rule, value: unknown) =>
              Array.isArray(value) && value.includes(getFieldValue('leadDepartmentId'))
                ? Promise.reject(new Error(t('ref.leadNotCo')))
                : Promise.resolve(),
          }),
        ]}
      >
        <RemoteSelect multiple search={searches.departments} selected={coHandlers} />
      </Form.Item>
      <Form.Item
        name="priority"
        label={t('ref.priority')}
        extra={t('ref.priorityHint')}
        rules={[
          { required: true, message: t('form.required', { field: t('ref.priority') }) },
          {
            type: 'integer',
            min: PRIORITY_MIN,
            max: PRIORITY_MAX,
            message: t('form.range', { field: t('ref.priority'), min: PRIORITY_MIN, max: PRIORITY_MAX }),
          },
        ]}
      >
        <InputNumber<number> precision={0} min={PRIORITY_MIN} max={PRIORITY_MAX} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

interface TesterForm {
  placeRegionId?: string;
  categoryId?: string;
}

/** "Which department would get this?": asks the API to route a made-up issue and shows the answer and why. */
function RoutingTester() {
  const { t, lang } = useI18n();
  const rules = refRules(t);
  const searches = useSearches();
  const [form] = Form.useForm<TesterForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});
  const [answer, setAnswer] = useState<RoutingResolution>();

  async function ask(values: TesterForm) {
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      setAnswer(
        await routingRules.resolve({ placeRegionId: values.placeRegionId ?? '', categoryId: values.categoryId ?? '' }),
      );
    } catch (reason) {
      const apiError = localizedError(toApiError(reason), lang);
      setUnshown(applyFieldErrors(form, apiError, ['placeRegionId', 'categoryId']));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="tester-title" style={{ marginTop: 24 }}>
      <Card
        size="small"
        title={
          <Typography.Title level={3} id="tester-title" style={{ fontSize: 16, margin: 0 }}>
            <QuestionCircleOutlined aria-hidden style={{ marginInlineEnd: 6 }} />
            {t('ref.tester')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('ref.testerHint')}
        </Typography.Paragraph>
        {error ? <ApiErrorAlert error={error} unshown={unshown} /> : null}
        <Form<TesterForm> form={form} name="routing-tester" layout="vertical" onFinish={(values) => void ask(values)}>
          <Flex gap={12} wrap align="end">
            <Form.Item
              name="placeRegionId"
              label={t('ref.place')}
              rules={rules.select(t('ref.place'))}
              style={{ flex: '1 1 220px', marginBottom: 12 }}
            >
              <RemoteSelect search={searches.regions()} />
            </Form.Item>
            <Form.Item
              name="categoryId"
              label={t('ref.category')}
              rules={rules.select(t('ref.category'))}
              style={{ flex: '1 1 180px', marginBottom: 12 }}
            >
              <RemoteSelect search={searches.categories} />
            </Form.Item>
            <Form.Item style={{ marginBottom: 12 }}>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('ref.testRoute')}
              </Button>
            </Form.Item>
          </Flex>
        </Form>
        <div aria-live="polite">{answer ? <Resolution answer={answer} /> : null}</div>
      </Card>
    </section>
  );
}

function Resolution({ answer }: { answer: RoutingResolution }) {
  const { t, lang } = useI18n();
  return (
    <div data-testid="routing-answer">
      {answer.lead ? null : <Alert type="warning" showIcon message={t('ref.noRule')} style={{ marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'lead', label: t('ref.lead'), children: answer.lead?.name ?? t('ref.triage') },
          {
            key: 'co',
            label: t('ref.coHandlers'),
            children: answer.coHandlers.length ? answer.coHandlers.map((d) => d.name).join('、') : '—',
          },
          {
            key: 'rule',
            label: t('ref.matchedRule'),
            children: answer.rule
              ? `${answer.rule.regionName} · ${answer.rule.categoryId ? t('ref.thisCategory') : t('ref.allCategories')}`
              : '—',
          },
          { key: 'why', label: t('ref.explanation'), children: localizeAdminMessage(lang, answer.explanation) },
        ]}
      />
    </div>
  );
}
