// Numbered SQL migrations (migrations/NNN_name.sql), each applied once in its own transaction.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../core/index.ts';
import type { Store } from './types.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(store: Store, migrations = listMigrations()): Promise<number[]> {
  await store.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await store.transaction(async (tx) => {
      // Serialises concurrent migrators on PostgreSQL; harmless on PGlite.
      await tx.query('SELECT pg_advisory_xact_lock(7411)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      for (const stmt of splitStatements(m.sql)) {
        try {
          await tx.query(stmt);
        } catch (e) {
          throw new StoreError('STORE_MIGRATION', `migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, {
            where: `migrations/${String(m.version).padStart(3, '0')}_${m.name}.sql`,
            cause: e,
          });
        }
      }
      await tx.query('INSERT INTO schema_migrations(version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/**
 * Splits a migration script on semicolons at line ends, except inside dollar-quoted bodies
 * (`$$ … $$`, `$tag$ … $tag$`: a function's statements end lines too). Lines that are only a
 * comment are dropped.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote: string | undefined;
  const token = /\$[A-Za-z_]*\$|;[ \t\r]*(?:\n|$)/g;
  for (let m = token.exec(sql); m; m = token.exec(sql)) {
    if (m[0].startsWith('$')) {
      if (quote === undefined) quote = m[0];
      else if (m[0] === quote) quote = undefined;
    } else if (quote === undefined) {
      out.push(sql.slice(start, m.index));
      start = m.index + m[0].length;
    }
    if (m[0].length === 0) token.lastIndex++;
  }
  out.push(sql.slice(start));
  return out.map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s.length > 0);
}
