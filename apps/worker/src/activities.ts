// The single place that binds the worker's injectable activity services into Temporal's activity map.
import type { INestApplicationContext } from '@nestjs/common';

export type ActivityMap = Record<string, (...args: never[]) => Promise<unknown>>;

/** Collects every activity the worker registers; each method keeps its service as `this`. */
export function createActivities(_app: INestApplicationContext): ActivityMap {
  return {};
}
