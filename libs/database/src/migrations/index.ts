import type { MixedList } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
export const MIGRATIONS: MixedList<Function | string> = [];
