// Running a scan plan (compile/scan-plan.ts) over loaded telemetry: its bound values, the key
// tables between the passes, and both passes over a source already in a table (CSV, JSON Lines).
// Parquet's first pass is fused with its record check (sources.ts).
import { LIST, listValue, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../../core/index.ts';
import { SetValuesParam, quoteIdent, type KeyTable, type Prefilter, type ScanPlan } from '../compile/index.ts';
import type { SourceRelations } from './telemetry-sql.ts';

/**
 * A plan's values as DuckDB binds them: an indicator set's values, standing in the plan as one
 * SetValuesParam, become one VARCHAR list read from its installed table; others bind as they are.
 */
export async function planValues(c: DuckDBConnection, params: unknown[]): Promise<{ values: DuckDBValue[]; types: DuckDBType[] }> {
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
  return { values, types: types as DuckDBType[] };
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
export async function narrowText(c: DuckDBConnection, text: SourceRelations, plan: ScanPlan): Promise<SourceRelations> {
  const first = await planValues(c, plan.first.params);
  await c.run(`CREATE OR REPLACE TEMP TABLE calls_text_hot AS SELECT * FROM ${text.valid} AS e WHERE ${plan.first.sql}`, first.values, first.types);
  return {
    ...text,
    forRules: 'SELECT * FROM calls_text_hot',
    taken: 'SELECT * FROM calls_text_hot',
    addWanted: async (second: Prefilter) => {
      // One placeholder numbering for both filters: the second's are moved past the first's.
      const wanted = await planValues(c, [...plan.first.params, ...second.params]);
      const shifted = second.sql.replace(/\$(\d+)\b/g, (_, n: string) => `$${Number(n) + plan.first.params.length}`);
      await c.run(`INSERT INTO calls_text_hot SELECT * FROM ${text.valid} AS e WHERE (${shifted}) AND NOT coalesce(${plan.first.sql}, false)`, wanted.values, wanted.types);
    },
  };
}
