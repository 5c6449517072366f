// Which rows of a logsource's data a rule pack can need, found in at most two passes over the data,
// so that a hunt copies only those rows and runs every rule over the copy.
//   First pass: rows some rule can match (each rule's relaxed condition), and rows a derived
//   field reads when nothing narrows them.
//   Second pass: rows that matter only beside rows of the first: a base rule of temporal
//   correlations another base rule drives (the correlation fires only where every base matched
//   in the same group), and rows a derived field reads by key (the accept of an RTCP packet's
//   call). Each is kept only where its key columns equal those of a good first-pass row.
// Both are sound: every row a rule, correlation or derived field could use passes one of them.
import type { SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import type { RuleProblem } from '../sigma/errors.ts';
import { conditionSql } from './compile-rule.ts';
import { columnsRead, deferredBases, isRuleOn } from './deferred-bases.ts';
import { TEMPLATES } from './dialect-duckdb.ts';
import { LOGSOURCES, quoteIdent, type FieldReads } from './logsources.ts';
import { Params, SetValuesParam } from './params.ts';

/** A predicate over the logsource's row `e`, with its own bound values ($1…). */
export interface Prefilter {
  sql: string;
  params: unknown[];
}

/** A table the hunt fills, between the passes, with the distinct key columns of the good first-pass rows. */
export interface KeyTable {
  name: string;
  columns: string[];
}

export interface ScanPlan {
  first: Prefilter;
  /**
   * Rows wanted where their keys meet a key table's; absent if none. Rows the first pass took pass
   * it too. Its rows are read only by deferred base rules and derived fields (the context
   * relation), which use only `columns` of them.
   */
  second?: Prefilter & { keyTables: KeyTable[]; columns: string[] };
}

/**
 * Parameters where an equal value gets the same placeholder: two rules with one condition (the
 * same offer test) then give the same SQL, which the plan's sets keep once.
 */
class SharedParams extends Params {
  private readonly seen = new Map<string, string>();

  override add(v: unknown): string {
    const key = v instanceof SetValuesParam ? `set:${v.table}.${v.column}` : v === null || typeof v !== 'object' ? `${typeof v}:${String(v)}` : undefined;
    if (key === undefined) return super.add(v);
    let ph = this.seen.get(key);
    if (!ph) this.seen.set(key, (ph = super.add(v)));
    return ph;
  }
}

/** Placeholders renumbered to those the SQL uses, in order (only placeholders carry a `$`). */
function renumbered(sql: string, values: unknown[]): Prefilter {
  const params: unknown[] = [];
  const seen = new Map<string, string>();
  const out = sql.replace(/\$(\d+)\b/g, (ph, n: string) => {
    if (!seen.has(ph)) {
      params.push(values[Number(n) - 1]);
      seen.set(ph, `$${params.length}`);
    }
    return seen.get(ph)!;
  });
  return { sql: out, params };
}

/**
 * The scan plan of a logsource for the rules among `docs`. Undefined when a rule on it could match
 * any row, a rule does not compile, or no rule reads the logsource.
 */
export function compileScanPlan(docs: SigmaDocument[], logsource: string): ScanPlan | undefined {
  const ls = LOGSOURCES.find((l) => l.id === logsource);
  // The second pass's rows live in the context relation: a logsource without one reads every row.
  if (!ls?.contextRelation) return undefined;
  const p = new SharedParams();
  const relaxed = new Map<SigmaRule, string>();
  const readsOf = new Map<SigmaRule, FieldReads[]>();
  for (const rule of docs) {
    if (!isRuleOn(rule, ls)) continue;
    const problems: RuleProblem[] = [];
    const { where, reads } = conditionSql(rule, ls, p, problems, true);
    if (problems.length > 0) return undefined;
    relaxed.set(rule, where);
    readsOf.set(rule, reads);
  }
  if (relaxed.size === 0) return undefined;
  const waits = deferredBases(docs, ls);
  const keyTables: KeyTable[] = [];
  const keysMeet = (columns: string[]) => {
    let t = keyTables.find((k) => k.columns.join() === columns.join());
    if (!t) keyTables.push((t = { name: `vigil_keys_${keyTables.length}`, columns }));
    const cols = columns.map(quoteIdent);
    const own = cols.map((c) => `e.${c}`);
    return `${own.length === 1 ? own[0] : `(${own.join(', ')})`} IN (SELECT ${cols.join(', ')} FROM ${t.name})`;
  };
  const first = new Set<string>();
  const second = new Set<string>();
  // What the second pass's rows are read for: their time, and the columns of each use.
  const columns = new Set<string>(['ts']);
  for (const [rule, where] of relaxed) {
    const uses = waits.get(rule);
    if (uses) {
      for (const c of uses) {
        second.add(where === 'true' ? keysMeet(c.groupBy) : TEMPLATES.and([where, keysMeet(c.groupBy)]));
        c.groupBy.forEach((g) => columns.add(g));
      }
      // Its whole condition, negations included, is evaluated on these rows.
      columnsRead(conditionSql(rule, ls, new Params(), [], false).where).forEach((col) => columns.add(col));
      continue;
    }
    if (where === 'true') return undefined;
    first.add(where);
    for (const r of readsOf.get(rule)!) {
      if (r.key && ls.present?.includes(r.key)) {
        second.add(TEMPLATES.and([r.where, keysMeet([r.key])]));
        [r.key, ...r.columns, ...columnsRead(r.where)].forEach((col) => columns.add(col));
      } else first.add(r.where);
    }
  }
  const firstSql = TEMPLATES.or([...first]);
  return {
    first: renumbered(firstSql, p.values),
    second: second.size === 0 ? undefined : { ...renumbered(TEMPLATES.or([...second]), p.values), keyTables, columns: [...columns] },
  };
}
