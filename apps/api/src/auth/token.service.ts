// Owns the two credentials a session hands out: the short-lived access token (JWT, HS256) and the
// opaque refresh token (random bytes; only its SHA-256 is stored).
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock } from '../common/clock';

export const JWT_ISSUER = 'lianluo';
export const JWT_AUDIENCE = 'lianluo-api';

export interface AccessTokenClaims {
  /** User id. */
  sub: string;
  /** Session id: a revoked session's access tokens stop working at once. */
  sid: string;
  typ: 'access';
}

@Injectable()
export class TokenService {
  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL;
  }

  get refreshTokenTtlSeconds(): number {
    return this.config.REFRESH_TOKEN_TTL;
  }

  signAccessToken(userId: string, sessionId: string): Promise<string> {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessTokenClaims & { iat: number } = { sub: userId, sid: sessionId, typ: 'access', iat };
    return this.jwt.signAsync(claims, {
      secret: this.config.JWT_SECRET,
      algorithm: 'HS256',
      expiresIn: this.config.ACCESS_TOKEN_TTL,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  /** The claims of a valid access token, or null when it is malformed, tampered with, expired or of another kind. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, {
        secret: this.config.JWT_SECRET,
        // Pinned, so a token claiming `alg: none` or another algorithm is refused.
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
      return { sub: claims.sub, sid: claims.sid, typ: 'access' };
    } catch {
      return null;
    }
  }

  /** A new refresh token: 256 random bits, URL-safe. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token) };
  }

  refreshExpiry(from: Date = this.clock.now()): Date {
    return new Date(from.getTime() + this.config.REFRESH_TOKEN_TTL * 1000);
  }
}

/** Refresh tokens are high-entropy, so a fast hash is enough to make a stolen table useless. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
