import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { VoterModule } from '../voter/voter.module';
import { Open311ClientsController } from './open311-clients.controller';
import { Open311Controller } from './open311.controller';
import { Open311Repository } from './open311.repository';
import { Open311Service } from './open311.service';

/**
 * Open311 GeoReport v2 (issue #15, item 5): other systems read the categories and post and follow service requests,
 * which go the voter's way (a submission the deputy decides on); admins manage the clients' API keys.
 */
@Module({
  imports: [AuthModule, VoterModule],
  controllers: [Open311Controller, Open311ClientsController],
  providers: [Open311Repository, Open311Service],
})
export class Open311Module {}
