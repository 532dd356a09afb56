import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UserImportController } from './user-import.controller';
import { UserImportRepository } from './user-import.repository';
import { UserImportService } from './user-import.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** User administration (admin only). */
@Module({
  imports: [AuthModule],
  controllers: [UsersController, UserImportController],
  providers: [UsersRepository, UsersService, UserImportRepository, UserImportService],
})
export class UsersModule {}
