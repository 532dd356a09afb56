// The words of the notification centre (the bell in the header). Spread into zh and en in messages.ts.

export const zhNotify = {
  'notify.bell': '通知',
  'notify.unread': '{n} 条未读',
  'notify.title': '通知',
  'notify.markAllRead': '全部标为已读',
  'notify.markRead': '标为已读',
  'notify.empty': '暂无通知',
  'notify.read': '已读',
};

export const enNotify: Record<keyof typeof zhNotify, string> = {
  'notify.bell': 'Notifications',
  'notify.unread': '{n} unread',
  'notify.title': 'Notifications',
  'notify.markAllRead': 'Mark all read',
  'notify.markRead': 'Mark read',
  'notify.empty': 'No notifications',
  'notify.read': 'Read',
};
