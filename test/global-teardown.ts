import { rm } from 'node:fs/promises';
import type { RunningServices } from './support/services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __LIANLUO_SERVICES__?: RunningServices }).__LIANLUO_SERVICES__;
  if (!services) return;
  // Temporal first: the real server keeps its history in this PostgreSQL and would fight its going away.
  await services.temporal?.stop();
  await services.postgres?.stop();
  await Promise.all((services.tempDirs ?? []).map((dir) => rm(dir, { recursive: true, force: true })));
}
