// Owns what each supervisor's live-update stream carries: the recorded events of the chosen types for issues in
// their regions, a `ready` once the database listener is in effect, `resync` after it was lost, and a heartbeat.
import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { filter, interval, map, merge, Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { isPathWithin } from '../auth/scope.service';
import { invalidField } from '../common/api-error';
import { IssueEventsListener, type ListenerSignal } from './issue-events.listener';
import { SupervisionScopeService } from './supervision-scope.service';
import { DEFAULT_LIVE_TYPES, LIVE_EVENT_TYPES } from './supervision.dto';

/** Proxies drop a connection that stays silent for a minute or so. */
export const HEARTBEAT_MS = 25_000;

@Injectable()
export class LiveUpdatesService {
  constructor(
    @Inject(IssueEventsListener) private readonly listener: IssueEventsListener,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
  ) {}

  /** `types`: comma-separated event types; default: those that move an issue into or out of a queue. */
  stream(user: AuthUser, types?: string): Observable<MessageEvent> {
    const wanted = new Set<string>(types ? types.split(',') : DEFAULT_LIVE_TYPES);
    const unknown = [...wanted].filter((type) => !LIVE_EVENT_TYPES.includes(type));
    if (unknown.length) throw invalidField('types', `unknown event types: ${unknown.join(', ')}`);
    const roots = this.scopes.roots(user);
    const inScope = (path: string | null) =>
      roots === null || (path !== null && roots.some((root) => isPathWithin(path, root)));
    const relevant = (signal: ListenerSignal): signal is Exclude<ListenerSignal, { kind: 'notification' }> =>
      signal.kind === 'resync' ||
      (signal.kind === 'event' && wanted.has(signal.notice.type) && inScope(signal.notice.regionPath));
    const updates = this.listener.stream().pipe(
      filter(relevant),
      map((signal): MessageEvent =>
        signal.kind === 'resync'
          ? { type: 'resync', data: {} }
          : { type: 'issue_event', id: signal.notice.id, data: signal.notice },
      ),
    );
    const ready = new Observable<MessageEvent>((subscriber) => {
      this.listener.listening().then(
        () => subscriber.next({ type: 'ready', data: { types: [...wanted] } }),
        (error: unknown) => subscriber.error(error),
      );
    });
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(ready, updates, heartbeat);
  }
}
