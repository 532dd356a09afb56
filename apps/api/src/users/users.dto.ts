import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { type Role, USER_ROLES } from '@app/database';
import { RoleGrantView } from '../auth/auth.dto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password.service';
import { PageQuery } from '../common/pagination';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export class RoleGrantDto {
  @ApiProperty({ enum: USER_ROLES, example: 'supervisor' })
  @IsIn(USER_ROLES)
  role!: Role;

  @ApiNullable('uuid', {
    description: 'Root of the scope subtree: required for liaison and supervisor, absent for the other roles.',
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  regionId?: string | null;
}

export class UpdateRolesDto {
  @ApiProperty({ type: [RoleGrantDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles!: RoleGrantDto[];
}

/** Role editing: the grants, and the department or deputy the user is bound to (absent: unchanged; null: unbound). */
export class UpdateAccessDto extends UpdateRolesDto {
  @ApiNullable('uuid', { description: 'The department the user answers for; null unbinds', required: false })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @ApiNullable('uuid', { description: 'The deputy the user is; one user per deputy; null unbinds', required: false })
  @IsOptional()
  @IsUUID()
  deputyId?: string | null;
}

export class CreateUserDto extends UpdateRolesDto {
  @ApiProperty({ example: 'liaison.rongjiawan', pattern: USERNAME_PATTERN.source, maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3-64 characters: lower-case letters, digits, dot, dash or underscore',
  })
  username!: string;

  @ApiProperty({ example: '周联络', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName!: string;

  @ApiPropertyOptional({ example: 'zhou@example.org', maxLength: 254 })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({
    example: 'an-initial-passphrase',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with the department role.' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with the deputy role; one user per deputy.' })
  @IsOptional()
  @IsUUID()
  deputyId?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the username or display name', maxLength: 64, example: 'rongjiawan' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: Role;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'liaison.rongjiawan' }) username!: string;
  @ApiProperty({ example: '周联络' }) displayName!: string;
  @ApiNullable('string') email!: string | null;
  @ApiNullable('uuid') departmentId!: string | null;
  @ApiNullable('string', { example: '县住房和城乡建设局' }) departmentName!: string | null;
  @ApiNullable('uuid') deputyId!: string | null;
  @ApiNullable('string', { example: '张志强' }) deputyName!: string | null;
  @ApiProperty() active!: boolean;
  @ApiInteger({ example: 0 }) failedLogins!: number;
  @ApiNullable('date-time') lockedUntil!: Date | null;
  @ApiProperty({ description: 'A one-time password was issued and not replaced yet' }) mustChangePassword!: boolean;
  @ApiDateTime() createdAt!: Date;
  @ApiProperty({ type: [RoleGrantView] }) roles!: RoleGrantView[];
}

export class PasswordResetView {
  @ApiProperty({
    example: 'k7mq3xv9tp2w',
    description: 'Shown once: give it to the user, who must choose a new password at the next sign-in.',
  })
  temporaryPassword!: string;

  @ApiProperty({ type: UserView }) user!: UserView;
}
