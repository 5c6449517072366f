// Running a scan plan (compile/scan-plan.ts) over loaded telemetry: its values bound once for
// every source, the key rows taken from every source first (a cheap scan of the few columns their
// conditions read), the key tables and the pivot's actors filled from them, and then the one
// filter each source's rows are kept by: what the rules want, and every row of an actor the
// pivot may follow.
import { LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { SetValuesParam, quoteIdent, type Prefilter, type ScanPlan } from '../compile/index.ts';
import { telemetryColumns, type SourceRelations } from './telemetry-sql.ts';

/** A filter with its values as DuckDB binds them. */
export interface BoundFilter {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

/** A scan plan with its values bound: read once, used by every source. */
export interface BoundPlan {
  first: BoundFilter;
  keep: BoundFilter;
  keyRows?: BoundFilter & { columns: string[] };
  keyTables: { name: string; columns: string[]; from: BoundFilter }[];
  actors?: BoundFilter;
}

/** The rows every source's key rows go to. */
const KEY_ROWS = 'vigil_key_rows';
/** The accounts whose every row the pivot reads: the actors of the key rows, and the indicators' accounts. */
const PIVOT_ACTORS = 'vigil_pivot_actors';

/**
 * A filter's values as DuckDB binds them: an indicator set's values, standing in the plan as one
 * SetValuesParam, become one VARCHAR list read from its installed table; others bind as they are.
 */
async function bindFilter(c: DuckDBConnection, { sql, params }: Prefilter): Promise<BoundFilter> {
  const values: DuckDBValue[] = [];
  const types: (DuckDBType | undefined)[] = [];
  for (const p of params) {
    if (p instanceof SetValuesParam) {
      const rows = (await c.runAndReadAll(`SELECT DISTINCT ${quoteIdent(p.column)} AS v FROM ${quoteIdent(p.table)} WHERE ${quoteIdent(p.column)} IS NOT NULL`)).getRows();
      values.push(listValue(rows.map((r) => String(r[0]))));
      types.push(LIST(VARCHAR));
    } else {
      values.push(p as DuckDBValue);
      types.push(undefined);
    }
  }
  // The client infers the type of a value given none (undefined in its list of types).
  return { sql, values, types: types as DuckDBType[] };
}

/** Binds a plan's values, once the indicator sets it reads are installed. */
export async function bindPlan(c: DuckDBConnection, plan: ScanPlan): Promise<BoundPlan> {
  return {
    first: await bindFilter(c, plan.first),
    keep: await bindFilter(c, plan.keep),
    keyRows: plan.keyRows && { ...(await bindFilter(c, plan.keyRows)), columns: plan.keyRows.columns },
    keyTables: await Promise.all((plan.second?.keyTables ?? []).map(async (k) => ({ name: k.name, columns: k.columns, from: await bindFilter(c, k.from) }))),
    actors: plan.actors && (await bindFilter(c, plan.actors)),
  };
}

/** Creates the key rows' table, empty, with the columns the plan's key rows keep, typed. */
export async function createKeyRows(c: DuckDBConnection, plan: BoundPlan): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE ${KEY_ROWS} AS SELECT ${telemetryColumns(() => 'NULL', {}, plan.keyRows!.columns)} WHERE false`);
}

/**
 * Adds one source's key rows: of `rows` (typed, named as the telemetry's columns), those the key
 * rows' filter takes. Bad records are not told apart here: their keys only widen what is kept.
 */
export async function addKeyRows(c: DuckDBConnection, plan: BoundPlan, rows: string): Promise<void> {
  const k = plan.keyRows!;
  await c.run(`INSERT INTO ${KEY_ROWS} BY NAME SELECT ${k.columns.map((n) => `e.${quoteIdent(n)}`).join(', ')} FROM (${rows}) AS e WHERE ${k.sql}`, k.values, k.types);
}

/**
 * Fills each key table with the distinct keys of the key rows its `from` takes, and, when the
 * pivot's rows are narrowed (`accounts` given), the pivot's actors: the callers of the key rows
 * the plan's `actors` takes, and the indicators' accounts.
 */
export async function fillKeyTables(c: DuckDBConnection, plan: BoundPlan, accounts?: string[]): Promise<void> {
  for (const k of plan.keyTables) {
    const cols = k.columns.map(quoteIdent).join(', ');
    await c.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(k.name)} AS SELECT DISTINCT ${cols} FROM ${KEY_ROWS} AS e WHERE ${k.from.sql}`, k.from.values, k.from.types);
  }
  if (!accounts) return;
  await c.run(`CREATE OR REPLACE TEMP TABLE ${PIVOT_ACTORS} AS SELECT DISTINCT unnest($1) AS caller`, [listValue(accounts)], [LIST(VARCHAR)]);
  if (plan.actors && plan.actors.sql !== 'false') await c.run(`INSERT INTO ${PIVOT_ACTORS} SELECT DISTINCT e."caller" FROM ${KEY_ROWS} AS e WHERE ${plan.actors.sql}`, plan.actors.values, plan.actors.types);
}

/**
 * How a source's rows are kept: the filter (what the rules want and, when narrowed, every row of
 * the pivot's actors), and the flag each kept row carries, `_first` (a rule can match it),
 * computed on the kept rows only with the filter's values: the plan numbers the first's values as
 * the start of the keep's.
 */
export interface Keep extends BoundFilter {
  flags: string;
}

export function keepFilter(plan: BoundPlan, pivotNarrowed: boolean): Keep {
  const sql = pivotNarrowed ? `(${plan.keep.sql} OR e."caller" IN (SELECT caller FROM ${PIVOT_ACTORS}))` : plan.keep.sql;
  return { ...plan.keep, sql, flags: `coalesce(${plan.first.sql}, false) AS _first` };
}

/**
 * A source's relations over its kept rows (`table`, with `_first` and `_bad`): rules read the rows
 * they can match; the context (correlations' deferred bases, derived fields' subqueries) and the
 * pivot every good one.
 */
export function keptRelations(table: string, pivotNarrowed: boolean, valid: string): Pick<SourceRelations, 'forRules' | 'context' | 'pivotRows'> {
  const good = `SELECT * EXCLUDE (_bad, _file, _line, _first) FROM ${table} WHERE _bad IS NULL`;
  return { forRules: `${good} AND _first`, context: good, pivotRows: pivotNarrowed ? good : `SELECT * FROM ${valid}` };
}

/**
 * The rows the rules read from text telemetry, narrowed by the plan: a copy of the rows it keeps.
 * Each rule then reads thousands of rows, not the whole table.
 */
export async function narrowText(c: DuckDBConnection, text: SourceRelations, keep: Keep, pivotNarrowed: boolean): Promise<SourceRelations> {
  await c.run(`CREATE OR REPLACE TEMP TABLE calls_text_hot AS SELECT *, ${keep.flags} FROM calls_text AS e WHERE _bad IS NULL AND ${keep.sql}`, keep.values, keep.types);
  return { ...text, ...keptRelations('calls_text_hot', pivotNarrowed, text.valid) };
}
