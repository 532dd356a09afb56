// Reference data an administrator looks after, one tab per list; the tab is in the address
// (/admin/reference/<section>), so a section can be linked to, bookmarked and reached with Back.
import type { ReactNode } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { Tabs } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  BranchesOutlined,
  CalendarOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  TagsOutlined,
} from '@ant-design/icons';
import { PageHeader, usePageTitle } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CalendarSection } from './reference/calendar-section';
import { CategoriesSection } from './reference/categories-section';
import { DepartmentsSection } from './reference/departments-section';
import { DeputiesSection } from './reference/deputies-section';
import { RegionsSection } from './reference/regions-section';
import { RoutingSection } from './reference/routing-section';
import { StationsSection } from './reference/stations-section';

const SECTIONS = ['regions', 'stations', 'deputies', 'departments', 'categories', 'routing', 'calendar'] as const;
type Section = (typeof SECTIONS)[number];

const TABS: Record<Section, { label: MessageKey; icon: ReactNode; render: () => ReactNode }> = {
  regions: { label: 'ref.regions', icon: <EnvironmentOutlined aria-hidden />, render: () => <RegionsSection /> },
  stations: { label: 'ref.stations', icon: <HomeOutlined aria-hidden />, render: () => <StationsSection /> },
  deputies: { label: 'ref.deputies', icon: <BankOutlined aria-hidden />, render: () => <DeputiesSection /> },
  departments: {
    label: 'ref.departments',
    icon: <ApartmentOutlined aria-hidden />,
    render: () => <DepartmentsSection />,
  },
  categories: { label: 'ref.categories', icon: <TagsOutlined aria-hidden />, render: () => <CategoriesSection /> },
  routing: { label: 'ref.routing', icon: <BranchesOutlined aria-hidden />, render: () => <RoutingSection /> },
  calendar: { label: 'ref.calendar', icon: <CalendarOutlined aria-hidden />, render: () => <CalendarSection /> },
};

const isSection = (value: string | undefined): value is Section => SECTIONS.includes(value as Section);

export function ReferencePage() {
  const { t } = useI18n();
  const { section } = useParams<{ section: string }>();
  const navigate = useNavigate();
  // The window's title names the section (tabs and history show it); the <h1> stays the screen's name.
  usePageTitle(`${isSection(section) ? t(TABS[section].label) : ''} · ${t('admin.referenceTitle')}`);
  if (!isSection(section)) return <Navigate to="/admin/reference/regions" replace />;

  return (
    <>
      <PageHeader title={t('admin.referenceTitle')} />
      <Tabs
        activeKey={section}
        onChange={(key) => void navigate(`/admin/reference/${key}`)}
        destroyOnHidden
        items={SECTIONS.map((key) => ({
          key,
          label: t(TABS[key].label),
          icon: TABS[key].icon,
          // Only the open section loads: each asks the API for its list.
          children: key === section ? TABS[key].render() : null,
        }))}
      />
    </>
  );
}
