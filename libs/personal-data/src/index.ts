export * from './personal-data-cipher';
export * from './personal-data.module';
export * from './voter-fields';
