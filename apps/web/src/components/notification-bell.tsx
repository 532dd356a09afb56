// The bell in the header: the unread count (live, from the user's own stream), and a drawer listing the user's
// notifications; opening one marks it read and goes to its issue.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Drawer, List, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { openEventStream } from '../api/event-stream';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  MY_EVENTS_PATH,
  unreadNotifications,
  type AppNotification,
} from '../api/notifications';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { dateTime } from './format';
import { useAutoRefresh } from './use-auto-refresh';

export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useApi((signal) => unreadNotifications(signal), []);
  const list = useApi((signal) => (open ? listNotifications(signal) : Promise.resolve(undefined)), [open]);
  const reloadCount = count.reload;
  const reloadList = list.reload;
  // Read through a ref, so opening the drawer does not reconnect the stream.
  const openRef = useRef(open);
  openRef.current = open;
  const refresh = useCallback(() => {
    reloadCount();
    if (openRef.current) reloadList();
  }, [reloadCount, reloadList]);

  useEffect(
    () =>
      openEventStream(
        MY_EVENTS_PATH,
        (event) => {
          if (event.type === 'notification' || event.type === 'resync') refresh();
        },
        () => undefined,
      ),
    [refresh],
  );
  // The stream is the fast path; a slow poll covers the time it is down.
  useAutoRefresh(reloadCount, 60_000);

  const unread = count.data?.unread ?? 0;
  const openOne = async (item: AppNotification) => {
    if (!item.readAt) await markNotificationRead(item.id);
    refresh();
    if (item.issueId) {
      setOpen(false);
      void navigate(`/issues/${item.issueId}`);
    }
  };

  return (
    <>
      <Button
        type="text"
        className="header-button borderless"
        aria-label={`${t('notify.bell')}，${t('notify.unread', { n: unread })}`}
        onClick={() => setOpen(true)}
      >
        <Badge count={unread} size="small" offset={[4, -2]}>
          <BellOutlined aria-hidden style={{ color: '#fff', fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer
        placement="right"
        width={380}
        open={open}
        onClose={() => setOpen(false)}
        title={t('notify.title')}
        extra={
          <Button size="small" disabled={unread === 0} onClick={() => void markAllNotificationsRead().then(refresh)}>
            {t('notify.markAllRead')}
          </Button>
        }
      >
        <List<AppNotification>
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('notify.empty') }}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              style={{ cursor: item.issueId ? 'pointer' : undefined }}
              onClick={() => void openOne(item)}
              actions={
                item.readAt
                  ? [
                      <Typography.Text key="read" type="secondary">
                        {t('notify.read')}
                      </Typography.Text>,
                    ]
                  : [
                      <Button
                        key="read"
                        size="small"
                        type="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          void markNotificationRead(item.id).then(refresh);
                        }}
                      >
                        {t('notify.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Badge dot={!item.readAt} offset={[6, 0]}>
                    <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                  </Badge>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                      {item.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{dateTime(item.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
