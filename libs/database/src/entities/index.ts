import type { EntitySchema, MixedList } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
export const ENTITIES: MixedList<Function | string | EntitySchema> = [];
