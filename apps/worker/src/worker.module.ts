import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';

@Module({ imports: [ConfigModule, DatabaseModule, MailModule] })
export class WorkerModule {}
