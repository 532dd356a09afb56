// Owns the supervision figures: what each rate means, the SQL that computes it (fast over the rollups, and by the
// plain reading of the records), the queues of overdue, due and untriaged issues, and the ledgers' rows.
export * from './hotspots.sql';
export * from './issue-rows.sql';
export * from './metric-definitions';
export * from './metrics.module';
export * from './metrics.repository';
export * from './operator-gauges.sql';
export * from './period';
export * from './queues.sql';
export * from './rates';
export * from './rates.sql';
export * from './rollup-fold.sql';
export * from './scope';
export * from './sql-params';
