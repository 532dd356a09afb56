import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** Providers every feature may inject without importing anything: the Clock. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class CommonModule {}
