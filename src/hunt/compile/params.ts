// Bound parameters of one compiled query: every rule value enters SQL as $n, never as text.

export class Params {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Integers that DuckDB needs as literals (window frame sizes); the one place a number enters SQL as text. */
export function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return String(n);
}

/**
 * A parameter that stands for the values of an installed indicator table, bound as a list when
 * the query runs (see scan-plan.ts): the set's values reach the scan as a filter DuckDB can
 * push into the Parquet reader, where a subquery would be a join over every row.
 */
export class SetValuesParam {
  constructor(
    readonly table: string,
    readonly column: string,
  ) {}
}
