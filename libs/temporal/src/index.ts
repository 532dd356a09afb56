export * from './temporal-client.service';
export * from './temporal.module';
