// Owns input validation: unknown fields are rejected, values are converted to the DTO's types, and every
// problem is reported under the path of its field.
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { InvalidFieldsException, type FieldErrors } from './api-error';

/** Keys that class-transformer drops silently; they are refused instead, like any other unknown field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const forbidden = [...forbiddenKeyPaths(value), ...accessorKeys(value, metadata.metatype)];
    if (forbidden.length) {
      throw new InvalidFieldsException(Object.fromEntries(forbidden.map((path) => [path, [`${path} is not allowed`]])));
    }
    return super.transform(value, metadata);
  }
}

/**
 * A field that may be left out but not set to null (`@IsOptional()` would let null through to a NOT NULL column):
 * validated whenever it is present. Admin PATCHes, attendance and subject requests use it.
 */
export const IfPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/**
 * A whole number in a query string. Only decimal digits (with a sign) convert: `1e1`, ` 5`, `0x10` and the empty
 * string stay text and fail @IsInt, where `@Type(() => Number)` would have let them through as 10, 5, 16 and 0.
 * Bodies need nothing of the kind: a number in JSON is a JSON number.
 */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Query strings arrive as text; DTOs say with @QueryInt (and BooleanQuery) which fields are numbers or booleans.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidFieldsException(flattenValidationErrors(errors)),
  });
}

/** `[{ property: 'roles', children: [{ property: '0', children: [{ property: 'role', ... }] }] }]` → `{ 'roles.0.role': [...] }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const fields: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation' ? `${path} is not allowed` : message,
    );
    if (messages.length) fields[path] = [...(fields[path] ?? []), ...messages];
    if (error.children?.length) Object.assign(fields, flattenValidationErrors(error.children, path));
  }
  return fields;
}

function forbiddenKeyPaths(value: unknown, prefix = '', depth = 0): string[] {
  if (typeof value !== 'object' || value === null || depth > 8) return [];
  return Object.keys(value).flatMap((key) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return [path];
    return forbiddenKeyPaths((value as Record<string, unknown>)[key], path, depth + 1);
  });
}

/**
 * Top-level keys that name a getter of the DTO class (`PageQuery.offset`): class-transformer would assign to it, which
 * throws on a getter without a setter (a 500 for `?offset=0`). Refused like any other unknown field.
 */
function accessorKeys(value: unknown, metatype: ArgumentMetadata['metatype']): string[] {
  if (typeof value !== 'object' || value === null || typeof metatype !== 'function') return [];
  return Object.keys(value).filter((key) => {
    for (
      let proto: unknown = metatype.prototype;
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (descriptor) return descriptor.get !== undefined || descriptor.set !== undefined;
    }
    return false;
  });
}
