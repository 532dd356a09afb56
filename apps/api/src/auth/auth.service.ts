// Owns the rules of signing in: uniform failures, lock-out, session creation, refresh-token rotation with
// reuse detection, sign-out and password change.
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { invalidField, InvalidFieldsException } from '../common/api-error';
import { Clock } from '../common/clock';
import { AuthRepository, type Profile } from './auth.repository';
import type { AuthUser } from './auth-user';
import { PasswordService } from './password.service';
import { hashRefreshToken, TokenService } from './token.service';

/** One message for unknown user, wrong password, locked and inactive account: none of them is revealed. */
export const SIGN_IN_FAILED =
  'Wrong username or password, or the account is locked for a while after too many failures';
export const REFRESH_FAILED = 'The refresh token is invalid, expired or already used: sign in again';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token is valid for. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds the refresh token is valid for, unless used or revoked first. */
  refreshExpiresIn: number;
}

/** What sign-in answers: the tokens, and whether the password is a one-time one that must be replaced first. */
export interface LoginResult extends TokenPair {
  passwordChangeRequired: boolean;
}

/**
 * 429 for sign-ins refused for a while (an account after LOGIN_MAX_FAILURES failures in a row, an address after
 * LOGIN_MAX_FAILURES_PER_ADDRESS), saying how long to wait, also as Retry-After (set by the exception filter).
 */
export class SignInThrottledException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(by: 'account' | 'address', until: Date, now: Date) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    const who = by === 'account' ? 'for this account' : 'from this address';
    super(`Too many failed sign-ins ${who}: try again in ${wait}`, HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterSeconds = seconds;
  }
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(AuthRepository) private readonly repository: AuthRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const address = client.ip ?? 'unknown';
    const blockedUntil = await this.repository.addressBlockedUntil(address, this.clock.now());
    // Refused before any argon2 work: a blocked guesser costs the server one indexed read.
    if (blockedUntil) throw new SignInThrottledException('address', blockedUntil, this.clock.now());
    const user = await this.repository.findCredentials(username);
    // Always one argon2 verification, whoever asks: the answer time does not tell whether the user exists.
    const valid = await this.passwords.verify(user?.passwordHash ?? null, password);
    const now = this.clock.now();
    if (!user || !user.active || !valid) {
      // Per address only failures count, so colleagues signing in from one office never hold each other up.
      const windowMs = this.config.LOGIN_LOCK_MINUTES * 60_000;
      await this.repository.recordAddressFailure(address, now, windowMs, this.config.LOGIN_MAX_FAILURES_PER_ADDRESS);
    }
    if (!user || !user.active) throw new UnauthorizedException(SIGN_IN_FAILED);
    // The lock is told, with how long it lasts (issue #13): a user waiting should know for how long. The right
    // password does not lift it early, so the answer is the same whether or not the password was right.
    if (user.lockedUntil && user.lockedUntil > now)
      throw new SignInThrottledException('account', user.lockedUntil, now);
    if (!valid) {
      const lockUntil = new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000);
      if (await this.repository.recordFailedLogin(user.id, this.config.LOGIN_MAX_FAILURES, lockUntil)) {
        this.logger.warn(`user ${user.id} locked until ${lockUntil.toISOString()} after repeated sign-in failures`);
      }
      throw new UnauthorizedException(SIGN_IN_FAILED);
    }
    const rehashed =
      user.passwordHash && this.passwords.needsRehash(user.passwordHash) ? await this.passwords.hash(password) : null;
    await this.repository.recordSuccessfulLogin(user.id, rehashed);
    return { ...(await this.startSession(user.id, client, now)), passwordChangeRequired: user.mustChangePassword };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const next = this.tokens.newRefreshToken();
    const result = await this.repository.rotateRefreshToken({
      tokenHash: hashRefreshToken(refreshToken),
      nextHash: next.hash,
      now,
      expiresAt: this.tokens.refreshExpiry(now),
    });
    switch (result.kind) {
      case 'invalid':
        throw new UnauthorizedException(REFRESH_FAILED);
      case 'reused':
        // Someone holds a copy of a token that was already exchanged: either the user or a thief has the
        // newer one, and we cannot tell which, so the whole session ends.
        this.logger.warn(`refresh token reused: session ${result.sessionId} revoked`);
        throw new UnauthorizedException(REFRESH_FAILED);
      case 'rotated':
        return {
          tokenType: 'Bearer',
          accessToken: await this.tokens.signAccessToken(result.userId, result.sessionId),
          expiresIn: this.tokens.accessTokenTtlSeconds,
          refreshToken: next.token,
          refreshExpiresIn: this.tokens.refreshTokenTtlSeconds,
        };
    }
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored: signing out is idempotent. */
  async logout(refreshToken: string): Promise<void> {
    const sessionId = await this.repository.sessionOfRefreshToken(hashRefreshToken(refreshToken));
    if (sessionId) await this.repository.revokeSession(sessionId, 'logout', this.clock.now());
  }

  /** Changes the password and ends every other session of the user; the current one stays signed in. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const credentials = await this.repository.findCredentialsById(user.id);
    if (!credentials) throw new UnauthorizedException('Sign in first');
    if (!(await this.passwords.verify(credentials.passwordHash, currentPassword))) {
      // A stolen access token must not become a free password-guessing oracle: failures count towards lock-out.
      const now = this.clock.now();
      const lockUntil = new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000);
      await this.repository.recordFailedLogin(user.id, this.config.LOGIN_MAX_FAILURES, lockUntil);
      throw invalidField('currentPassword', 'currentPassword is wrong');
    }
    const problems = this.passwords.policyProblems(newPassword, {
      username: user.username,
      oldPassword: currentPassword,
    });
    if (problems.length) throw new InvalidFieldsException({ newPassword: problems });
    await this.repository.setPassword(user.id, await this.passwords.hash(newPassword));
    await this.repository.revokeUserSessions(user.id, 'password_change', this.clock.now(), user.sessionId);
  }

  async profile(user: AuthUser): Promise<Profile> {
    const profile = await this.repository.loadProfile(user.id);
    if (!profile) throw new NotFoundException('User not found');
    return profile;
  }

  private async startSession(userId: string, client: ClientInfo, now: Date): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    const sessionId = await this.repository.createSession({
      userId,
      tokenHash: refresh.hash,
      now,
      expiresAt: this.tokens.refreshExpiry(now),
      userAgent: client.userAgent,
      ip: client.ip,
    });
    return {
      tokenType: 'Bearer',
      accessToken: await this.tokens.signAccessToken(userId, sessionId),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      refreshExpiresIn: this.tokens.refreshTokenTtlSeconds,
    };
  }
}
