// Production driver: PostgreSQL through node-postgres, one pool per store.
// Loaded when a store is opened: a device check's worker threads import this folder and need none.
import type pg from 'pg';
import { StoreError } from '../core/index.ts';
import { queryError } from './query-error.ts';
import type { Queryable, Row, Store } from './types.ts';

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        const res = await client.query(sql, params as unknown[]);
        return res.rows as T[];
      } catch (e) {
        throw queryError(e, sql);
      }
    },
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
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      try {
        await pool.query(sql);
      } catch (e) {
        throw queryError(e, sql);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
