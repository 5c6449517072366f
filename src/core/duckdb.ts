// DuckDB, embedded: one in-process instance per use, for hunts and for writing Parquet.
// The binding is loaded when a database is opened: it is a large native library that commands
// without a hunt (and a device check's worker threads, which import this folder) never need.
import type { DuckDBConnection } from '@duckdb/node-api';
import { VigilError } from './errors.ts';

export type { DuckDBConnection } from '@duckdb/node-api';

export async function openDuckDb(threads?: number): Promise<{ connection: DuckDBConnection; close(): void }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const connection = await instance.connect();
  // DuckDB takes the machine's time zone by default, and converts zoned times (Zeek's epoch
  // seconds, Parquet's TIMESTAMPTZ) to local wall-clock times with it: the same logs would give
  // other times on an investigator's laptop than on the server. vigil's times are UTC everywhere.
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A list of SQL string literals (`['a', 'b']`), for DuckDB readers given several files. */
export function sqlStringList(items: string[]): string {
  return `[${items.map(sqlString).join(', ')}]`;
}

/** Single-quoted SQL string literal, for the few places DuckDB takes no parameter (file paths in COPY). */
export function sqlString(s: string): string {
  if (s.includes('\u0000')) throw new VigilError('SQL_STRING', 'a NUL byte cannot appear in a SQL string');
  return `'${s.replace(/'/g, "''")}'`;
}
