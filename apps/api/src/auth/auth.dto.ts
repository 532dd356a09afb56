import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiNullable } from '../common/swagger';
import { IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import type { Role } from '@app/database';
import { USER_ROLES } from '@app/database';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.service';

export class LoginDto {
  @ApiProperty({ example: 'admin', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'lianluo-demo', maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ example: 'm1R0Zl0m2l6v3yC2y5Yx3O0GkqQb0n7t3r0uV1s2w3E', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'lianluo-demo', maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    example: 'a-longer-passphrase-2025',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    description: `At least ${PASSWORD_MIN_LENGTH} characters, not containing the username, not the current one.`,
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class TokenPairView {
  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl' })
  accessToken!: string;

  @ApiInteger({ example: 900, description: 'Seconds the access token is valid for.' })
  expiresIn!: number;

  @ApiProperty({
    example: 'm1R0Zl0m2l6v3yC2y5Yx3O0GkqQb0n7t3r0uV1s2w3E',
    description: 'Single use: POST it to /api/auth/refresh for a new pair. Using a spent one ends the session.',
  })
  refreshToken!: string;

  @ApiInteger({ example: 604800 })
  refreshExpiresIn!: number;
}

export class LoginView extends TokenPairView {
  @ApiProperty({
    example: false,
    description: 'The password was a one-time one set by an admin: choose a new one (POST /api/auth/password) first.',
  })
  passwordChangeRequired!: boolean;
}

export class RoleGrantView {
  @ApiProperty({ enum: USER_ROLES, example: 'supervisor' })
  role!: Role;

  @ApiNullable('uuid', {
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
  })
  regionId!: string | null;

  @ApiNullable('string', { example: 'yueyang/yueyang-county' })
  regionPath!: string | null;

  @ApiNullable('string', { example: '岳阳县' })
  regionName!: string | null;
}

class DepartmentRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'rongjiawan-water' }) code!: string;
  @ApiProperty({ example: '荣家湾镇水利站' }) name!: string;
}

// Named apart from the attendance DeputyRef: the OpenAPI document keys schemas by class name, and the two clashed.
class ProfileDeputyRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '李明' }) name!: string;
  @ApiProperty({ example: 'county' }) level!: string;
}

export class ProfileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'supervisor.yueyang-county' }) username!: string;
  @ApiProperty({ example: '王督办' }) displayName!: string;
  @ApiNullable('string', { example: 'wang@example.org' }) email!: string | null;
  @ApiProperty({ description: 'Signed in with a one-time password that must be replaced before anything else.' })
  mustChangePassword!: boolean;
  @ApiProperty({ type: [RoleGrantView] }) roles!: RoleGrantView[];
  @ApiNullable(DepartmentRef) department!: DepartmentRef | null;
  @ApiNullable(ProfileDeputyRef) deputy!: ProfileDeputyRef | null;
}
