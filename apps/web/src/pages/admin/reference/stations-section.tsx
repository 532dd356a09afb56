// Stations: township deputies' homes and village work stations, each in a region, with the deputies assigned to it,
// the head chosen from them (负责人) and the liaison officer (联络员) who keeps it.
import { useState } from 'react';
import { Button, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { ApiError } from '../../../api/client';
import { STATION_LEVELS, stations, type StationDetail, type StationLevel, type StationView } from '../../../api/admin';
import { toApiError, useApi } from '../../../api/use-api';
import { useI18n } from '../../../i18n/i18n';
import {
  ActionError,
  FILTER_STYLE,
  FormModal,
  PAGE_SIZE,
  PagedList,
  RemoteSelect,
  SectionHeader,
  localizedError,
  type Option,
} from './common';
import { CODE_MAX, NAME_MAX, refRules } from './ref-rules';
import { useSearches } from './searches';

export function StationsSection() {
  const { t, lang } = useI18n();
  const searches = useSearches();
  const [region, setRegion] = useState<Option>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<StationView | 'new' | null>(null);
  // The station's deputies are fetched before the dialog opens, so that it opens once, filled in.
  const [staffing, setStaffing] = useState<StationDetail | null>(null);
  const [fetching, setFetching] = useState<string>();
  const [actionError, setActionError] = useState<ApiError>();
  const state = useApi(
    (signal) => stations.list({ regionId: region?.value, q: q || undefined, page, limit: PAGE_SIZE }, signal),
    [region?.value, q, page],
  );

  return (
    <section aria-labelledby="stations-title">
      <SectionHeader
        title={t('ref.stations')}
        id="stations-title"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addStation')}
          </Button>
        }
      >
        <RemoteSelect
          aria-label={t('ref.region')}
          placeholder={t('ref.region')}
          search={searches.regions(['township', 'village'])}
          selected={region ? [region] : []}
          value={region?.value}
          onChange={(value, option) => {
            setPage(1);
            setRegion(typeof value === 'string' && option && !Array.isArray(option) ? option : undefined);
          }}
          style={FILTER_STYLE}
        />
        <Input.Search
          aria-label={t('ref.searchStations')}
          placeholder={t('ref.searchStations')}
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
      <PagedList<StationView>
        state={state}
        rowKey={(station) => station.id}
        onPage={setPage}
        columns={[
          { key: 'name', title: t('ref.name'), render: (station) => station.name },
          {
            key: 'code',
            title: t('ref.code'),
            render: (station) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {station.code}
              </Typography.Text>
            ),
          },
          {
            key: 'level',
            title: t('ref.stationLevel'),
            render: (station) => <Tag>{t(`ref.stationLevel.${station.level}`)}</Tag>,
          },
          { key: 'region', title: t('ref.region'), render: (station) => station.regionName },
          { key: 'head', title: t('ref.head'), render: (station) => station.headDeputyName ?? '—' },
          { key: 'liaison', title: t('ref.liaisonOfficer'), render: (station) => station.liaisonOfficerName ?? '—' },
          { key: 'deputies', title: t('ref.deputyCount'), render: (station) => station.deputyCount },
        ]}
        actions={(station) => (
          <Space wrap size={4}>
            <Button size="small" onClick={() => setEditing(station)} aria-label={`${t('ref.edit')} ${station.name}`}>
              {t('ref.edit')}
            </Button>
            <Button
              size="small"
              icon={<TeamOutlined aria-hidden />}
              loading={fetching === station.id}
              onClick={() => {
                setFetching(station.id);
                setActionError(undefined);
                stations
                  .get(station.id)
                  .then(setStaffing, (reason: unknown) => setActionError(localizedError(toApiError(reason), lang)))
                  .finally(() => setFetching(undefined));
              }}
              aria-label={`${t('ref.assignDeputies')} ${station.name}`}
            >
              {t('ref.assignDeputies')}
            </Button>
          </Space>
        )}
      />
      {editing ? (
        <StationModal
          station={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            setActionError(undefined);
            state.reload();
          }}
        />
      ) : null}
      {staffing ? (
        <StaffModal
          station={staffing}
          onClose={() => setStaffing(null)}
          onDone={() => {
            setStaffing(null);
            state.reload();
          }}
        />
      ) : null}
    </section>
  );
}

interface StationForm {
  code?: string;
  name?: string;
  level?: StationLevel;
  regionId?: string;
  headDeputyId?: string | null;
  liaisonOfficerUserId?: string | null;
}

