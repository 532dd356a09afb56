import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { DevMailController } from './dev-mail/dev-mail.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { HomeController } from './home/home.controller';
import { UsersModule } from './users/users.module';

@Module({
  imports: [ConfigModule, DatabaseModule, MailModule, TemporalModule, CommonModule, AuthModule, UsersModule],
  controllers: [HealthController, DevMailController, HomeController],
  providers: [HealthService],
})
export class AppModule {}
