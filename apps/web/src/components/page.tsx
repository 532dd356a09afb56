// The top of every screen: one <h1> (what screen readers jump to), the document title, and room for actions.
import { useEffect, type ReactNode } from 'react';
import { Flex, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';

export function usePageTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}

export function PageHeader({ title, extra, children }: { title: string; extra?: ReactNode; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }} id="page-title">
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </Flex>
  );
}
