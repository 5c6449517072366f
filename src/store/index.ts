// The case store: PGlite under VIGIL_HOME by default, PostgreSQL when VIGIL_DATABASE_URL is set.
import path from 'node:path';
import { loadConfig, type VigilConfig } from '../core/index.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Store } from './types.ts';

export type { Queryable, Row, Store } from './types.ts';
export { pgText } from './types.ts';
export { inBatches, jsonRecords, ROWS_PER_STATEMENT } from './batches.ts';
export { migrate, listMigrations } from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: VigilConfig = loadConfig()): Promise<Store> {
  const store = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(path.join(config.home, 'db'));
  try {
    await migrate(store);
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>, config?: VigilConfig): Promise<T> {
  const store = await openStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
