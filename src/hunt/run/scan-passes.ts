// Running a scan plan (compile/scan-plan.ts) over loaded telemetry: its values bound once for
// every source and pass, the key tables between the passes, and both passes over a source already
// in a table (CSV, JSON Lines). Parquet's first pass is fused with its record check (sources.ts).
// The second pass's rows go to one table, calls_wanted, with only the columns the plan says its
// readers use; the context relation is the rules' rows plus those.
import { LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { SetValuesParam, quoteIdent, type KeyTable, type Prefilter, type ScanPlan } from '../compile/index.ts';
import { telemetryColumns, type SourceRelations } from './telemetry-sql.ts';

/** A pass's filter with its values as DuckDB binds them. */
export interface BoundFilter {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

/** The second pass's filter, bound, with the columns its rows keep. */
export type SecondPass = BoundFilter & { keyTables: KeyTable[]; columns: string[] };

/** A scan plan with its values bound: read once, used by every source's passes. */
export interface BoundPlan {
  first: BoundFilter;
  second?: SecondPass;
}

/** The second pass's rows of every source. */
export const WANTED = 'calls_wanted';

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
  const first = await bindFilter(c, plan.first);
  return { first, second: plan.second && { ...(await bindFilter(c, plan.second)), keyTables: plan.second.keyTables, columns: plan.second.columns } };
}

/** Fills each key table with the distinct keys of the good rows every source's first pass took. */
export async function fillKeyTables(c: DuckDBConnection, tables: KeyTable[], taken: string[]): Promise<void> {
  for (const k of tables) {
    const cols = k.columns.map(quoteIdent).join(', ');
    await c.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(k.name)} AS SELECT DISTINCT ${cols} FROM (${taken.map((t) => `SELECT ${cols} FROM (${t})`).join(' UNION ALL ')})`);
  }
}

/**
 * The rows the rules read from text telemetry, narrowed by the plan: a copy of the rows it takes.
 * Each rule then reads thousands of rows, not the whole table. The table holds every column, so
 * the rows its second pass wants are told from those the first took by the first filter itself.
 */
export async function narrowText(c: DuckDBConnection, text: SourceRelations, plan: BoundPlan): Promise<SourceRelations> {
  await c.run(`CREATE OR REPLACE TEMP TABLE calls_text_hot AS SELECT * FROM ${text.valid} AS e WHERE ${plan.first.sql}`, plan.first.values, plan.first.types);
  return {
    ...text,
    forRules: 'SELECT * FROM calls_text_hot',
    taken: 'SELECT * FROM calls_text_hot',
    addWanted: (second) => addSecondPassRows(c, second, { rows: `SELECT * FROM ${text.valid}`, keep: { ...plan.first, sql: `NOT coalesce(${plan.first.sql}, false)` } }),
  };
}

/** Creates calls_wanted, empty, with the plan's columns typed as the rules' rows type them. */
export async function createWanted(c: DuckDBConnection, second: SecondPass): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE ${WANTED} AS SELECT ${telemetryColumns(() => 'NULL', {}, second.columns)} WHERE false`);
}

/**
 * The second pass over one source: the rows of `o.rows` (columns named as the telemetry's) that the
 * second filter wants are staged, then those `o.keep` keeps (good records the first pass did not
 * take) are added to calls_wanted, with the plan's columns. Staged, the check runs on those few
 * rows, not on every row: DuckDB evaluates a filter's joins (the key tables) before any of its
 * other terms.
 */
export async function addSecondPassRows(c: DuckDBConnection, second: SecondPass, o: { rows: string; keep: BoundFilter }): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE vigil_second_pass AS SELECT * FROM (${o.rows}) AS e WHERE ${second.sql}`, second.values, second.types);
  await c.run(`INSERT INTO ${WANTED} BY NAME SELECT ${second.columns.map((n) => `e.${quoteIdent(n)}`).join(', ')} FROM vigil_second_pass AS e WHERE ${o.keep.sql}`, o.keep.values, o.keep.types);
  await c.run('DROP TABLE vigil_second_pass');
}
