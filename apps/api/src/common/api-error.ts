// Owns the one error body every 4xx and 5xx answer carries, and the exceptions that fill its `fields`.
import { BadRequestException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInteger } from './swagger';

/** The body of every error response. */
export class ApiErrorBody {
  @ApiInteger({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP reason phrase.' })
  error!: string;

  @ApiProperty({ example: 'Invalid input: username, password', description: 'One sentence for a person.' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Per-field messages, keyed by the field path (`roles.0.regionId`); only on invalid input.',
    example: { username: ['username must be shorter than or equal to 64 characters'], extra: ['extra is not allowed'] },
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  fields?: Record<string, string[]>;

  @ApiProperty({
    example: '4f1c2a9e-8f0b-4e8a-9a36-2b7b1d0c5e11',
    description: 'Also in the X-Request-Id header and the logs.',
  })
  requestId!: string;
}

export type FieldErrors = Record<string, string[]>;

/** 400 with per-field messages: what the ValidationPipe throws, and what a service throws for a bad reference. */
export class InvalidFieldsException extends BadRequestException {
  constructor(readonly fields: FieldErrors) {
    super({ message: `Invalid input: ${Object.keys(fields).join(', ')}`, fields });
  }
}

/** A single bad field, e.g. `invalidField('roles.0.regionId', 'no such region')`. */
export function invalidField(path: string, message: string): InvalidFieldsException {
  return new InvalidFieldsException({ [path]: [message] });
}

/** Reason phrases for the statuses the API answers with; others fall back to the class of the status. */
export function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (name) {
    return name
      .split('_')
      .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
      .join(' ')
      .replace(/\bUri\b/, 'URI');
  }
  return status >= 500 ? 'Server Error' : 'Client Error';
}
