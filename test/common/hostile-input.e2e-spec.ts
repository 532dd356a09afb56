// Hostile input on every route the OpenAPI document lists (so a new endpoint is covered without editing this file):
// control characters in bodies, queries and path parameters, JSON nested 1,500 levels deep, strings and booleans
// where numbers belong, empty PATCHes and paging parameters that are out of range or unknown. Each answers 400 in
// the common error shape naming the field, and no table changes. And the issue workflow's own validators refuse a
// control character sent past the API.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { issueWorkflowId, urgeUpdate } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { dataFingerprint } from '../auth/support/fingerprint';
import type { ErrorBody, HttpResponse } from '../auth/support/http';
import { match } from '../auth/support/matchers';
import { testCipher } from '../support/personal-data';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  ROADS_IN_CHENGDONG,
  departmentEmail,
  replyTokenIn,
  submit,
  untilStatus,
  waitForMail,
  type IssueView,
} from '../issues/support/issues';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Route {
  method: string;
  /** As documented: `/api/issues/{id}/urge`. */
  path: string;
  operation: Operation;
}

const NIL_UUID = '00000000-0000-4000-8000-000000000000';
const WRITE_METHODS = ['post', 'patch', 'put', 'delete'];
/** Who may call what: the suite tries these in turn and uses the first the route's guards let through. */
const CALLERS = [
  null,
  'admin',
  'supervisor.rongjiawan',
  'liaison.chengdong',
  'deputy.zhangzhiqiang',
  'dept.jiaotong.rongjiawan',
] as const;
/** Every C0 control that is refused (all but tab, line feed and carriage return). */
const REFUSED_CONTROLS = Array.from({ length: 0x20 }, (_, code) => code)
  .filter((code) => ![0x09, 0x0a, 0x0d].includes(code))
  .map((code) => String.fromCharCode(code));

