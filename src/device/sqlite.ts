// Evidence databases are never opened in place: each is copied (with its -wal and -shm files, so
// recent writes are not lost) to a private temporary folder and opened read-only there.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseCorrupted, SchemaMismatch } from './errors.ts';
import { privateTempDir, removeTempDir } from './temp.ts';
import { isoOfEpochMs } from './time.ts';

export interface EvidenceDb {
  db: Database.Database;
  where: string;
  /** The table's column names (empty when there is no such table). */
  columns(table: string): Set<string>;
  /** Throws SchemaMismatch unless the table has these columns. */
  require(table: string, columns: string[]): void;
  close(): void;
}

function openEvidenceDb(file: string, label = file): EvidenceDb {
  const dir = privateTempDir('vigil-db-');
  const copy = path.join(dir, 'evidence.db');
  fs.copyFileSync(file, copy);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, copy + ext);
  const cleanup = () => removeTempDir(dir);
  let db: Database.Database;
  try {
    // Opened writable on the copy only so SQLite can replay its WAL; the evidence itself is untouched.
    db = new Database(copy, { fileMustExist: true });
    db.pragma('query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    cleanup();
    throw new DatabaseCorrupted(label, (e as Error).message);
  }
  const columns = (table: string) => new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name));
  return {
    db,
    where: label,
    columns,
    require(table, wanted) {
      const cols = columns(table);
      if (cols.size === 0) throw new SchemaMismatch(label, `table ${table} is missing`);
      const missing = wanted.filter((c) => !cols.has(c));
      if (missing.length > 0) throw new SchemaMismatch(label, `table ${table} lacks ${missing.join(', ')}`);
    },
    close() {
      db.close();
      cleanup();
    },
  };
}

/** Reads an evidence database and closes it (removing its temporary copy) whatever happens. */
export function withEvidenceDb<T>(file: string, label: string, read: (db: EvidenceDb) => T): T {
  const db = openEvidenceDb(file, label);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Apple's absolute time (seconds, or nanoseconds in newer databases, since 2001-01-01) to ISO 8601 UTC. */
export function appleTime(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  let n = Number(v);
  if (!Number.isFinite(n)) return null;
  if (Math.abs(n) > 1e11) n /= 1e9;
  return isoOfEpochMs((n + 978_307_200) * 1000);
}
