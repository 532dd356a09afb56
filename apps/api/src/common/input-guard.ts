// Owns what the API refuses before any guard, pipe or handler sees a request: JSON nested deeper than
// MAX_JSON_DEPTH (checked on the raw text, before parsing, so a deep document cannot overflow a recursive walk later),
// control characters (see @app/contracts' control-characters) in any string or key of the body or the query, and a
// PATCH that changes nothing.
// Path parameters get their names only once a route matched: PathParamsGuard checks them, after the authentication
// guards (module guards run before app-level ones) and before any pipe or handler.
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONTROL_CHARACTER_MESSAGE, controlCharacterPaths } from '@app/contracts';
import { InvalidFieldsException, type FieldErrors } from './api-error';

/** Deepest nesting of arrays and objects a JSON body may have; the API's deepest DTO uses four. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The nesting depth of a JSON text, counted on its bytes (UTF-8 continuation bytes are never ASCII). */
export function jsonDepth(raw: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** body-parser's `verify` hook: runs on the raw body before JSON.parse; a throw becomes the answer. */
export function refuseDeepJson(_request: unknown, _response: unknown, raw: Buffer): void {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    throw new InvalidFieldsException({
      body: [`body must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels`],
    });
  }
}

/** Express middleware, after the body parsers: 400 naming every field of the body or query with a control character. */
export function refuseControlCharacters(request: Request, _response: Response, next: NextFunction): void {
  const fields = controlCharacterFields(request.body as unknown, request.query);
  next(fields ? new InvalidFieldsException(fields) : undefined);
}

/** A global guard: 400 naming a path parameter with a control character, before any pipe or handler sees it. */
export class PathParamsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const fields = controlCharacterFields(context.switchToHttp().getRequest<Request>().params);
    if (fields) throw new InvalidFieldsException(fields);
    return true;
  }
}

/** Express middleware: a PATCH changes something, so one without a body, or with an empty one, is a mistake worth a 400. */
export function requirePatchBody(request: Request, _response: Response, next: NextFunction): void {
  const body = request.body as unknown;
  const empty = body === undefined || body === null || (typeof body === 'object' && !Object.keys(body).length);
  if (request.method === 'PATCH' && empty) {
    next(new InvalidFieldsException({ body: ['a PATCH needs a JSON body naming at least one field to change'] }));
    return;
  }
  next();
}

/** The field errors for control characters in the given values (merged: a query and a body field may share a name). */
export function controlCharacterFields(...values: unknown[]): FieldErrors | null {
  const paths = values.flatMap((value) => controlCharacterPaths(value));
  if (!paths.length) return null;
  return Object.fromEntries(paths.map((path) => [path, [`${path} ${CONTROL_CHARACTER_MESSAGE}`]]));
}
