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
