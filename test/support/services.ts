import type { RunningPostgres, RunningTemporal } from '@app/stack';

export interface RunningServices {
  postgres?: RunningPostgres;
  temporal?: RunningTemporal;
  tempDirs?: string[];
}
