// Running a scan plan (compile/scan-plan.ts) over loaded telemetry: its values bound once for
// every source and pass, the key tables between the passes, and both passes over a source already
// in a table (CSV, JSON Lines). Parquet's first pass is fused with its record check (sources.ts).
import { LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { SetValuesParam, quoteIdent, type KeyTable, type Prefilter, type ScanPlan } from '../compile/index.ts';
import type { SourceRelations } from './telemetry-sql.ts';

/** A pass's filter with its values as DuckDB binds them. */
export interface BoundFilter {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
}

/** A scan plan with its values bound: read once, used by every source's passes. */
export interface BoundPlan {
  first: BoundFilter;
  second?: BoundFilter & { keyTables: KeyTable[] };
}

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
  return { first, second: plan.second && { ...(await bindFilter(c, plan.second)), keyTables: plan.second.keyTables } };
}

/** Fills each key table with the distinct keys of the good rows every source's first pass took. */
export async function fillKeyTables(c: DuckDBConnection, tables: KeyTable[], taken: string[]): Promise<void> {
  for (const k of tables) {
    const cols = k.columns.map(quoteIdent).join(', ');
    await c.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(k.name)} AS SELECT DISTINCT ${cols} FROM (${taken.map((t) => `SELECT ${cols} FROM (${t})`).join(' UNION ALL ')})`);
  }
}

/**
 * The rows the rules read from text telemetry, narrowed by the plan: a copy of the rows it takes,
 * to which the second pass adds. Each rule then reads thousands of rows, not the whole table.
 */
export async function narrowText(c: DuckDBConnection, text: SourceRelations, plan: BoundPlan): Promise<SourceRelations> {
  await c.run(`CREATE OR REPLACE TEMP TABLE calls_text_hot AS SELECT * FROM ${text.valid} AS e WHERE ${plan.first.sql}`, plan.first.values, plan.first.types);
  return {
    ...text,
    forRules: 'SELECT * FROM calls_text_hot',
    taken: 'SELECT * FROM calls_text_hot',
    addWanted: (second) => addSecondPassRows(c, plan.first, second, { rows: `SELECT * FROM ${text.valid}`, into: 'calls_text_hot' }),
  };
}

/**
 * The second pass over one source: the rows of `o.rows` (columns named as the telemetry's) that the
 * second filter wants are staged, then those that pass `o.check` and that the first pass did not
 * take are added to `o.into`, projected by `o.select`. Staged, the check and the first filter run
 * on those few rows, not on every row: DuckDB evaluates a filter's joins (the key tables) before
 * any of its other terms.
 */
export async function addSecondPassRows(c: DuckDBConnection, first: BoundFilter, second: BoundFilter, o: { rows: string; into: string; select?: string; check?: string }): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE vigil_second_pass AS SELECT * FROM (${o.rows}) AS e WHERE ${second.sql}`, second.values, second.types);
  await c.run(
    `INSERT INTO ${o.into} BY NAME SELECT ${o.select ?? '*'} FROM vigil_second_pass AS e WHERE ${o.check ? `${o.check} AND ` : ''}NOT coalesce(${first.sql}, false)`,
    first.values,
    first.types,
  );
  await c.run('DROP TABLE vigil_second_pass');
}
