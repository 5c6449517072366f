// Rows sent to the store as parameter arrays go in slices: one statement per slice keeps each
// message to the database (and PGlite's WebAssembly memory) bounded however many rows there are.

/** Rows per statement when rows are inserted as arrays (unnest). */
export const ROWS_PER_STATEMENT = 5000;

export function* inBatches<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
