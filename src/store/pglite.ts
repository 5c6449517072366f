// Embedded driver: PGlite (PostgreSQL compiled to WebAssembly) keeping its data in a folder. It
// runs on a thread of its own (store-thread.ts), so that its work goes on beside the main
// thread's: a hunt's inserts while the next rules' results are read and sealed. Statements go to
// it one at a time, a transaction's only while it holds the store.
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../core/index.ts';
import { inTransaction, statement } from './query-error.ts';
import { StoreThread } from './store-thread.ts';
import type { Queryable, Store } from './types.ts';

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
  const thread = new StoreThread(dataDir);
  try {
    await thread.request('open');
  } catch (e) {
    await thread.stop();
    unlock();
    throw new StoreError('STORE_OPEN', `cannot open the embedded store: ${(e as Error).message}`, {
      where: dataDir ?? 'memory',
      hint: 'check that no other vigil process uses this VIGIL_HOME and that the folder is writable',
      cause: e,
    });
  }
  // One holder of the store at a time: a statement outside a transaction waits for it to end.
  let held: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = held.then(work);
    held = run.catch(() => undefined);
    return run;
  };
  const q: Queryable = { query: async <T>(sql: string, params: readonly unknown[] = []) => (await statement(sql, () => thread.request('query', sql, params))) as T[] };
  const exec = async (sql: string): Promise<void> => {
    await statement(sql, () => thread.request('exec', sql));
  };
  return {
    driver: 'pglite',
    query: (sql, params) => exclusive(() => q.query(sql, params)),
    transaction: (fn) => exclusive(() => inTransaction(exec, () => fn(q))),
    exec: (sql) => exclusive(() => exec(sql)),
    async close() {
      try {
        await exclusive(() => thread.request('close'));
      } finally {
        await thread.stop();
        unlock();
      }
    },
  };
}
