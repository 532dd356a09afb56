// Sign-in, token refresh, sign-out, password change and "who am I".
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { AllowedBeforePasswordChange, CurrentUser, Public, StrictRateLimit } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginView, ProfileView, RefreshDto, TokenPairView } from './auth.dto';
import { AuthService, type LoginResult, type TokenPair } from './auth.service';
import type { AuthUser } from './auth-user';
import type { Profile } from './auth.repository';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'The same 401 for an unknown user, a wrong password and a deactivated account. LOGIN_MAX_FAILURES failures ' +
      'in a row lock the account for LOGIN_LOCK_MINUTES, and LOGIN_MAX_FAILURES_PER_ADDRESS failures from one ' +
      'address within LOGIN_LOCK_MINUTES block that address as long: 429 saying how long to wait, with ' +
      'Retry-After. Successful sign-ins are not limited per address. passwordChangeRequired: the password was a ' +
      'one-time one from an admin; every route but /api/auth/password and /api/auth/me answers 403 until it is changed.',
  })
  @ApiOkResponse({ type: LoginView })
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, {
      userAgent: request.header('user-agent') ?? null,
      ip: request.ip ?? null,
    });
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description: 'Each refresh token works once. Presenting one that was already exchanged ends its session.',
  })
  @ApiOkResponse({ type: TokenPairView })
  @ApiErrors(400, 401, 429)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: ends the session of this refresh token (and its access tokens)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Post('password')
  @StrictRateLimit()
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Change your password; your other sessions are signed out' })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiSignedIn()
  @ApiOperation({ summary: 'The signed-in user: roles with their scope regions, department, deputy' })
  @ApiOkResponse({ type: ProfileView })
  me(@CurrentUser() user: AuthUser): Promise<Profile> {
    return this.auth.profile(user);
  }
}
