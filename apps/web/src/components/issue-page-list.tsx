// A page of rows the way every list screen shows them: cards on a phone, a table on a desktop, then the total and
// the pager. Each card is one link (the whole card opens the row), so a thumb finds it.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Flex, Grid, List, Pagination, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Page } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** The total and, when there is more than one page, the pager. */
export function PageFooter({ page, onPage }: { page: Page<unknown>; onPage: (page: number) => void }) {
  const { t } = useI18n();
  return (
    <Flex justify="space-between" align="center" wrap style={{ marginTop: 12 }} gap={8}>
      <Typography.Text type="secondary">{t('app.total', { total: page.total })}</Typography.Text>
      {page.total > page.limit ? (
        <Pagination
          size="small"
          current={page.page}
          pageSize={page.limit}
          total={page.total}
          onChange={onPage}
          showSizeChanger={false}
        />
      ) : null}
    </Flex>
  );
}

export function CardOrTableList<T>({
  page,
  onPage,
  loading,
  rowKey,
  href,
  linkLabel,
  card,
  columns,
}: {
  page: Page<T>;
  onPage: (page: number) => void;
  loading?: boolean;
  rowKey: (item: T) => string;
  /** Where a card leads. */
  href: (item: T) => string;
  /** The card link's accessible name, when its text alone would not say it. */
  linkLabel?: (item: T) => string;
  /** What a card shows, inside its link. */
  card: (item: T) => ReactNode;
  columns: TableColumnsType<T>;
}) {
  const screens = Grid.useBreakpoint();
  const footer = <PageFooter page={page} onPage={onPage} />;
  if (!screens.md) {
    return (
      <>
        <List
          loading={loading}
          dataSource={page.items}
          renderItem={(item) => (
            <List.Item key={rowKey(item)} style={{ padding: '6px 0', borderBlockEnd: 0 }}>
              <Card size="small" className="issue-card" style={{ width: '100%' }}>
                <Link to={href(item)} aria-label={linkLabel?.(item)}>
                  {card(item)}
                </Link>
              </Card>
            </List.Item>
          )}
        />
        {footer}
      </>
    );
  }
  return (
    <>
      <Table<T>
        rowKey={rowKey}
        size="middle"
        loading={loading}
        dataSource={page.items}
        pagination={false}
        columns={columns}
      />
      {footer}
    </>
  );
}
