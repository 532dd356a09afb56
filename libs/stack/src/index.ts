export * from './embedded-postgres';
export * from './free-port';
export * from './project-root';
export * from './temporal-dev-server';
export * from './temporal-server';
export * from './cpu-group';
export * from './restart-policy';
