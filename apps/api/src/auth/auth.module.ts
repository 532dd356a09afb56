// Owns who is calling and what they may see: sign-in and sessions, the global guards (rate limit →
// access token → @Roles), scope decisions, reply links and voters' personal data.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { OPEN311_RATE_LIMIT, STRICT_RATE_LIMIT, VOTER_RATE_LIMIT } from './auth.decorators';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import { PersonalDataService } from './personal-data.service';
import { ReplyLinkService } from './reply-link.service';
import { RolesGuard } from './roles.guard';
import { ScopeService } from './scope.service';
import { TokenService } from './token.service';

@Module({
  imports: [
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE },
          {
            // Only for routes marked @StrictRateLimit(): password change. Sign-in counts failures instead (AuthService).
            name: 'strict',
            ttl: 60_000,
            limit: config.LOGIN_RATE_LIMIT_PER_MINUTE,
            skipIf: (context) => Reflect.getMetadata(STRICT_RATE_LIMIT, context.getHandler()) !== true,
          },
          {
            // Only for routes marked @VoterRateLimit(): the public voter's page, per client address and hour.
            name: 'voter',
            ttl: 3_600_000,
            limit: config.VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR,
            skipIf: (context) => Reflect.getMetadata(VOTER_RATE_LIMIT, context.getHandler()) !== true,
          },
          {
            // Only for routes marked @Open311RateLimit(): an Open311 client's posts, per api_key and hour (a post
            // without a key is counted by address, and refused anyway).
            name: 'open311',
            ttl: 3_600_000,
            limit: config.OPEN311_REQUESTS_PER_KEY_PER_HOUR,
            skipIf: (context) => Reflect.getMetadata(OPEN311_RATE_LIMIT, context.getHandler()) !== true,
            getTracker: (request: Record<string, unknown>) => {
              const key = (request.body as Record<string, unknown> | undefined)?.api_key;
              return typeof key === 'string' && key ? `open311-key:${key}` : `open311-ip:${String(request.ip)}`;
            },
          },
        ],
        errorMessage: 'Too many requests: wait a minute and try again',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthRepository,
    AuthService,
    PasswordService,
    TokenService,
    ScopeService,
    ReplyLinkService,
    PersonalDataService,
    // Global guards, in this order: rate limit, then "who is it", then "does their role allow it".
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessTokenGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [ScopeService, ReplyLinkService, PersonalDataService, PasswordService],
})
export class AuthModule {}
