// The case store's driver interface: the embedded PGlite and PostgreSQL both implement it, and the
// same SQL runs on each (see test/store/contract.test.ts).

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with bound parameters ($1, $2, …) and returns its rows. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Store extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL text cannot hold NUL; untrusted strings are stored with NUL shown as U+FFFD. */
export function pgText(s: string): string;
export function pgText(s: string | null | undefined): string | null;
export function pgText(s: string | null | undefined): string | null {
  return s == null ? null : s.includes('\u0000') ? s.replace(/\u0000/g, '\ufffd') : s;
}
