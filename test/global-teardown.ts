import { rm } from 'node:fs/promises';
import type { RunningServices } from './support/services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __LIANLUO_SERVICES__?: RunningServices }).__LIANLUO_SERVICES__;
  if (!services) return;
  await Promise.all([services.temporal?.stop(), services.postgres?.stop()]);
  await Promise.all((services.tempDirs ?? []).map((dir) => rm(dir, { recursive: true, force: true })));
}
