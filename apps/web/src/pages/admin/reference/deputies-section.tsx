// Deputies: the people's-congress deputies of every level, with the public facts a station shows on its wall (name,
// gender, employer and post, contact). Which stations they serve is set on the stations screen.
import { useState } from 'react';
import { Button, Form, Input, Radio, Select, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { DEPUTY_LEVELS, GENDERS, deputies, type DeputyInput, type DeputyView, type Gender } from '../../../api/admin';
import type { DeputyLevel } from '../../../api/admin';
import { useApi } from '../../../api/use-api';
import { useI18n } from '../../../i18n/i18n';
import { FILTER_STYLE, FormModal, PAGE_SIZE, PagedList, RemoteSelect, SectionHeader, type Option } from './common';
import { NAME_MAX, PHONE_MAX, TEXT_MAX, refRules } from './ref-rules';
import { useSearches } from './searches';

export function DeputiesSection() {
  const { t } = useI18n();
  const searches = useSearches();
  const [q, setQ] = useState('');
  const [station, setStation] = useState<Option>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<DeputyView | 'new' | null>(null);
  const state = useApi(
    (signal) => deputies.list({ q: q || undefined, stationId: station?.value, page, limit: PAGE_SIZE }, signal),
    [q, station?.value, page],
  );

  return (
    <section aria-labelledby="deputies-title">
      <SectionHeader
        title={t('ref.deputies')}
        id="deputies-title"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('ref.addDeputy')}
          </Button>
        }
      >
        <RemoteSelect
          aria-label={t('ref.station')}
          placeholder={t('ref.station')}
          search={searches.stations}
          selected={station ? [station] : []}
          value={station?.value}
          onChange={(value, option) => {
            setPage(1);
            setStation(typeof value === 'string' && option && !Array.isArray(option) ? option : undefined);
          }}
          style={FILTER_STYLE}
        />
        <Input.Search
          aria-label={t('ref.searchDeputies')}
          placeholder={t('ref.searchDeputies')}
          allowClear
          maxLength={64}
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ maxWidth: 240 }}
        />
      </SectionHeader>
      <PagedList<DeputyView>
        state={state}
        rowKey={(deputy) => deputy.id}
        onPage={setPage}
        columns={[
          { key: 'name', title: t('ref.name'), render: (deputy) => deputy.name },
          { key: 'gender', title: t('ref.gender'), render: (deputy) => t(`ref.gender.${deputy.gender}`) },
          {
            key: 'level',
            title: t('ref.deputyLevel'),
            render: (deputy) => <Tag>{t(`ref.deputyLevel.${deputy.level}`)}</Tag>,
          },
          { key: 'employer', title: t('ref.employerPost'), render: (deputy) => `${deputy.employer} · ${deputy.post}` },
          { key: 'phone', title: t('ref.phone'), render: (deputy) => deputy.phone },
          { key: 'stations', title: t('ref.stationCount'), render: (deputy) => deputy.stationIds.length },
          {
            key: 'account',
            title: t('ref.account'),
            render: (deputy) =>
              deputy.userId ? <Tag color="green">{t('ref.hasAccount')}</Tag> : <Tag>{t('ref.noAccount')}</Tag>,
          },
        ]}
        actions={(deputy) => (
          <Button size="small" onClick={() => setEditing(deputy)} aria-label={`${t('ref.edit')} ${deputy.name}`}>
            {t('ref.edit')}
          </Button>
        )}
      />
      {editing ? (
        <DeputyModal
          deputy={editing === 'new' ? null : editing}
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

type DeputyForm = Partial<DeputyInput>;

function DeputyModal({
  deputy,
  onClose,
  onDone,
}: {
  deputy: DeputyView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const rules = refRules(t);
  const [form] = Form.useForm<DeputyForm>();
  return (
    <FormModal<DeputyForm>
      title={deputy ? `${t('ref.editDeputy')} · ${deputy.name}` : t('ref.addDeputy')}
      form={form}
      fields={['name', 'gender', 'level', 'employer', 'post', 'phone']}
      initialValues={
        deputy
          ? {
              name: deputy.name,
              gender: deputy.gender,
              level: deputy.level,
              employer: deputy.employer,
              post: deputy.post,
              phone: deputy.phone,
            }
          : { level: 'township' }
      }
      onClose={onClose}
      onSubmit={async (values) => {
        const input: DeputyInput = {
          name: (values.name ?? '').trim(),
          gender: values.gender ?? 'male',
          level: values.level ?? 'township',
          employer: (values.employer ?? '').trim(),
          post: (values.post ?? '').trim(),
          phone: (values.phone ?? '').trim(),
        };
        if (deputy) await deputies.update(deputy.id, input);
        else await deputies.create(input);
        onDone();
      }}
    >
      <Form.Item name="name" label={t('ref.name')} rules={rules.text(t('ref.name'), NAME_MAX)}>
        <Input maxLength={NAME_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="gender" label={t('ref.gender')} rules={rules.select(t('ref.gender'))}>
        <Radio.Group
          options={GENDERS.map((value: Gender) => ({ value, label: t(`ref.gender.${value}`) }))}
          optionType="button"
        />
      </Form.Item>
      <Form.Item name="level" label={t('ref.deputyLevel')} rules={rules.select(t('ref.deputyLevel'))}>
        <Select<DeputyLevel>
          options={DEPUTY_LEVELS.map((value) => ({ value, label: t(`ref.deputyLevel.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="employer" label={t('ref.employer')} rules={rules.text(t('ref.employer'), TEXT_MAX)}>
        <Input maxLength={TEXT_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="post" label={t('ref.post')} rules={rules.text(t('ref.post'), TEXT_MAX)}>
        <Input maxLength={TEXT_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('ref.phone')} rules={rules.deputyPhone()}>
        <Input type="tel" maxLength={PHONE_MAX} autoComplete="off" inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}
