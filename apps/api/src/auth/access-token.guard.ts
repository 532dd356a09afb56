// Owns "who is calling": every route needs a valid access token of a live session, unless it is @Public().
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Clock } from '../common/clock';
import { ACCESS_TOKEN_IN_QUERY, BEFORE_PASSWORD_CHANGE, IS_PUBLIC, type RequestWithUser } from './auth.decorators';
import { AuthRepository } from './auth.repository';
import { TokenService } from './token.service';

@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AuthRepository) private readonly repository: AuthRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithUser>();
    const inQuery = this.reflector.get<boolean | undefined>(ACCESS_TOKEN_IN_QUERY, context.getHandler()) === true;
    const token = bearerToken(request) ?? (inQuery ? queryToken(request) : null);
    if (!token) throw new UnauthorizedException('Sign in first: send Authorization: Bearer <accessToken>');
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims) throw new UnauthorizedException('The access token is invalid or expired');
    // Loaded fresh every time: a signed-out session, a deactivated user or a withdrawn role takes effect at once.
    const principal = await this.repository.loadPrincipal(claims.sub, claims.sid, this.clock.now());
    if (!principal) throw new UnauthorizedException('The session has ended: sign in again');
    const { mustChangePassword, ...user } = principal;
    // A one-time password proves only that the admin's message reached someone: it opens nothing but the change.
    if (mustChangePassword && this.reflector.get<boolean>(BEFORE_PASSWORD_CHANGE, context.getHandler()) !== true) {
      throw new ForbiddenException(PASSWORD_CHANGE_REQUIRED);
    }
    request.user = user;
    return true;
  }
}

export const PASSWORD_CHANGE_REQUIRED =
  'Choose a new password first: the one-time password an admin gave you works only for POST /api/auth/password';

const TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

function bearerToken(request: Request): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match && match[1].length <= 4096 ? match[1] : null;
}

/** `?access_token=`, on the routes marked @AccessTokenInQuery() only. */
function queryToken(request: Request): string | null {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value.length <= 4096 && TOKEN.test(value) ? value : null;
}
