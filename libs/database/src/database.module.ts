// Wires the shared DataSource definition into Nest; repositories come from TypeOrmModule.forFeature.
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.DATABASE_URL, {
          ssl: config.DATABASE_SSL === 'true' ? { rejectUnauthorized: true } : false,
          extra: { max: 10 },
        }),
    }),
  ],
})
export class DatabaseModule {}