describe('hostile input on every route', () => {
  let t: IssueTestApp;
  let doc: OpenApi;
  let routes: Route[];
  let issue: IssueView;
  let replyToken: string;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    doc = expectStatus<OpenApi>(await t.http.get('/api/docs-json'), 200);
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
    for (const username of CALLERS) if (username) await t.tokenOf(username);
    issue = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, 'deputy.zhangzhiqiang', issue.id, 'assigned');
    replyToken = replyTokenIn(await waitForMail(t, issue.id, departmentEmail('jiaotong.rongjiawan'), ''));
    // The worker delivers the outbox in the background: let the issue's mail settle before any fingerprint is taken,
    // so that only what a refused request would write can change it.
    await eventually('the outbox to be delivered', async () => {
      const [row] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'pending'`,
      );
      return row.n === 0 ? true : undefined;
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  // -------------------------------------------------------------------------------------------------------------
  // Helpers over the OpenAPI document

  function resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop() ?? '']);
    if (schema.allOf) {
      const parts = schema.allOf.map(resolve);
      const properties: Record<string, Schema> = {};
      for (const part of parts) Object.assign(properties, part?.properties ?? {});
      return { type: 'object', properties };
    }
    return schema;
  }

  function bodySchema(route: Route): Schema | undefined {
    return resolve(route.operation.requestBody?.content['application/json']?.schema);
  }

  /** A value for every property of `schema` whose leaves are strings, each holding `bad`; and the paths of those leaves. */
  function poisoned(
    schema: Schema | undefined,
    bad: string,
    prefix = '',
    depth = 0,
  ): { value: unknown; paths: string[] } {
    const resolved = resolve(schema);
    if (!resolved || depth > 4) return { value: undefined, paths: [] };
    if (resolved.type === 'string') return { value: `ok${bad}ok`, paths: [prefix] };
    if (resolved.type === 'array') {
      const item = poisoned(resolved.items, bad, `${prefix}.0`, depth + 1);
      return item.paths.length ? { value: [item.value], paths: item.paths } : { value: undefined, paths: [] };
    }
    if (!resolved.properties) return { value: undefined, paths: [] };
    const value: Record<string, unknown> = {};
    const paths: string[] = [];
    for (const [name, property] of Object.entries(resolved.properties)) {
      const child = poisoned(property, bad, prefix ? `${prefix}.${name}` : name, depth + 1);
      if (!child.paths.length) continue;
      value[name] = child.value;
      paths.push(...child.paths);
    }
    return { value, paths };
  }

  function concretePath(route: Route, overrides: Record<string, string> = {}): string {
    return route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      if (name in overrides) return overrides[name];
      return name === 'token'
        ? replyToken
        : name === 'id' && route.path.startsWith('/api/issues')
          ? issue.id
          : NIL_UUID;
    });
  }

  async function send(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; caller?: string | null },
  ) {
    const token = options.caller ? await t.tokenOf(options.caller) : undefined;
    return t.http.request<ErrorBody>(method, path, { body: options.body, rawBody: options.rawBody, token });
  }

  /** Sends as each caller in turn until the route's guards let one through (any answer but 401/403). */
  async function sendAsSomeone(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string } = {},
  ): Promise<HttpResponse<ErrorBody>> {
    let last: HttpResponse<ErrorBody> | undefined;
    for (const caller of CALLERS) {
      last = await send(method, path, { ...options, caller });
      if (last.status !== 401 && last.status !== 403) return last;
    }
    return last!;
  }

  function expectRefusal(response: HttpResponse<ErrorBody>, fields: string[], status = 400): void {
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: {
        statusCode: status,
        error: status === 400 ? 'Bad Request' : 'Payload Too Large',
        message: match.any(String),
        fields: match.objectContaining(Object.fromEntries(fields.map((field) => [field, match.any(Array)]))),
        requestId: match.any(String),
      },
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  }

  const writeRoutes = () => routes.filter((route) => WRITE_METHODS.includes(route.method.toLowerCase()));

  // -------------------------------------------------------------------------------------------------------------

  it('the document lists the routes this suite relies on', () => {
    const listed = routes.map((route) => `${route.method} ${route.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/issues',
        'POST /api/issues/{id}/reply',
        'POST /api/issues/{id}/urge',
        'POST /api/issues/{id}/extend',
        'POST /api/issues/{id}/send-back',
        'POST /api/reply-links/{token}/reply',
        'GET /api/users',
      ]),
    );
    expect(writeRoutes().length).toBeGreaterThan(30);
  });

  it('NUL in every string field of every write body → 400 naming each field; nothing changes', async () => {
    const before = await dataFingerprint(t.db);
    for (const route of writeRoutes()) {
      const built = poisoned(bodySchema(route), '\u0000');
      // A route without a documented body still gets one: the guard does not depend on the route.
      const { value, paths } = built.paths.length ? built : { value: { note: 'ok\u0000' }, paths: ['note'] };
      for (const caller of [null, 'admin']) {
        const response = await send(route.method, concretePath(route), { body: value, caller });
        try {
          expectRefusal(response, paths);
        } catch (error) {
          throw new Error(`${route.method} ${route.path} as ${caller}: ${String(error)}`);
        }
      }
    }
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('each refused control character, in the sign-in, an intake, a reply, a reply by link and the commands → 400', async () => {
    const before = await dataFingerprint(t.db);
    const cases: { path: string; caller: string | null; body: (bad: string) => unknown; field: string }[] = [
      {
        path: '/api/auth/login',
        caller: null,
        body: (bad) => ({ username: `a${bad}b`, password: 'x' }),
        field: 'username',
      },
      {
        path: '/api/auth/login',
        caller: null,
        body: (bad) => ({ username: 'admin', password: `a${bad}` }),
        field: 'password',
      },
      {
        path: '/api/issues',
        caller: 'deputy.zhangzhiqiang',
        body: (bad) => ({ description: 'x', voter: { name: `李${bad}` } }),
        field: 'voter.name',
      },
      {
        path: `/api/issues/${issue.id}/reply`,
        caller: 'dept.jiaotong.rongjiawan',
        body: (bad) => ({ replyClass: 'A', text: `已修复${bad}` }),
        field: 'text',
      },
      {
        path: `/api/reply-links/${replyToken}/reply`,
        caller: null,
        body: (bad) => ({ replyClass: 'A', text: `已修复${bad}` }),
        field: 'text',
      },
      {
        path: `/api/issues/${issue.id}/urge`,
        caller: 'supervisor.rongjiawan',
        body: (bad) => ({ note: bad }),
        field: 'note',
      },
      {
        path: `/api/issues/${issue.id}/extend`,
        caller: 'supervisor.rongjiawan',
        body: (bad) => ({ extraWorkingDays: 2, reason: `r${bad}` }),
        field: 'reason',
      },
      {
        path: `/api/issues/${issue.id}/send-back`,
        caller: 'dept.jiaotong.rongjiawan',
        body: (bad) => ({ reason: `r${bad}` }),
        field: 'reason',
      },
      {
        path: `/api/receptions/${NIL_UUID}/record`,
        caller: 'liaison.chengdong',
        body: (bad) => ({ issuesRaised: [{ description: 'fine' }, { description: `bad${bad}` }] }),
        field: 'issuesRaised.1.description',
      },
    ];
    for (const c of cases) {
      for (const bad of REFUSED_CONTROLS) {
        const response = await send('POST', c.path, { body: c.body(bad), caller: c.caller });
        try {
          expectRefusal(response, [c.field]);
        } catch (error) {
          throw new Error(`${c.path} with U+${bad.charCodeAt(0).toString(16).padStart(4, '0')}: ${String(error)}`);
        }
      }
    }
    // Tab and newlines are text: a sign-in with one is an ordinary wrong password.
    const tabbed = await send('POST', '/api/auth/login', { body: { username: 'a\tb\r\nc', password: 'x' } });
    expect(tabbed.status).toBe(401);
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('NUL in every query parameter of every route (q= of every list included) → 400 naming it', async () => {
    const before = await dataFingerprint(t.db);
    let checked = 0;
    for (const route of routes) {
      for (const parameter of route.operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        const response = await send(route.method, `${concretePath(route)}?${parameter.name}=a%00b`, {
          caller: 'admin',
        });
        try {
          expectRefusal(response, [parameter.name]);
        } catch (error) {
          throw new Error(`${route.method} ${route.path}?${parameter.name}: ${String(error)}`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    const names = routes.flatMap((route) => (route.operation.parameters ?? []).map((p) => `${route.path}?${p.name}`));
    const searches = ['users', 'regions', 'stations', 'deputies', 'departments'].map((list) => `/api/${list}?q`);
    expect(names).toEqual(expect.arrayContaining(searches));
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('NUL in every path parameter of every route → 400 naming it, for a caller the route lets in', async () => {
    const before = await dataFingerprint(t.db);
    for (const route of routes) {
      for (const parameter of route.operation.parameters ?? []) {
        if (parameter.in !== 'path') continue;
        const path = concretePath(route, { [parameter.name]: 'a%00b' });
        const body = route.method === 'GET' ? undefined : { name: 'x' };
        const response = await sendAsSomeone(route.method, path, { body });
        try {
          expectRefusal(response, [parameter.name]);
        } catch (error) {
          throw new Error(`${route.method} ${route.path} {${parameter.name}}: ${String(error)}`);
        }
      }
    }
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('JSON nested 1,500 levels deep → 400 on every write route, signed in or not; nothing changes', async () => {
    const before = await dataFingerprint(t.db);
    const deepArray = `{"a":${'['.repeat(1500)}${']'.repeat(1500)}}`;
    const deepObject = `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`;
    for (const route of writeRoutes()) {
      for (const rawBody of [deepArray, deepObject]) {
        for (const caller of [null, 'admin']) {
          const response = await send(route.method, concretePath(route), { rawBody, caller });
          try {
            expectRefusal(response, ['body']);
          } catch (error) {
            throw new Error(`${route.method} ${route.path} as ${caller}: ${String(error)}`);
          }
        }
      }
    }
    // Brackets inside strings are text, not depth.
    const inString = await send('POST', '/api/auth/login', {
      body: { username: '['.repeat(60), password: '{'.repeat(100) },
    });
    expect(inString.status).toBe(401);
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('numbers must be JSON numbers and booleans JSON booleans, in every write body', async () => {
    const before = await dataFingerprint(t.db);
    let checked = 0;
    for (const route of writeRoutes()) {
      const properties = bodySchema(route)?.properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        const type = resolve(property)?.type;
        const wrong = type === 'integer' || type === 'number' ? ['1', true] : type === 'boolean' ? ['true', 1] : [];
        for (const value of wrong) {
          const response = await sendAsSomeone(route.method, concretePath(route), { body: { [name]: value } });
          try {
            expectRefusal(response, [name]);
          } catch (error) {
            throw new Error(`${route.method} ${route.path} ${name}=${JSON.stringify(value)}: ${String(error)}`);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('a PATCH without a body, or with an empty one → 400 naming body; nothing changes', async () => {
    const before = await dataFingerprint(t.db);
    const patches = routes.filter((route) => route.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(5);
    for (const route of patches) {
      for (const rawBody of [undefined, '{}']) {
        const response = await t.http.request<ErrorBody>('PATCH', concretePath(route), {
          rawBody,
          token: await t.tokenOf('admin'),
        });
        try {
          expectRefusal(response, ['body']);
        } catch (error) {
          throw new Error(`PATCH ${route.path} with ${rawBody ?? 'no body'}: ${String(error)}`);
        }
      }
    }
    expect(await dataFingerprint(t.db)).toEqual(before);
  });

  it('paging: offset, and page/limit out of range or not whole numbers → 400 naming it on every list', async () => {
    const lists = routes.filter(
      (route) =>
        route.method === 'GET' &&
        !route.path.includes('{') &&
        (route.operation.parameters ?? []).some((p) => p.in === 'query' && p.name === 'page'),
    );
    expect(lists.map((route) => route.path)).toEqual(expect.arrayContaining(['/api/issues', '/api/users']));
    const cases: [string, string][] = [
      ['offset=0', 'offset'],
      ['offset=20', 'offset'],
      ['page=0', 'page'],
      ['page=-1', 'page'],
      ['page=abc', 'page'],
      ['page=1.5', 'page'],
      ['page=10001', 'page'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=1e1', 'limit'],
    ];
    for (const route of lists) {
      // A list with other required parameters (a drill-down's filters) names those too; paging must be named as well.
      const required = (route.operation.parameters ?? []).some((p) => p.in === 'query' && p.required);
      const ok = await sendAsSomeone('GET', `${route.path}?page=1&limit=1`);
      expect({ route: route.path, status: ok.status }).toEqual({ route: route.path, status: required ? 400 : 200 });
      expect(ok.headers.get('cache-control')).toBe('no-store');
      for (const [query, field] of cases) {
        const response = await sendAsSomeone('GET', `${route.path}?${query}`);
        try {
          expectRefusal(response, [field]);
        } catch (error) {
          throw new Error(`GET ${route.path}?${query}: ${String(error)}`);
        }
      }
    }
  });

  it('every /api answer, read or error, carries Cache-Control: no-store (ledgers and exports included)', async () => {
    const reads = routes.filter((route) => route.method === 'GET' && route.path.startsWith('/api/'));
    expect(reads.length).toBeGreaterThan(30);
    for (const route of reads) {
      const stream = JSON.stringify(route.operation).includes('text/event-stream'); // stays open: read its head only
      let response: HttpResponse<unknown> | undefined;
      for (const caller of CALLERS) {
        const token = caller ? await t.tokenOf(caller) : undefined;
        response = stream
          ? await t.http.openStream(concretePath(route), { token })
          : await t.http.request('GET', concretePath(route), { token });
        if (response.status !== 401 && response.status !== 403) break;
      }
      // A stream sets a longer value of its own; no-store must be in it all the same.
      expect({ route: route.path, cacheControl: response?.headers.get('cache-control') }).toEqual({
        route: route.path,
        cacheControl: match.stringMatching(/(^|,\s*)no-store(\s*,|$)/),
      });
    }
  });

  it('free text is stored as sent (tabs, newlines and surrounding spaces kept); only blankness is judged trimmed', async () => {
    const description = '  城东社区建设路路面破损，\n\t雨天积水。  ';
    const own = await submit(t, ROADS_IN_CHENGDONG, {
      description,
      voter: { name: ' 李桂兰 ', phone: ' 13807305678 ', address: '\t城东社区建设路12号\n' },
    });
    const [stored] = await t.db.query<
      { description: string; voter_name: string; voter_phone: string; voter_address: string }[]
    >(`SELECT description, voter_name, voter_phone, voter_address FROM issues WHERE id = $1`, [own.id]);
    // The phone is an identifier in a checked format: trimmed (and encrypted at rest). The rest is what the deputy wrote.
    expect({ ...stored, voter_phone: testCipher.decrypt('phone', stored.voter_phone) }).toEqual({
      description,
      voter_name: ' 李桂兰 ',
      voter_phone: '13807305678',
      voter_address: '\t城东社区建设路12号\n',
    });
    await untilStatus(t, 'deputy.zhangzhiqiang', own.id, 'assigned');
    const text = '  已安排施工队修复，\n\t并疏通排水沟。  ';
    const reply = await t.http.post(
      `/api/issues/${own.id}/reply`,
      { replyClass: 'A', text },
      await t.tokenOf('dept.jiaotong.rongjiawan'),
    );
    expect(reply.status).toBe(200);
    const [replied] = await t.db.query<{ text: string }[]>(`SELECT text FROM replies WHERE issue_id = $1`, [own.id]);
    expect(replied.text).toBe(text);
    const blank = await t.http.post<ErrorBody>(
      `/api/issues/${own.id}/urge`,
      { note: ' \n\t ' },
      await t.tokenOf('supervisor.rongjiawan'),
    );
    expect(Object.keys(blank.body.fields ?? {})).toEqual(['note']);
  });

  it('a control character sent past the API is refused by the workflow’s validator, and the issue goes on', async () => {
    const temporal = t.app.get(TemporalClientService);
    const handle = temporal.client.workflow.getHandle(issueWorkflowId(issue.id));
    const refused = await handle
      .executeUpdate(urgeUpdate, { args: [{ note: 'hurry\u0000up', actor: { label: '督办' } }] })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'InvalidInput',
      message: expect.stringContaining('note') as unknown,
    });
    // The history holds no trace of it, and a clean urge is still accepted.
    const urged = await t.http.post(
      `/api/issues/${issue.id}/urge`,
      { note: '请尽快处理' },
      await t.tokenOf('supervisor.rongjiawan'),
    );
    expect(urged.status).toBe(200);
    const events = await t.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM issue_events WHERE issue_id = $1 AND data::text LIKE '%hurry%'`,
      [issue.id],
    );
    expect(events[0].count).toBe(0);
  });
});
