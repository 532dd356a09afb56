// Owns GET /health, /health/live and /health/ready.
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  // Terminus logs a failed check itself; the body already names what failed, and a probe every few seconds
  // would otherwise fill the log during an outage with one stack per probe.
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }), MailModule, TemporalModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
