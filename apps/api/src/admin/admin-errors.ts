// Owns the admin module's error answers, all in the common error shape with `fields` naming the field:
// 400 for input that cannot be right (a reference to nothing, a level that does not fit), 404 for the row in
// the path, 409 for a clash with the current state (a taken code, an inactive department, a row still in use).
import { ConflictException, NotFoundException } from '@nestjs/common';
import { InvalidFieldsException, type FieldErrors } from '../common/api-error';

/** 409 naming one field, e.g. `conflict('code', 'this code is taken')`. */
export function conflict(field: string, message: string): ConflictException {
  return new ConflictException({ message, fields: { [field]: [message] } });
}

export function notFound(what: string): NotFoundException {
  return new NotFoundException(`${what} not found`);
}

/** True for a foreign-key violation: a row was referenced or removed by a concurrent write. */
export function isForeignKeyViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } } | null)?.driverError;
  return (driverError?.code ?? (error as { code?: string } | null)?.code) === '23503';
}

/** Collects per-field problems found by a service, then answers 400 (or 409) with all of them at once. */
export class FieldProblems {
  readonly fields: FieldErrors = {};

  add(path: string, message: string): void {
    this.fields[path] = [...(this.fields[path] ?? []), message];
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  throwIfAny(status: 400 | 409 = 400): void {
    if (this.empty) return;
    if (status === 409) {
      throw new ConflictException({
        message: `Conflicts with the current state: ${Object.keys(this.fields).join(', ')}`,
        fields: this.fields,
      });
    }
    throw new InvalidFieldsException(this.fields);
  }
}
