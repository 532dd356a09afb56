// Regions: the city → county → township → village hierarchy, browsed one parent at a time (or searched), with
// create, rename and delete; a region still used by stations, departments or issues cannot be deleted (409).
import { useState } from 'react';
import { Breadcrumb, Button, Flex, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApiError } from '../../../api/client';
import { REGION_LEVELS, regions, type RegionLevel, type RegionView } from '../../../api/admin';
import { useApi } from '../../../api/use-api';
import { useI18n } from '../../../i18n/i18n';
import {
  ActionError,
  FILTER_STYLE,
  FormModal,
  LinkButton,
  PAGE_SIZE,
  PagedList,
  RemoteSelect,
  SectionHeader,
  useCommand,
} from './common';
import { CODE_MAX, NAME_MAX, refRules } from './ref-rules';
import { knownRegions, regionLabel, useSearches } from './searches';

/** The level a new child of a region has. */
function childLevel(level: RegionLevel | undefined): RegionLevel {
  if (!level) return 'city';
  const index = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS[Math.min(index + 1, REGION_LEVELS.length - 1)];
}

export function RegionsSection() {
  const { t } = useI18n();
  const searches = useSearches();
  // The parents drilled through, root first; the list shows the children of the last one.
  const [trail, setTrail] = useState<RegionView[]>([]);
  const [level, setLevel] = useState<RegionLevel>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<RegionView | 'new' | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const command = useCommand(setActionError);
  const parent = trail.at(-1);
  const state = useApi(
    (signal) => regions.list({ parentId: parent?.id, level, q: q || undefined, page, limit: PAGE_SIZE }, signal),
    [parent?.id, level, q, page],
  );

  const go = (next: RegionView[]) => {
    setTrail(next);
    setPage(1);
  };

  return (
    <section aria-labelledby="regions-title">
      <SectionHeader
        title={t('ref.regions')}
        id="regions-title"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addRegion')}
          </Button>
        }
      >
        <RemoteSelect
          aria-label={t('ref.parentRegion')}
          placeholder={t('ref.parentRegion')}
          search={searches.regions(['city', 'county', 'township'])}
          selected={parent ? [{ value: parent.id, label: regionLabel(t, parent) }] : []}
          value={parent?.id}
          onChange={(value) => {
            const region = typeof value === 'string' ? knownRegions.get(value) : undefined;
            go(region ? [region] : []);
          }}
          style={FILTER_STYLE}
        />
        <Select<RegionLevel>
          aria-label={t('ref.level')}
          placeholder={t('ref.level')}
          allowClear
          value={level}
          onChange={(value) => {
            setPage(1);
            setLevel(value);
          }}
          options={REGION_LEVELS.map((value) => ({ value, label: t(`ref.level.${value}`) }))}
          style={{ minWidth: 120 }}
        />
        <Input.Search
          aria-label={t('ref.searchRegions')}
          placeholder={t('ref.searchRegions')}
          allowClear
          maxLength={100}
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ maxWidth: 240 }}
        />
      </SectionHeader>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          {
            title: trail.length ? (
              <LinkButton onClick={() => go([])}>{t('ref.allRegions')}</LinkButton>
            ) : (
              t('ref.allRegions')
            ),
          },
          ...trail.map((region, index) => ({
            title:
              index < trail.length - 1 ? (
                <LinkButton onClick={() => go(trail.slice(0, index + 1))}>{region.name}</LinkButton>
              ) : (
                <span aria-current="location">{region.name}</span>
              ),
          })),
        ]}
      />
      <ActionError error={actionError} onClose={() => setActionError(undefined)} />
      <PagedList<RegionView>
        state={state}
        rowKey={(region) => region.id}
        onPage={setPage}
        columns={[
          {
            key: 'name',
            title: t('ref.name'),
            render: (region) => region.name,
          },
          {
            key: 'code',
            title: t('ref.code'),
            render: (region) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {region.code}
              </Typography.Text>
            ),
          },
          { key: 'level', title: t('ref.level'), render: (region) => <Tag>{t(`ref.level.${region.level}`)}</Tag> },
          {
            key: 'path',
            title: t('ref.path'),
            render: (region) => (
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {region.path}
              </Typography.Text>
            ),
          },
        ]}
        actions={(region) => (
          <Space wrap size={4}>
            {region.level !== 'village' ? (
              <Button
                size="small"
                icon={<ApartmentOutlined aria-hidden />}
                onClick={() => go([...trail, region])}
                aria-label={t('ref.childrenOf', { name: region.name })}
              >
                {t('ref.children')}
              </Button>
            ) : null}
            <Button size="small" onClick={() => setEditing(region)} aria-label={`${t('ref.edit')} ${region.name}`}>
              {t('ref.edit')}
            </Button>
            <Popconfirm
              title={t('ref.deleteRegionConfirm', { name: region.name })}
              okText={t('ref.delete')}
              cancelText={t('app.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                void command(() => regions.remove(region.id), t('ref.deleted')).then((ok) => {
                  if (ok) state.reload();
                })
              }
            >
              <Button size="small" danger aria-label={`${t('ref.delete')} ${region.name}`}>
                {t('ref.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      />
      {editing ? (
        <RegionModal
          region={editing === 'new' ? null : editing}
          parent={parent}
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

interface RegionForm {
  code?: string;
  name?: string;
  level?: RegionLevel;
  parentId?: string | null;
}

function RegionModal({
  region,
  parent,
  onClose,
  onDone,
}: {
  region: RegionView | null;
  parent: RegionView | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const searches = useSearches();
  const [form] = Form.useForm<RegionForm>();
  const level = Form.useWatch('level', form);
  // The API takes a parent exactly one level up (a village's parent is a township).
  const parentLevels = level && level !== 'city' ? [REGION_LEVELS[REGION_LEVELS.indexOf(level) - 1]] : undefined;

  return (
    <FormModal<RegionForm>
      title={region ? `${t('ref.editRegion')} · ${region.name}` : t('ref.addRegion')}
      form={form}
      fields={['code', 'name', 'level', 'parentId']}
      labels={{ code: t('ref.code'), name: t('ref.name'), level: t('ref.level'), parentId: t('ref.parentRegion') }}
      initialValues={
        region
          ? { code: region.code, name: region.name }
          : { level: childLevel(parent?.level), parentId: parent?.id ?? null }
      }
      onClose={onClose}
      onSubmit={async (values) => {
        const code = (values.code ?? '').trim();
        const name = (values.name ?? '').trim();
        if (region) await regions.update(region.id, { code, name });
        else await regions.create({ code, name, level: values.level ?? 'village', parentId: values.parentId ?? null });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('ref.name')} rules={rules.text(t('ref.name'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="code" label={t('ref.code')} extra={t('ref.codeHint')} rules={rules.code()}>
        <Input maxLength={CODE_MAX} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      </Form.Item>
      {region ? (
        <Flex gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('ref.level')}:</Typography.Text>
          <Tag>{t(`ref.level.${region.level}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {region.path}
          </Typography.Text>
        </Flex>
      ) : (
        <>
          <Form.Item name="level" label={t('ref.level')} rules={rules.select(t('ref.level'))}>
            <Select<RegionLevel> options={REGION_LEVELS.map((value) => ({ value, label: t(`ref.level.${value}`) }))} />
          </Form.Item>
          {level !== 'city' ? (
            <Form.Item
              name="parentId"
              label={t('ref.parentRegion')}
              rules={rules.select(t('ref.parentRegion'))}
              extra={t('ref.parentHint')}
            >
              <RemoteSelect
                key={level}
                search={searches.regions(parentLevels)}
                selected={parent ? [{ value: parent.id, label: regionLabel(t, parent) }] : []}
              />
            </Form.Item>
          ) : null}
        </>
      )}
    </FormModal>
  );
}
