import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { DevMailController } from './dev-mail/dev-mail.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { HomeController } from './home/home.controller';

@Module({
  imports: [ConfigModule, DatabaseModule, MailModule, TemporalModule],
  controllers: [HealthController, DevMailController, HomeController],
  providers: [HealthService],
})
export class AppModule {}
