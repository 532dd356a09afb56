// Owns positional parameters for the SQL the builders write: each value is added once and named $n.
import { escapeLike } from '@app/database';

export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when one is given (`$3::uuid[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/**
 * `column` is `path` or lies below it. The byte-wise range [path, path + '0') holds both ('/' is the byte before
 * '0') and is one index range on a text_pattern_ops index; the exact test then drops siblings such as 'path-x'.
 */
export function pathWithin(column: string, path: string, p: SqlParams): string {
  const self = p.add(path);
  return (
    `(${column} ~>=~ ${self} AND ${column} ~<~ ${p.add(`${path}0`)} ` +
    `AND (${column} = ${self} OR ${column} LIKE ${p.add(`${escapeLike(path)}/%`)}))`
  );
}

/** `column` lies within one of the roots; null roots: anywhere; no roots: nowhere. */
export function pathWithinAny(column: string, roots: readonly string[] | null, p: SqlParams): string {
  if (roots === null) return 'TRUE';
  if (roots.length === 0) return 'FALSE';
  return `(${roots.map((root) => pathWithin(column, root, p)).join(' OR ')})`;
}

/** The instant a China calendar date starts, as SQL. */
export function chinaDayStart(day: string, p: SqlParams): string {
  return `(${p.add(day)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
}
