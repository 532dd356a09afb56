// Owns the shape of a work list's SQL (the department inbox and the lists that follow it): the parameters, the
// conditions ANDed into one WHERE, a text search over several columns, and a whitelisted sort. Repositories build
// their list with it so that a filter means the same in the page, its tab counts and its export.
import { escapeLike } from './sql';

/** A sort as the API takes it: a field name, `-` in front for descending (`-dueAt`). */
export type SortSpec<F extends string> = F | `-${F}`;

/** Every sort spec a list allows: each field ascending and descending (for @IsIn and the OpenAPI enum). */
export function sortSpecs<F extends string>(fields: readonly F[]): SortSpec<F>[] {
  return fields.flatMap((field) => [field, `-${field}` as const]);
}

export class ListSql {
  readonly parameters: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a parameter and answers its placeholder. */
  param(value: unknown): string {
    return `$${this.parameters.push(value)}`;
  }

  /** ANDs a condition (SQL that may use placeholders from `param`). */
  where(condition: string): this {
    this.conditions.push(`(${condition})`);
    return this;
  }

  /** ANDs `column = value` when the value is given. */
  whereEquals(column: string, value: string | undefined): this {
    return value === undefined ? this : this.where(`${column} = ${this.param(value)}`);
  }

  /** The WHERE clause's body ('TRUE' when nothing was added). */
  get whereSql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }

  /** A `%text%` pattern for ILIKE, the text's own % and _ taken literally. */
  containsPattern(text: string): string {
    return this.param(`%${escapeLike(text)}%`);
  }

  /** A `text%` pattern for ILIKE. */
  prefixPattern(text: string): string {
    return this.param(`${escapeLike(text)}%`);
  }

  /**
   * ORDER BY for a validated sort spec over `columns` (field → SQL expression), then the tie-breakers so that pages
   * never repeat or skip a row.
   */
  static orderBy<F extends string>(
    sort: SortSpec<F>,
    columns: Readonly<Record<F, string>>,
    tieBreakers: readonly string[],
  ): string {
    const descending = sort.startsWith('-');
    const field = (descending ? sort.slice(1) : sort) as F;
    return [`${columns[field]} ${descending ? 'DESC' : 'ASC'}`, ...tieBreakers].join(', ');
  }
}
