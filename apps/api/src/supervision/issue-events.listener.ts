// Owns the API's one LISTEN connection to PostgreSQL: every issue_events row announces itself with
// pg_notify('issue_events', …) (a trigger of the supervision-metrics migration), whichever process wrote it, and
// this fans the notices out to the live-update streams. The connection opens with the first subscriber and is
// re-opened after a loss; subscribers then get a `resync` notice, since events in the gap were not seen.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@app/config';

export const ISSUE_EVENTS_CHANNEL = 'issue_events';
/** A notifications row was written for the user named by the payload (the notifications migration's trigger). */
export const NOTIFICATIONS_CHANNEL = 'notifications';

/** What the trigger sends: the event row's id, the issue, the kind of event, the issue's place, and when. */
export interface IssueEventNotice {
  id: string;
  issueId: string;
  type: string;
  regionPath: string | null;
  at: string;
}

export type ListenerSignal =
  { kind: 'event'; notice: IssueEventNotice } | { kind: 'notification'; userId: string } | { kind: 'resync' };

const RECONNECT_MS = 1_000;

@Injectable()
export class IssueEventsListener implements OnModuleDestroy {
  private readonly logger = new Logger('IssueEventsListener');
  private readonly signals = new Subject<ListenerSignal>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private subscribers = 0;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The notices from now on; subscribing opens the connection if it is not open yet. */
  stream(): Observable<ListenerSignal> {
    return new Observable<ListenerSignal>((subscriber) => {
      this.subscribers += 1;
      const subscription = this.signals.subscribe(subscriber);
      this.listening().catch((error: unknown) => subscriber.error(error));
      return () => {
        subscription.unsubscribe();
        this.subscribers -= 1;
      };
    });
  }

  /** Resolves once LISTEN is in effect: a notice committed after this reaches every subscriber. */
  listening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    this.signals.complete();
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      ssl: this.config.DATABASE_SSL === 'true' ? { rejectUnauthorized: true } : false,
      application_name: 'lianluo-api-listen',
    });
    client.on('notification', (message) => {
      if (message.channel === NOTIFICATIONS_CHANNEL && message.payload) {
        this.signals.next({ kind: 'notification', userId: message.payload });
        return;
      }
      if (message.channel !== ISSUE_EVENTS_CHANNEL || !message.payload) return;
      try {
        this.signals.next({ kind: 'event', notice: JSON.parse(message.payload) as IssueEventNotice });
      } catch {
        this.logger.warn(`Unreadable notice on ${ISSUE_EVENTS_CHANNEL}: ${message.payload.slice(0, 200)}`);
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${ISSUE_EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${NOTIFICATIONS_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.logger.warn(`LISTEN connection lost${error ? `: ${error.message}` : ''}; reconnecting`);
    client.end().catch(() => undefined);
    const retry = () => {
      this.reconnectTimer = null;
      if (this.closed || this.subscribers === 0) return;
      this.listening().then(
        () => this.signals.next({ kind: 'resync' }),
        () => (this.reconnectTimer = setTimeout(retry, RECONNECT_MS)),
      );
    };
    this.reconnectTimer = setTimeout(retry, RECONNECT_MS);
  }
}
