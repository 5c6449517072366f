// Embedded driver: PGlite (PostgreSQL compiled to WebAssembly) keeping its data in a folder.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { StoreError } from '../core/index.ts';
import { queryError } from './query-error.ts';
import type { Queryable, Row, Store } from './types.ts';

function queryable(db: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        const res = await db.query<T>(sql, params as unknown[]);
        return res.rows;
      } catch (e) {
        throw queryError(e, sql);
      }
    },
  };
}

/** Opens (creating if needed) a PGlite store; `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Store> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (e) {
    throw new StoreError('STORE_OPEN', `cannot open the embedded store: ${(e as Error).message}`, {
      where: dataDir ?? 'memory',
      hint: 'check that no other vigil process uses this VIGIL_HOME and that the folder is writable',
      cause: e,
    });
  }
  const q = queryable(db);
  return {
    driver: 'pglite',
    query: q.query,
    async transaction(fn) {
      return db.transaction(async (tx) => fn(queryable(tx)));
    },
    async exec(sql) {
      try {
        await db.exec(sql);
      } catch (e) {
        throw queryError(e, sql);
      }
    },
    async close() {
      await db.close();
    },
  };
}
