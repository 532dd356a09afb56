// Plain HTTP to the API for what a test prepares or checks behind the browser's back.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { until } from '../../support/until';

export { until };

export class ApiAs {
  private token: string | null = null;

  constructor(
    private readonly baseUrl: string,
    readonly username: string,
  ) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    if (!this.token) {
      const login = await fetch(`${this.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: this.username, password: 'lianluo-demo' }),
      });
      if (!login.ok) throw new Error(`sign-in of ${this.username} failed: ${login.status} ${await login.text()}`);
      this.token = ((await login.json()) as { accessToken: string }).accessToken;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async get<T>(path: string): Promise<T> {
    const { status, body } = await this.request<T>('GET', path);
    if (status !== 200) throw new Error(`GET ${path} as ${this.username}: ${status} ${JSON.stringify(body)}`);
    return body;
  }
}

export async function idOf(db: DataSource, table: 'regions' | 'stations' | 'issue_categories', code: string) {
  const [row] = await db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE code = $1`, [code]);
  if (!row) throw new Error(`no ${table} row with code ${code}`);
  return row.id;
}

/** Submits an issue through the API as the deputy (what the phone form does), answering the new issue's id. */
export async function submitIssue(
  db: DataSource,
  deputy: ApiAs,
  where: { station: string; place: string; category: string },
  fields: { description: string; urgency?: 'normal' | 'urgent' },
): Promise<string> {
  const { status, body } = await deputy.request<{ id: string }>('POST', '/api/issues', {
    stationId: await idOf(db, 'stations', where.station),
    placeRegionId: await idOf(db, 'regions', where.place),
    categoryId: await idOf(db, 'issue_categories', where.category),
    channel: 'reception_day',
    urgency: fields.urgency ?? 'normal',
    description: fields.description,
    idempotencyKey: randomUUID(),
  });
  if (status !== 201) throw new Error(`submitting an issue failed: ${status} ${JSON.stringify(body)}`);
  return body.id;
}
