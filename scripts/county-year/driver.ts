// Plays a county-year plan through the public HTTP API as its users would: deputies submit and rate, departments
// acknowledge, reply and report follow-ups, the county supervisor urges and reads the figures. Every command carries
// an Idempotency-Key; a 202 is followed by the same request with the same key until it answers 200; a 503 with
// Retry-After is sent again after it (and counted); any other 5xx, or an answer the plan did not expect, is recorded
// as a failure. Instants come from the API (the deadline it shows, the moment a command was sent), so the plan's
// margins of whole working days hold however fast the workers keep up.
import { randomUUID } from 'node:crypto';
import {
  FIGURE_NAMES,
  finalStateOf,
  REPLY_WORKING_DAYS,
  SUPERVISOR,
  type CountyYearPlan,
  type FigureName,
  type Figures,
  type Handling,
  type IssueScript,
} from './plan';

export const DEMO_PASSWORD = 'lianluo-demo';

export interface DriverOptions {
  /** http://host:port of the API. */
  baseUrl: string;
  /** The stack's DEMO_WORKING_DAY_SECONDS. */
  workingDaySeconds: number;
  /** Progress lines; nothing by default. */
  say?: (line: string) => void;
}

export interface DriverReport {
  /** 503 answers with Retry-After that were sent again, by command. */
  retried503: Record<string, number>;
  /** 202 answers followed up, by command. */
  accepted202: Record<string, number>;
  /** Every answer other than the plan's, in words (5xx other than 503+Retry-After included). */
  failures: string[];
  /** Commands the API received over half a working day after the plan's instant (the run fell behind the plan). */
  behindPlan: string[];
  /** Issue ids in plan order. */
  issueIds: string[];
  startedAt: Date;
  finishedAt: Date;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Waiter {
  id: string;
  ok: (issue: IssueBody) => boolean;
  resolve: (issue: IssueBody | null) => void;
  timer: NodeJS.Timeout;
}

interface IssueBody {
  id: string;
  status: string;
  round: number;
  escalationLevel: number;
  dueAt: string | null;
  leadDepartment: { id: string; name: string } | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The China calendar date `days` after the one `instant` falls on. */
function chinaDatePlus(instant: number, days: number): string {
  return new Date(instant + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

export class CountyYearDriver {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly report: DriverReport = {
    retried503: {},
    accepted202: {},
    failures: [],
    behindPlan: [],
    issueIds: [],
    startedAt: new Date(),
    finishedAt: new Date(),
  };
  private readonly dayMs: number;
  private readonly say: (line: string) => void;
  /** The latest view of each issue the poller saw, and the issues waited for. */
  private readonly seen = new Map<string, IssueBody>();
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly options: DriverOptions) {
    this.dayMs = options.workingDaySeconds * 1000;
    this.say = options.say ?? (() => undefined);
  }

  private async http(method: string, path: string, token?: string, body?: unknown, key?: string): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (key) headers['Idempotency-Key'] = key;
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text for the failure message
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.http('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD }).then((a) => {
        if (a.status !== 200) throw new Error(`sign-in of ${username}: ${a.status} ${JSON.stringify(a.body)}`);
        return (a.body as { accessToken: string }).accessToken;
      });
      this.tokens.set(username, token);
    }
    return token;
  }

  private fail(message: string): void {
    this.report.failures.push(message);
    this.say(`FAILURE ${message}`);
  }

