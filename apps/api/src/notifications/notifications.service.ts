// Owns the rules of the notification centre: a user sees and marks only their own notifications.
import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../admin/admin-errors';
import type { AuthUser } from '../auth/auth-user';
import { pageOf, type Page } from '../common/pagination';
import type {
  MarkedReadView,
  NotificationPreferences,
  NotificationQuery,
  NotificationView,
  UnreadCountView,
} from './notifications.dto';
import { NotificationsRepository } from './notifications.repository';

@Injectable()
export class NotificationsService {
  constructor(@Inject(NotificationsRepository) private readonly repository: NotificationsRepository) {}

  async list(user: AuthUser, query: NotificationQuery): Promise<Page<NotificationView>> {
    const { rows, total } = await this.repository.page(user.id, query.unread === true, query.limit, query.offset);
    return pageOf(rows, total, query);
  }

  async unreadCount(user: AuthUser): Promise<UnreadCountView> {
    return { unread: await this.repository.unreadCount(user.id) };
  }

  async markRead(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repository.markRead(user.id, id))) throw notFound('Notification');
  }

  async markAllRead(user: AuthUser): Promise<MarkedReadView> {
    return { marked: await this.repository.markAllRead(user.id) };
  }

  async preferences(user: AuthUser): Promise<NotificationPreferences> {
    return { mailLanguage: await this.repository.mailLanguage(user.id) };
  }

  async setPreferences(user: AuthUser, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    await this.repository.setMailLanguage(user.id, preferences.mailLanguage);
    return this.preferences(user);
  }
}