function StationModal({
  station,
  onClose,
  onDone,
}: {
  station: StationView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const searches = useSearches();
  const [form] = Form.useForm<StationForm>();
  const level = Form.useWatch('level', form) ?? station?.level;

  return (
    <FormModal<StationForm>
      title={station ? `${t('ref.editStation')} · ${station.name}` : t('ref.addStation')}
      form={form}
      fields={['code', 'name', 'level', 'regionId', 'headDeputyId', 'liaisonOfficerUserId']}
      initialValues={
        station
          ? {
              code: station.code,
              name: station.name,
              level: station.level,
              regionId: station.regionId,
              liaisonOfficerUserId: station.liaisonOfficerUserId,
            }
          : { level: 'village' }
      }
      onClose={onClose}
      onSubmit={async (values) => {
        const input = {
          code: (values.code ?? '').trim(),
          name: (values.name ?? '').trim(),
          level: values.level ?? 'village',
          regionId: values.regionId ?? '',
          liaisonOfficerUserId: values.liaisonOfficerUserId ?? null,
        };
        if (station) await stations.update(station.id, input);
        // A head named on creation becomes the station's first deputy (the API adds them).
        else await stations.create({ ...input, headDeputyId: values.headDeputyId ?? null });
        onDone();
      }}
    >
      <Form.Item name="name" label={t('ref.name')} rules={rules.text(t('ref.name'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="code" label={t('ref.code')} extra={t('ref.codeHint')} rules={rules.code()}>
        <Input maxLength={CODE_MAX} autoComplete="off" autoCapitalize="none" spellCheck={false} />
      </Form.Item>
      <Form.Item name="level" label={t('ref.stationLevel')} rules={rules.select(t('ref.stationLevel'))}>
        <Select<StationLevel>
          options={STATION_LEVELS.map((value) => ({ value, label: t(`ref.stationLevel.${value}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="regionId"
        label={t('ref.region')}
        extra={t('ref.stationRegionHint')}
        rules={rules.select(t('ref.region'))}
      >
        <RemoteSelect
          key={level}
          search={searches.regions(level ? [level] : ['township', 'village'])}
          selected={station ? [{ value: station.regionId, label: station.regionName }] : []}
        />
      </Form.Item>
      {station ? null : (
        <Form.Item
          name="headDeputyId"
          label={`${t('ref.head')}（${t('app.optional')}）`}
          extra={t('ref.headOnCreateHint')}
        >
          <RemoteSelect search={searches.deputies} />
        </Form.Item>
      )}
      <Form.Item name="liaisonOfficerUserId" label={`${t('ref.liaisonOfficer')}（${t('app.optional')}）`}>
        <RemoteSelect
          search={searches.liaisonUsers}
          selected={
            station?.liaisonOfficerUserId
              ? [
                  {
                    value: station.liaisonOfficerUserId,
                    label: station.liaisonOfficerName ?? station.liaisonOfficerUserId,
                  },
                ]
              : []
          }
        />
      </Form.Item>
    </FormModal>
  );
}

interface StaffForm {
  deputyIds?: string[];
  headDeputyId?: string | null;
}

/** Assigns the station's deputies, then its head from among them (the API wants the head to be one of them). */
function StaffModal({ station, onClose, onDone }: { station: StationDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const searches = useSearches();
  const [form] = Form.useForm<StaffForm>();
  const known = station.deputies.map((deputy) => ({
    value: deputy.id,
    label: `${deputy.name} · ${t(`ref.deputyLevel.${deputy.level}`)}`,
  }));
  const [labels, setLabels] = useState<Option[]>(known);
  const chosen = Form.useWatch('deputyIds', form) ?? station.deputies.map((deputy) => deputy.id);
  const headOptions = chosen.map((id) => labels.find((option) => option.value === id) ?? { value: id, label: id });

  return (
    <FormModal<StaffForm>
      title={`${t('ref.assignDeputies')} · ${station.name}`}
      form={form}
      fields={['deputyIds', 'headDeputyId']}
      initialValues={{ deputyIds: station.deputies.map((deputy) => deputy.id), headDeputyId: station.headDeputyId }}
      onClose={onClose}
      onSubmit={async (values) => {
        const deputyIds = values.deputyIds ?? [];
        const head = values.headDeputyId && deputyIds.includes(values.headDeputyId) ? values.headDeputyId : null;
        // The head must be one of the station's deputies: a head leaving the station stops being head first.
        let current = station.headDeputyId;
        if (current && !deputyIds.includes(current)) {
          await stations.update(station.id, { headDeputyId: null });
          current = null;
        }
        await stations.setDeputies(station.id, deputyIds);
        if (head !== current) await stations.update(station.id, { headDeputyId: head });
        onDone();
      }}
    >
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('ref.assignDeputiesHint')}</Typography.Text>
      </Flex>
      <Form.Item name="deputyIds" label={t('ref.stationDeputies')}>
        <RemoteSelect
          multiple
          search={async (q, signal) => {
            const found = await searches.deputies(q, signal);
            setLabels((previous) => [...previous, ...found.filter((o) => !previous.some((p) => p.value === o.value))]);
            return found;
          }}
          selected={known}
        />
      </Form.Item>
      <Form.Item name="headDeputyId" label={`${t('ref.head')}（${t('app.optional')}）`} extra={t('ref.headHint')}>
        <Select allowClear options={headOptions} />
      </Form.Item>
    </FormModal>
  );
}