  /**
   * Sends a command until it is carried out: 200 (or 201) is the outcome; 202 means accepted, so the same request is
   * sent again with the same key; 503 with Retry-After is sent again after it. Anything else is a failure (null).
   * Returns the answer and the instant of the attempt the API took (a 503'd attempt was not taken: the next one's
   * receipt is the command's). With `plannedAt`, a receipt over half a working day after it is reported: the run
   * could not keep to the plan there, so the figures may differ for that reason.
   */
  async command(
    what: string,
    username: string,
    path: string,
    body: unknown,
    plannedAt?: number,
  ): Promise<{ answer: Answer; receivedAt: number } | null> {
    const key = randomUUID();
    const token = await this.token(username);
    let receivedAt: number | undefined;
    for (;;) {
      const sentAt = Date.now();
      const answer = await this.http('POST', path, token, body, key);
      if (receivedAt === undefined && [200, 201, 202].includes(answer.status)) {
        receivedAt = sentAt;
        if (plannedAt !== undefined && receivedAt - plannedAt > this.dayMs / 2) {
          this.report.behindPlan.push(
            `${what} ${path}: received ${receivedAt - plannedAt} ms after its planned instant`,
          );
        }
      }
      if (answer.status === 200 || answer.status === 201) return { answer, receivedAt: receivedAt! };
      if (answer.status === 202) {
        this.report.accepted202[what] = (this.report.accepted202[what] ?? 0) + 1;
        await sleep(250);
        continue;
      }
      const retryAfter = Number(answer.headers.get('retry-after'));
      if (answer.status === 503 && retryAfter > 0) {
        this.report.retried503[what] = (this.report.retried503[what] ?? 0) + 1;
        this.say(`503 on ${what} ${path}, again in ${retryAfter} s`);
        await sleep(retryAfter * 1000);
        continue;
      }
      const late = plannedAt === undefined ? '' : ` (sent ${sentAt - plannedAt} ms after its planned instant)`;
      this.fail(`${what} ${path} as ${username}${late}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return null;
    }
  }

  /**
   * Waits until the issue, as the county supervisor's list shows it, satisfies `ok`; gives up after `timeoutMs` (a
   * failure, null). One poller reads the whole list for every waiting issue, so waiting costs the API a few requests a
   * second however many issues wait.
   */
  private until(
    what: string,
    id: string,
    ok: (issue: IssueBody) => boolean,
    timeoutMs: number,
  ): Promise<IssueBody | null> {
    const now = this.seen.get(id);
    if (now && ok(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        id,
        ok,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          this.fail(`issue ${id}: timed out waiting for ${what}; it is ${JSON.stringify(this.seen.get(id) ?? null)}`);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Reads the supervisor's list of issues (every page) and wakes the waiters whose condition now holds. */
  private async poll(): Promise<void> {
    const token = await this.token(SUPERVISOR);
    for (let page = 1; ; page++) {
      const answer = await this.http('GET', `/api/issues?limit=100&page=${page}`, token);
      if (answer.status !== 200) throw new Error(`the issue list: ${answer.status} ${JSON.stringify(answer.body)}`);
      const { items } = answer.body as { items: IssueBody[] };
      for (const item of items) this.seen.set(item.id, item);
      if (items.length < 100) break;
    }
    for (const waiter of [...this.waiters]) {
      const issue = this.seen.get(waiter.id);
      if (issue && waiter.ok(issue)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(issue);
      }
    }
  }

  /** The stations, places and categories the deputy may name, by Chinese name. */
  private async intakeIds(deputy: string) {
    const answer = await this.http('GET', '/api/intake-options', await this.token(deputy));
    if (answer.status !== 200) throw new Error(`intake options of ${deputy}: ${answer.status}`);
    return answer.body as {
      stations: { id: string; name: string; places: { id: string; name: string }[] }[];
      categories: { id: string; name: string }[];
    };
  }

  async play(plan: CountyYearPlan): Promise<DriverReport> {
    this.report.startedAt = new Date();
    const options = new Map<string, Awaited<ReturnType<CountyYearDriver['intakeIds']>>>();
    for (const deputy of new Set(plan.issues.map((i) => i.origin.deputy))) {
      options.set(deputy, await this.intakeIds(deputy));
    }
    let playing = true;
    const polling = (async () => {
      while (playing) {
        // Only while someone waits: the list is the heaviest read, and the API shares the machine with the workers.
        if (this.waiters.size > 0) {
          await this.poll().catch((error: unknown) => this.say(`polling the issue list: ${String(error)}`));
        }
        await sleep(Math.min(1000, this.dayMs / 2));
      }
    })();
    const start = Date.now() + 1000;
    let done = 0;
    const runs = plan.issues.map(async (issue) => {
      try {
        await this.playIssue(issue, start, options.get(issue.origin.deputy)!);
      } catch (error) {
        this.fail(`issue #${issue.index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      done++;
      if (done % 50 === 0) this.say(`${done} of ${plan.issues.length} issues played out`);
    });
    await Promise.all(runs);
    // Then every issue must come to rest where the plan says: closed, awaiting its follow-up, or at the top level.
    this.say('waiting for every issue to come to rest');
    await Promise.all(
      plan.issues.map(async (script) => {
        const id = this.report.issueIds[script.index];
        if (!id) return;
        const final = finalStateOf(script);
        await this.until(
          `its final state ${JSON.stringify(final)}`,
          id,
          (i) =>
            i.status === final.status &&
            (final.escalationLevel === undefined || i.escalationLevel === final.escalationLevel),
          3 * 3 * this.dayMs + 180_000,
        );
      }),
    );
    playing = false;
    await polling;
    this.report.finishedAt = new Date();
    return this.report;
  }

