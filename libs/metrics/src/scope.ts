// Owns what a figure is about: a region's subtree, a station, a lead department or a deputy.
import type { RegionLevel } from '@app/database';

export type MetricScope =
  | { kind: 'region'; id: string; path: string; level: RegionLevel }
  | { kind: 'station'; id: string }
  | { kind: 'department'; id: string }
  /** `regionRoots`: only the deputy's issues under these region paths (null: all of them). */
  | { kind: 'deputy'; id: string; regionRoots: readonly string[] | null };

export type ScopeKind = MetricScope['kind'];
export const SCOPE_KINDS: readonly ScopeKind[] = ['region', 'station', 'department', 'deputy'];

/** The rollup dimensions: sums per region (city, county, township), station and lead department, by day. */
export type RollupDim = 'region' | 'station' | 'department';

/** Where the fast path reads a scope's sums: a rollup row per day, or (small scopes) the per-issue facts. */
export function rollupDimOf(scope: MetricScope): RollupDim | null {
  switch (scope.kind) {
    case 'region':
      return scope.level === 'village' ? null : 'region';
    case 'station':
      return 'station';
    case 'department':
      return 'department';
    case 'deputy':
      return null;
  }
}
