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

// Node 20 has these (ES2024); the project's lib is ES2022.
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/**
 * PostgreSQL text cannot hold NUL; untrusted strings are stored with NUL shown as U+FFFD. A lone
 * surrogate becomes U+FFFD too, as UTF-8 writes it: sent inside JSON it would be an escape
 * PostgreSQL refuses (see jsonRecords).
 */
export function pgText(s: string): string;
export function pgText(s: string | null | undefined): string | null;
export function pgText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const whole = s.isWellFormed() ? s : s.toWellFormed();
  return whole.includes('\u0000') ? whole.replace(/\u0000/g, '\ufffd') : whole;
}
