// Owns each signed-in user's own live stream: `notification` when a notification is written for them (the bell
// refetches its count), `issue_event` when one of the issues their page shows changes (the issue they opened with
// ?issueId=, which must be readable by them; without it, the issues assigned to their department: the inbox), and
// `ready` / `resync` / `ping` as the supervisors' stream has them. It rides on the API's one LISTEN connection.
import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { filter, from, interval, map, merge, mergeMap, Observable, of } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { IssuesService } from '../issues/issues.service';
import { HEARTBEAT_MS } from '../supervision/live-updates.service';
import { IssueEventsListener, type ListenerSignal } from '../supervision/issue-events.listener';
import { NotificationsRepository } from './notifications.repository';

@Injectable()
export class LiveService {
  constructor(
    @Inject(IssueEventsListener) private readonly listener: IssueEventsListener,
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
  ) {}

  /** 404 before the stream opens when `issueId` is not an issue the user may read. */
  async stream(user: AuthUser, issueId?: string): Promise<Observable<MessageEvent>> {
    if (issueId) await this.issues.readable(user, issueId);
    const department = user.departmentId;
    const concerns = (signal: ListenerSignal): Observable<boolean> => {
      switch (signal.kind) {
        case 'resync':
          return of(true);
        case 'notification':
          return of(signal.userId === user.id);
        case 'event':
          if (issueId) return of(signal.notice.issueId === issueId);
          if (!department) return of(false);
          return from(this.repository.isAssignedTo(signal.notice.issueId, department));
      }
    };
    const updates = this.listener.stream().pipe(
      mergeMap((signal) => concerns(signal).pipe(map((yes) => (yes ? signal : null)))),
      filter((signal): signal is ListenerSignal => signal !== null),
      map((signal): MessageEvent => {
        switch (signal.kind) {
          case 'resync':
            return { type: 'resync', data: {} };
          case 'notification':
            return { type: 'notification', data: {} };
          case 'event':
            return {
              type: 'issue_event',
              id: signal.notice.id,
              data: { issueId: signal.notice.issueId, type: signal.notice.type, at: signal.notice.at },
            };
        }
      }),
    );
    const ready = new Observable<MessageEvent>((subscriber) => {
      this.listener.listening().then(
        () => subscriber.next({ type: 'ready', data: {} }),
        (error: unknown) => subscriber.error(error),
      );
    });
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(ready, updates, heartbeat);
  }
}
