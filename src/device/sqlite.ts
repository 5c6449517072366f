// Evidence databases are never opened in place. One with no write-ahead log or journal beside it is
// read into memory and opened there; one with a log is copied with it (so recent writes are not
// lost) to a private temporary folder and opened there. Either way only queries are allowed.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pythonReal } from '../core/index.ts';
import { DatabaseCorrupted, SchemaMismatch } from './errors.ts';
import { noteReadHash } from './read-hashes.ts';
import { privateTempDir, removeTempDir } from './temp.ts';

/** Larger databases go through a temporary copy on disk rather than memory. */
const IN_MEMORY_MAX_BYTES = 512 * 2 ** 20;

export interface EvidenceDb {
  db: Database.Database;
  where: string;
  /** The table's column names (empty when there is no such table). */
  columns(table: string): ReadonlySet<string>;
  /** Throws SchemaMismatch unless the table has these columns. */
  require(table: string, columns: string[]): void;
  /** The column as a term to select (`alias.column`), or NULL where the table lacks it (other iOS versions). */
  orNull(table: string, column: string, alias?: string): string;
  close(): void;
}

/**
 * The database's bytes, to open in memory, when nothing beside it has to be replayed or rolled
 * back (no -wal, no -journal) and it is not too large; undefined otherwise.
 */
function memoryImage(file: string): Buffer | undefined {
  if (fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-journal`)) return undefined;
  const stat = fs.statSync(file);
  if (stat.size > IN_MEMORY_MAX_BYTES) return undefined;
  const image = fs.readFileSync(file);
  // Hashed as read, before the header is changed below.
  noteReadHash(file, stat, image);
  // iOS keeps its databases in WAL mode (header bytes 18 and 19 set to 2), and SQLite refuses to
  // open such an image in memory. With no log beside it every page is in the file, so the image is
  // marked as rollback mode (1) instead.
  if (image.length >= 100 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  return image;
}

/** A private copy of the database and its log on disk; returns the copy and how to remove it. */
function diskCopy(file: string): { copy: string; cleanup: () => void } {
  const dir = privateTempDir('vigil-db-');
  const copy = path.join(dir, 'evidence.db');
  const cleanup = () => removeTempDir(dir);
  try {
    fs.copyFileSync(file, copy);
    for (const ext of ['-wal', '-shm', '-journal']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, copy + ext);
  } catch (e) {
    cleanup();
    throw e;
  }
  return { copy, cleanup };
}

function openEvidenceDb(file: string, label = file): EvidenceDb {
  const image = memoryImage(file);
  const onDisk = image ? undefined : diskCopy(file);
  const cleanup = () => onDisk?.cleanup();
  let db: Database.Database;
  try {
    // A disk copy is opened writable so SQLite can replay its WAL (or roll back its journal); the
    // evidence itself is untouched either way.
    db = image ? new Database(image, { readonly: true }) : new Database(onDisk!.copy, { fileMustExist: true });
    db.pragma('query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    cleanup();
    throw new DatabaseCorrupted(label, (e as Error).message);
  }
  // The evidence is only read, so a table's columns never change: each table is asked once.
  const known = new Map<string, Set<string>>();
  const columns = (table: string) => {
    let cols = known.get(table);
    if (!cols) known.set(table, (cols = new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name))));
    return cols;
  };
  return {
    db,
    where: label,
    columns,
    orNull: (table, column, alias) => (columns(table).has(column) ? (alias ? `${alias}.${column}` : column) : 'NULL'),
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

/**
 * A value of a column of REAL affinity (declared REAL, FLOAT, DOUBLE), as Python's sqlite3 gives
 * it to MVT: a float, which MVT writes 1000.0 where JavaScript writes 1000 (core's PythonFloat).
 */
export const realOf = (v: unknown): unknown => (typeof v === 'number' ? pythonReal(v) : v);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// With safeIntegers, an integer comes as a BigInt and a real as a number: each as Python has it.
const exactValue = (v: unknown) => (typeof v === 'bigint' ? (v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v) : realOf(v));

/**
 * The rows of `sql` as arrays, each integer a number unless a number would round it (past 2^53:
 * Chrome's microseconds since 1601), which stays a BigInt, written exactly (core's exactJson);
 * each real as Python's float (realOf).
 */
export function exactRows(db: EvidenceDb, sql: string): unknown[][] {
  return (db.db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((row) => row.map(exactValue));
}

/**
 * The rows of `SELECT rowid, <columns> FROM <from>` in the table's (rowid) order, a page at a time
 * (`rowid`: how the query names it, e.g. `m.rowid`). better-sqlite3 hands a page over faster than a
 * row at a time (for Safari's 500k visits, 258 ms against 360 ms), and each page dies young, where
 * one list of every row lived as long as its reader.
 */
export function* rowsInPages(db: EvidenceDb, columns: string, from: string, rowid = 'rowid', per = 8192): Generator<unknown[]> {
  const page = db.db.prepare(`SELECT ${rowid}, ${columns} FROM ${from} WHERE ${rowid} > ? ORDER BY ${rowid} LIMIT ${per}`).raw(true);
  for (let after = -Infinity; ; ) {
    const rows = page.all(after) as unknown[][];
    yield* rows;
    if (rows.length < per) return;
    after = rows[rows.length - 1][0] as number;
  }
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
