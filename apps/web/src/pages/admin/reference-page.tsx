// Reference data an administrator looks after. The API has no endpoints for these lists yet: each shows a clear
// "coming" placeholder until it has (listed in the hand-over report).
import { Card, Col, Row, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  BranchesOutlined,
  CalendarOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  TagsOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const LISTS: { key: MessageKey; icon: ReactNode; endpoint: string }[] = [
  { key: 'admin.ref.regions', icon: <EnvironmentOutlined aria-hidden />, endpoint: 'GET /api/regions' },
  { key: 'admin.ref.stations', icon: <HomeOutlined aria-hidden />, endpoint: 'GET /api/stations' },
  { key: 'admin.ref.deputies', icon: <BankOutlined aria-hidden />, endpoint: 'GET /api/deputies' },
  { key: 'admin.ref.departments', icon: <ApartmentOutlined aria-hidden />, endpoint: 'GET /api/departments' },
  { key: 'admin.ref.categories', icon: <TagsOutlined aria-hidden />, endpoint: 'GET /api/categories' },
  { key: 'admin.ref.routing', icon: <BranchesOutlined aria-hidden />, endpoint: 'GET /api/routing-rules' },
  { key: 'admin.ref.calendar', icon: <CalendarOutlined aria-hidden />, endpoint: 'GET /api/calendar' },
];

export function ReferencePage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('admin.referenceTitle')} />
      <Row gutter={[12, 12]}>
        {LISTS.map((list) => (
          <Col key={list.key} xs={24} sm={12} lg={8}>
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(list.key)}</h2>} extra={list.icon}>
              <Tag color="gold">{t('app.coming')}</Tag>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
                {t('app.comingHint')}
              </Typography.Paragraph>
              <Typography.Text code style={{ fontSize: 12 }}>
                {list.endpoint}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
