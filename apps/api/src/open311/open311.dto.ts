// The shapes of the admin's Open311 client API (the GeoReport routes themselves answer the spec's own shapes).
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ApiDateTime, ApiNullable } from '../common/swagger';

export class CreateOpen311ClientDto {
  @ApiProperty({ example: '岳阳县12345热线平台', minLength: 2, maxLength: 100 })
  @IsString()
  @Length(2, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;
}

export class Open311ClientView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '岳阳县12345热线平台' })
  name!: string;

  @ApiProperty({ example: 'o311_Ab3dE', description: "The key's first characters, to tell keys apart." })
  keyPrefix!: string;

  @ApiDateTime()
  createdAt!: string;

  @ApiNullable('date-time', { description: 'Set once the key is revoked: it is then refused (403).' })
  revokedAt!: string | null;
}

export class NewOpen311ClientView extends Open311ClientView {
  @ApiProperty({ description: 'The API key, shown this once: only its SHA-256 is kept.' })
  apiKey!: string;
}
