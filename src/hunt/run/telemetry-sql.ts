// The SQL shared by every telemetry reader (Parquet, CSV, JSON Lines): the typed columns of format
// v1, and why a record does not fit it.
import { EVENT_TYPES, TELEMETRY_COLUMNS } from '../../telemetry/index.ts';
import { quoteIdent } from '../compile/index.ts';
import { utcTimestamp, writableText } from './sql-times.ts';

/** One source's relations: where its bad records are, its good records, what the rules read, and what the pivot reads. */
export interface SourceRelations {
  loaded: string;
  valid: string;
  forRules: string;
  /** What deferred base rules and derived fields' reads of other rows read (see compile/scan-plan.ts). */
  context: string;
  /** Every good record of the accounts the pivot may follow (all good records when not narrowed). */
  pivotRows: string;
  total: number;
}

const TYPED: Record<string, string> = { BIGINT: 'BIGINT', BOOLEAN: 'BOOLEAN', VARCHAR: 'VARCHAR' };

/**
 * Typed projection of the telemetry columns (or `only` those). A column already of its type passes
 * through untouched, so a rule's filter on it reaches the Parquet scan. A column outside `read` is
 * a typed NULL: nothing reads it, and a Parquet scan then does not decode it.
 */
export function telemetryColumns(raw: (c: string) => string, types: Record<string, string> = {}, only?: string[], read?: ReadonlySet<string>): string {
  return TELEMETRY_COLUMNS.filter(([name]) => !only || only.includes(name)).map(([name, type]) => {
    const want = name === 'ts' ? 'TIMESTAMP' : TYPED[type];
    if (read && !read.has(name)) return `CAST(NULL AS ${want}) AS ${quoteIdent(name)}`;
    if (types[name] === want) return `${raw(name)} AS ${quoteIdent(name)}`;
    return `${name === 'ts' ? utcTimestamp(raw(name)) : `TRY_CAST(${raw(name)} AS ${want})`} AS ${quoteIdent(name)}`;
  }).join(', ');
}

/** The telemetry columns some query names (as a quoted identifier, of any relation): what a hunt reads of each record. */
export function columnsNamedIn(sqls: string[]): Set<string> {
  const names = new Set(TELEMETRY_COLUMNS.map(([name]) => name as string));
  return new Set(sqls.flatMap((sql) => [...sql.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]).filter((n) => names.has(n))));
}

/**
 * Why a record does not fit format v1, or NULL when it does (reads ts, event, call_id, caller,
 * callee, payload_len and malformed). The events are a list, not `IN`: DuckDB turns an `IN` of
 * seven values into a join every row probes (0.05 s over 10 M Parquet rows).
 */
export function rejectReason(raw: (c: string) => string): string {
  const events = EVENT_TYPES.map((e) => `'${e}'`).join(', ');
  return `CASE
      WHEN ${utcTimestamp(raw('ts'))} IS NULL OR NOT ${writableText(`CAST(${raw('ts')} AS VARCHAR)`)} THEN 'ts is not an RFC 3339 time'
      WHEN ${raw('event')} IS NULL OR NOT list_contains([${events}], CAST(${raw('event')} AS VARCHAR)) THEN 'unknown event'
      WHEN coalesce(CAST(${raw('call_id')} AS VARCHAR), '') = '' THEN 'no call_id'
      WHEN coalesce(CAST(${raw('caller')} AS VARCHAR), '') = '' OR coalesce(CAST(${raw('callee')} AS VARCHAR), '') = '' THEN 'no caller or callee'
      WHEN ${raw('payload_len')} IS NOT NULL AND TRY_CAST(${raw('payload_len')} AS BIGINT) IS NULL THEN 'payload_len is not an integer'
      WHEN ${raw('malformed')} IS NOT NULL AND TRY_CAST(${raw('malformed')} AS BOOLEAN) IS NULL THEN 'malformed is not a boolean'
    END`;
}

export function telemetrySelect(raw: (c: string) => string, types: Record<string, string> = {}, read?: ReadonlySet<string>): string {
  return `${telemetryColumns(raw, types, undefined, read)}, ${rejectReason(raw)} AS _bad`;
}
