// Runs compiled queries in DuckDB and turns their rows into detections with evidence.
import type { DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { LOGSOURCES, type CompiledQuery } from '../compile/index.ts';
import { RuleCompileError } from '../sigma/errors.ts';
import type { DetectionInsert } from '../../cases/index.ts';

/** DuckDB values to JSON-safe ones: BIGINT → number, TIMESTAMP → ISO 8601, lists → arrays. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object') {
    // Every time the load lets through is of years 1 to 9999 (sql-times.ts), in JavaScript's range.
    if ('micros' in v && typeof (v as { micros: unknown }).micros === 'bigint') return new Date(Number((v as { micros: bigint }).micros / 1000n)).toISOString();
    if ('items' in v && Array.isArray((v as { items: unknown[] }).items)) return (v as { items: unknown[] }).items.map(plain);
  }
  return v;
}

/**
 * A result's rows as plain objects (see `plain`), read column by column: one object per row, not
 * the reader's own row objects copied (a hunt reads 12 k detections; the copies were much of its garbage).
 */
export function plainRows(result: DuckDBResultReader): Record<string, unknown>[] {
  const names = result.columnNames();
  const columns = result.getColumns();
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < result.currentRowCount; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = plain(columns[j][i]);
    rows.push(row);
  }
  return rows;
}

export interface QueryOutcome {
  query: CompiledQuery;
  total: number;
  stored: number;
  ms: number;
  rows: DetectionInsert[];
}

/**
 * Runs one query. `dataError` tells a failure to read the data (a corrupt Parquet page the query
 * reached) from the query's own, which is the rule's problem.
 */
export async function runQuery(c: DuckDBConnection, q: CompiledQuery, maxRows: number, dataError: (e: unknown) => unknown = (e) => e): Promise<QueryOutcome> {
  const started = Date.now();
  const limit = Math.floor(maxRows);
  const params = q.params as DuckDBValue[];
  let raw: Record<string, unknown>[];
  let total: number;
  try {
    // One row past the limit says whether it was reached; only then are the matches counted, by a
    // second query: a window count over every row made some plans (a set's semi-join) twice as slow.
    raw = plainRows(await c.runAndReadAll(`SELECT * FROM (${q.sql}) AS q LIMIT ${limit + 1}`, params));
    total = raw.length;
    if (raw.length > limit) {
      raw = raw.slice(0, limit);
      total = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM (${q.sql}) AS q`, params)).getRowObjectsJson()[0].n);
    }
  } catch (e) {
    const data = dataError(e);
    if (data !== e) throw data;
    // Errors only DuckDB can find (a regex RE2 rejects) are the rule's problem, located at the rule.
    throw new RuleCompileError([{ file: q.file, line: q.line, col: 1, rule: q.name, message: `DuckDB refused the query: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const ls = LOGSOURCES.find((l) => l.id === q.logsources[0]);
  const rows: DetectionInsert[] = raw.map((r) => {
    const actorField = q.kind === 'rule' ? ls?.actor : q.groupBy?.includes(ls?.actor ?? '') ? ls?.actor : q.groupBy?.[0];
    return {
      ruleName: q.name,
      ruleTitle: q.title,
      level: q.level,
      logsource: q.logsources.join('+'),
      ts: (q.kind === 'rule' ? r.ts : r.last_ts) as string | null,
      actor: actorField && r[actorField] != null ? String(r[actorField]) : null,
      callId: r.call_id != null ? String(r.call_id) : null,
      evidence: r,
    };
  });
  return { query: q, total, stored: rows.length, ms: Date.now() - started, rows };
}
