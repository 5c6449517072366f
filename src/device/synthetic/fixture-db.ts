// Small helpers for writing synthetic evidence: Apple's and Chrome's clocks, a SQLite database made from
// its schema (kept in WAL mode with its log beside it on request, as iOS leaves them), a file's place.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Apple absolute time: seconds since 2001-01-01 (nanoseconds in newer databases). */
export const apple = (iso: string, ns = false) => {
  const s = Date.parse(iso) / 1000 - 978_307_200;
  return ns ? Math.round(s * 1e9) : s;
};

/** Chrome's clock: microseconds since 1601-01-01, past 2^53, so a BigInt (an odd count is one a double cannot hold). */
export const chromeTime = (iso: string): bigint => (BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 1000n;

export function makeDb(file: string, sql: string, fill: (db: Database.Database) => void, keepWal = false): void {
  const db = new Database(file);
  if (keepWal) {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
  }
  db.exec(sql);
  fill(db);
  if (keepWal) {
    // Copy while the WAL still holds the last writes, as on a phone caught mid-use.
    for (const ext of ['', '-wal', '-shm']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, `${file}.kept${ext}`);
    db.close();
    for (const ext of ['', '-wal', '-shm']) {
      fs.rmSync(file + ext, { force: true });
      if (fs.existsSync(`${file}.kept${ext}`)) fs.renameSync(`${file}.kept${ext}`, file + ext);
    }
  } else db.close();
}

/** A function giving the path of a file under `root`, its folders made. */
export const fileIn = (root: string) => (p: string): string => {
  const f = path.join(root, p);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  return f;
};
