// Owns the decorators a controller uses to say who may call it: @Public(), @Roles(...), @CurrentUser().
import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import type { Role } from '@app/database';
import { ApiErrors } from '../common/swagger';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = Symbol('lianluo:public');
export const REQUIRED_ROLES = Symbol('lianluo:roles');
export const STRICT_RATE_LIMIT = 'lianluo:strict-rate-limit';
export const VOTER_RATE_LIMIT = 'lianluo:voter-rate-limit';
export const OPEN311_RATE_LIMIT = 'lianluo:open311-rate-limit';
export const ACCESS_TOKEN_IN_QUERY = Symbol('lianluo:access-token-in-query');
export const BEFORE_PASSWORD_CHANGE = Symbol('lianluo:before-password-change');

/** No access token needed (sign-in, health, reply links). Every other route requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The caller must hold at least one of these roles (in any region), else 403. This is the coarse gate;
 * whether the role reaches *this* issue or department is the service's check, through ScopeService.
 * The 403 goes into the OpenAPI document with the gate, so no route can have one without the other.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiErrors(403));

/**
 * The route also takes the access token as `?access_token=`: only for EventSource (server-sent events), which
 * cannot send an Authorization header. The header still wins when both are sent.
 */
export const AccessTokenInQuery = (): MethodDecorator => SetMetadata(ACCESS_TOKEN_IN_QUERY, true);

/**
 * The route answers a user who signed in with a one-time password (an admin's reset) and has not replaced it yet:
 * only "who am I" and the password change. Every other route answers such a user 403 PASSWORD_CHANGE_REQUIRED.
 */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/**
 * Counts the route against LOGIN_RATE_LIMIT_PER_MINUTE as well as RATE_LIMIT_PER_MINUTE (password guessing with a
 * stolen token). Sign-in itself is limited by failures, per account and per address (AuthService), not by this.
 */
export const StrictRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(STRICT_RATE_LIMIT, true);

/** Counts the route against VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR too (a voter's page: no account, so no lock-out). */
export const VoterRateLimit = (): MethodDecorator => SetMetadata(VOTER_RATE_LIMIT, true);

/** Counts the route against OPEN311_REQUESTS_PER_KEY_PER_HOUR per api_key (an Open311 client's posts). */
export const Open311RateLimit = (): MethodDecorator => SetMetadata(OPEN311_RATE_LIMIT, true);

export interface RequestWithUser {
  user?: AuthUser;
}

/** The signed-in user: `@CurrentUser() user: AuthUser`. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<RequestWithUser>().user;
  // Only reachable on a @Public() route, where there is no user: a programming error, answered as 401.
  if (!user) throw new UnauthorizedException('Sign in first');
  return user;
});
