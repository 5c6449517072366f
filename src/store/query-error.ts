// The one StoreError every driver throws for a failed statement, naming its first line.
import { StoreError } from '../core/index.ts';

export function queryError(e: unknown, sql: string): StoreError {
  const msg = e instanceof Error ? e.message : String(e);
  return new StoreError('STORE_QUERY', `query failed: ${msg}`, { where: sql.trim().split('\n')[0].slice(0, 80), cause: e });
}
