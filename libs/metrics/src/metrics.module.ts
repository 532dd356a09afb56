import { Module } from '@nestjs/common';
import { MetricsRepository } from './metrics.repository';

/** Provides the MetricsRepository over the app's DataSource (DatabaseModule must be imported by the app). */
@Module({ providers: [MetricsRepository], exports: [MetricsRepository] })
export class MetricsModule {}