  private async playIssue(
    script: IssueScript,
    start: number,
    options: Awaited<ReturnType<CountyYearDriver['intakeIds']>>,
  ): Promise<void> {
    const { origin } = script;
    const station = options.stations.find((s) => s.name === origin.station);
    const place = station?.places.find((p) => p.name === origin.place);
    const category = options.categories.find((c) => c.name === origin.category);
    if (!station || !place || !category) throw new Error(`no intake option for ${JSON.stringify(origin)}`);

    const submitAt = start + script.submitDay * this.dayMs;
    await sleep(submitAt - Date.now());
    const created = await this.command(
      'submit',
      origin.deputy,
      '/api/issues',
      {
        stationId: station.id,
        placeRegionId: place.id,
        categoryId: category.id,
        channel: 'reception_day',
        urgency: script.urgency,
        description: `县域年度演练第${script.index + 1}件：${origin.place}${origin.category}方面的群众反映，请核实处理。`,
        idempotencyKey: `county-year-${randomUUID()}`,
      },
      submitAt,
    );
    if (!created) return;
    const id = (created.answer.body as IssueBody).id;
    this.report.issueIds[script.index] = id;
    const issuePath = `/api/issues/${id}`;
    // Long enough for a worker far behind; a wait ends as soon as its condition holds.
    const generous = (days: number) => days * this.dayMs + 180_000;

    const assigned = await this.until('its referral', id, (i) => i.dueAt !== null, generous(0));
    if (!assigned?.dueAt) return;
    const dueAt = Date.parse(assigned.dueAt);
    const referredAt = dueAt - REPLY_WORKING_DAYS[script.urgency] * this.dayMs;

    if (script.acknowledge) await this.command('acknowledge', origin.lead, `${issuePath}/acknowledge`, {});
    if (script.urge) {
      const urgeAt = referredAt + this.dayMs;
      await sleep(urgeAt - Date.now());
      await this.command('urge', SUPERVISOR, `${issuePath}/urge`, { note: '请抓紧办理并按期答复。' }, urgeAt);
    }
    const rating = await this.handle(script, script.first, id, dueAt);
    if (rating === 'unsatisfied' && script.second) {
      const again = await this.until('its second handling', id, (i) => i.round === 2 && i.dueAt !== null, generous(0));
      if (!again?.dueAt) return;
      await this.handle(script, script.second, id, Date.parse(again.dueAt));
    }
  }

  /** One handling round as scripted; returns the rating given, if any. */
  private async handle(script: IssueScript, h: Handling | null, id: string, dueAt: number): Promise<string | null> {
    if (!h) return null;
    const issuePath = `/api/issues/${id}`;
    const lead = script.origin.lead;
    const replyAt = dueAt + h.replyDays * this.dayMs;
    await sleep(replyAt - Date.now());
    const reply = await this.command(
      'reply',
      lead,
      `${issuePath}/reply`,
      {
        replyClass: h.replyClass,
        text: `第${script.index + 1}件答复：已研究处理。`,
        ...(h.replyClass === 'B' ? { promisedDate: chinaDatePlus(replyAt, 7) } : {}),
      },
      replyAt,
    );
    if (!reply) return null;
    // The next steps count from the instant the API received the reply, as the workflow's windows do.
    let finalAt = reply.receivedAt;
    if (h.followUp) {
      const followUpAt = finalAt + h.followUp.afterDays * this.dayMs;
      await sleep(followUpAt - Date.now());
      const followed = await this.command(
        'follow-up',
        lead,
        `${issuePath}/follow-up-reply`,
        { replyClass: h.followUp.replyClass, text: `第${script.index + 1}件续报：承诺事项已办结。` },
        followUpAt,
      );
      if (!followed) return null;
      finalAt = followed.receivedAt;
    }
    if (!h.rating) return null;
    const rateAt = finalAt + h.rating.afterDays * this.dayMs;
    await sleep(rateAt - Date.now());
    const rated = await this.command(
      'rate',
      script.origin.deputy,
      `${issuePath}/rate`,
      { rating: h.rating.rating, comment: '县域年度演练评价。' },
      rateAt,
    );
    return rated ? h.rating.rating : null;
  }

  /** The published figures of the county for the China dates the run covered, as the county supervisor reads them. */
  async figures(from: Date, to: Date): Promise<Figures> {
    const query = `region=yueyang-county&from=${chinaDatePlus(from.getTime(), 0)}&to=${chinaDatePlus(to.getTime(), 1)}`;
    const answer = await this.http('GET', `/api/supervision/rates?${query}`, await this.token(SUPERVISOR));
    if (answer.status !== 200) throw new Error(`rates: ${answer.status} ${JSON.stringify(answer.body)}`);
    return figuresOf(answer.body);
  }
}

/** The 25 figures out of a rates answer: counts as numbers, rates as their display. */
export function figuresOf(body: unknown): Figures {
  const view = body as {
    counts: Record<string, { value: number } | number>;
    sendBacks: { value: number } | number;
    rates: Record<string, { display: string }>;
  };
  const count = (c: { value: number } | number | undefined) => (typeof c === 'number' ? c : c?.value);
  const figures = {} as Figures;
  for (const name of FIGURE_NAMES) {
    const value: number | string | undefined =
      name === 'sendBacks' ? count(view.sendBacks) : (view.rates[name]?.display ?? count(view.counts[name]));
    if (value === undefined) throw new Error(`the rates answer has no ${name}: ${JSON.stringify(body)}`);
    figures[name] = value;
  }
  return figures;
}

/** A table of each figure, expected and published, with a mark where they differ. */
export function figuresTable(expected: Figures, actual: Figures): { table: string; differing: FigureName[] } {
  const differing = FIGURE_NAMES.filter((name) => expected[name] !== actual[name]);
  const rows = FIGURE_NAMES.map(
    (name) =>
      `${name.padEnd(22)} ${String(expected[name]).padStart(8)} ${String(actual[name]).padStart(8)}` +
      (differing.includes(name) ? '   ✗' : ''),
  );
  const table = [`${'figure'.padEnd(22)} ${'expected'.padStart(8)} ${'API'.padStart(8)}`, ...rows].join('\n');
  return { table, differing };
}
