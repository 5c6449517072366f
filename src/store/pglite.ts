// Embedded driver: PGlite (PostgreSQL compiled to WebAssembly) keeping its data in a folder.
import fs from 'node:fs';
import path from 'node:path';
// Loaded when a store is opened: a device check's worker threads import this folder and need none.
import type { PGlite } from '@electric-sql/pglite';
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file names the owner; a lock left by a process that is gone is taken over.
 */
function lockFolder(dataDir: string): () => void {
  const file = path.join(dataDir, 'vigil.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new StoreError('STORE_LOCKED', `another vigil process (pid ${owner}) is using this store`, {
          where: dataDir,
          hint: 'wait for it to finish, or use PostgreSQL (VIGIL_DATABASE_URL) for several processes at once',
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new StoreError('STORE_LOCKED', 'cannot lock the store', { where: dataDir });
}

/** Opens (creating if needed) a PGlite store; `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Store> {
  let unlock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    unlock = lockFolder(dataDir);
  }
  let db: PGlite;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (e) {
    unlock();
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
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
