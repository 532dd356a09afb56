// Gives a suite its own fresh database on the shared test server, with the real migrations applied.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { migrate } from '@app/database';

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the suites through jest (test/global-setup.ts)');
  return url;
}

/** Creates an empty database and returns its URL. */
export async function createEmptyDatabase(prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database with every migration applied; the DataSource is open. */
export async function createMigratedDatabase(prefix = 'test'): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createEmptyDatabase(prefix);
  return { url, dataSource: await migrate(url) };
}
