export * from './data-source';
export * from './entities';
export * from './database.module';
export * from './seed';
export * from './calendar-days.repository';
export * from './sql';
export * from './reception-rota';
export * from './transient-retry';
