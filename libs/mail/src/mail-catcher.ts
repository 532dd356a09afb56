// Owns the development SMTP catcher: a real SMTP server that keeps every message it receives.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

export interface MailCatcherOptions {
  /** Told of a client's connection that failed (e.g. reset mid-message); the catcher goes on serving. */
  onClientError?: (error: Error) => void;
  port?: number;
  host?: string;
  /** Where messages are kept as JSON files; without it they are kept in memory only. */
  dir?: string;
}

/**
 * How the catcher answers a connection and each message: `accept` (the default) takes mail; `refuse` answers 421
 * (service not available, try later); `hang` never answers (no greeting, no reply to MAIL FROM), as a wedged server;
 * `reject` refuses every recipient for good (550 no such mailbox).
 * Tests switch it to show what an outage of the mail server does to the rest of the system.
 */
export type MailCatcherMode = 'accept' | 'refuse' | 'hang' | 'reject';

export class MailCatcher {
  private readonly messages: CaughtMail[] = [];
  private mode: MailCatcherMode = 'accept';
  /** Connections held by `hang`, answered when the mode changes back. */
  private readonly hanging = new Map<string, () => void>();
  private readonly waiters = new Set<() => void>();
  private server?: SMTPServer;
  private boundPort = 0;
  private sequence = 0;
  private connectionCount = 0;

  constructor(private readonly options: MailCatcherOptions = {}) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  async start(): Promise<this> {
    if (this.options.dir) {
      await mkdir(this.options.dir, { recursive: true });
      this.messages.push(...(await readMailbox(this.options.dir)));
    }
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // New connections at the greeting, and connections a client keeps open (nodemailer pools them) at their
      // next message, so that the mode holds for every message from the moment it is set.
      onConnect: (session, callback) => {
        this.connectionCount++;
        this.answer(session.id, callback);
      },
      onMailFrom: (_address, session, callback) => this.answer(session.id, callback),
      onRcptTo: (_address, _session, callback) =>
        this.mode === 'reject'
          ? callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }))
          : callback(),
      // A held connection the client gave up on is not greeted later.
      onClose: (session) => this.hanging.delete(session.id),
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            const mail: CaughtMail = {
              id: `${Date.now().toString(36)}-${(this.sequence++).toString(36)}`,
              receivedAt: new Date().toISOString(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              headers: Object.fromEntries(
                [...parsed.headers.entries()].map(([key, value]) => [
                  key,
                  typeof value === 'string' ? value : JSON.stringify(value),
                ]),
              ),
            };
            if (this.options.dir) {
              await writeFile(join(this.options.dir, `${mail.id}.json`), JSON.stringify(mail, null, 2));
            }
            this.messages.push(mail);
            for (const wake of this.waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Once listening, an error is one client's connection failing (a worker killed in the middle of a message resets
    // it: smtp-server emits that on the server). The sender retries its mail; the catcher keeps serving everyone
    // else, instead of an unhandled 'error' event ending the process it runs in (the dev stack, a test suite).
    server.on('error', (error: Error) => this.options.onClientError?.(error));
    const address = server.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(sessionId: string, callback: (error?: Error) => void): void {
    if (this.mode === 'refuse') {
      callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
    } else if (this.mode === 'hang') {
      this.hanging.set(sessionId, () => callback());
    } else {
      callback();
    }
  }

  /** Changes how connections and messages are answered; those held by `hang` are answered on leaving it. */
  setMode(mode: MailCatcherMode): void {
    this.mode = mode;
    if (mode === 'hang') return;
    const held = [...this.hanging.values()];
    this.hanging.clear();
    for (const release of held) release();
  }

  /** Connections being held without an answer (mode `hang`). */
  get hangingConnections(): number {
    return this.hanging.size;
  }

  /** How many SMTP connections clients have opened since start: health probes must not open one each. */
  get connections(): number {
    return this.connectionCount;
  }

  list(): CaughtMail[] {
    return [...this.messages];
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Resolves with the first message matching `predicate`, waiting up to `timeoutMs` for it. */
  async waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs = 10_000): Promise<CaughtMail> {
    const found = this.messages.find(predicate);
    if (found) return found;
    return new Promise<CaughtMail>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`No mail matched within ${timeoutMs} ms (${this.messages.length} received)`));
      }, timeoutMs);
      const check = () => {
        const mail = this.messages.find(predicate);
        if (!mail) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(mail);
      };
      this.waiters.add(check);
    });
  }
}

/** Reads the messages a catcher kept in `dir`, oldest first. */
export async function readMailbox(dir: string): Promise<CaughtMail[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  const mails = await Promise.all(
    names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as CaughtMail),
  );
  return mails.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
}
