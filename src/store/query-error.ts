// The one StoreError every driver throws for a failed statement, naming its first line, and the
// one way every driver runs a transaction.
import { StoreError } from '../core/index.ts';

export function queryError(e: unknown, sql: string): StoreError {
  const msg = e instanceof Error ? e.message : String(e);
  return new StoreError('STORE_QUERY', `query failed: ${msg}`, { where: sql.trim().split('\n')[0].slice(0, 80), cause: e });
}

/** What `run` gives for the statement `sql`, or its failure as queryError names it. */
export async function statement<T>(sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw queryError(e, sql);
  }
}

/** BEGIN, `fn`, COMMIT; ROLLBACK if anything throws. `send` runs one statement on the transaction's connection. */
export async function inTransaction<T>(send: (sql: string) => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  await send('BEGIN');
  try {
    const result = await fn();
    await send('COMMIT');
    return result;
  } catch (e) {
    await send('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
