// Production driver: PostgreSQL through node-postgres, one pool per store.
// Loaded when a store is opened: a device check's worker threads import this folder and need none.
import type pg from 'pg';
import { StoreError } from '../core/index.ts';
import { inTransaction, statement } from './query-error.ts';
import type { Queryable, Store } from './types.ts';

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: async <T>(sql: string, params: readonly unknown[] = []) => (await statement(sql, () => client.query(sql, params as unknown[]))).rows as T[],
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function openPostgres(url: string): Promise<Store> {
  const { default: { Pool } } = await import('pg');
  const pool = new Pool({ connectionString: url, max: 8 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new StoreError('STORE_OPEN', `cannot connect to PostgreSQL: ${(e as Error).message}`, {
      where: redactUrl(url),
      hint: 'check VIGIL_DATABASE_URL and that the server is running',
      cause: e,
    });
  }
  const q = queryable(pool);
  return {
    driver: 'postgres',
    query: q.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        return await inTransaction((sql) => client.query(sql), () => fn(queryable(client)));
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await statement(sql, () => pool.query(sql));
    },
    async close() {
      await pool.end();
    },
  };
}
