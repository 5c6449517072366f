// Which rows of a logsource's data a rule pack can need, so that a hunt copies only those rows and
// runs every rule over the copy.
//   First: rows some rule can match (each rule's relaxed condition), and rows a derived field
//   reads when nothing narrows them.
//   Second: rows that matter only beside rows of the first: a base rule of temporal correlations
//   another base rule drives (the correlation fires only where every base matched in the same
//   group), and rows a derived field reads by key (the accept of an RTCP packet's call). Each is
//   kept only where its key columns equal those of a row its drivers can match.
// The keys come first, from a cheap scan of the rows the drivers can match (the key rows: only
// the columns their conditions and keys read); then one scan keeps every row the first or the
// second wants. Both are sound: every row a rule, correlation or derived field could use is kept.
// The key rows also give the actors the hunt's pivot follows (see `actors`).
import type { SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import type { RuleProblem } from '../sigma/errors.ts';
import { conditionSql } from './compile-rule.ts';
import { lookup } from './compile-correlation.ts';
import { columnsRead, deferredBases, isRuleOn } from './deferred-bases.ts';
import { TEMPLATES } from './dialect-duckdb.ts';
import { LOGSOURCES, quoteIdent, type FieldReads } from './logsources.ts';
import { Params, SetValuesParam } from './params.ts';

/** A predicate over the logsource's row `e`, with its own bound values ($1…). */
export interface Prefilter {
  sql: string;
  params: unknown[];
}

/** A table the hunt fills, before the rows are kept, with the distinct key columns of the key rows `from` takes. */
export interface KeyTable {
  name: string;
  columns: string[];
  /** The rows whose keys it holds: those the rules it serves (its drivers) can match. */
  from: Prefilter;
}

export interface ScanPlan {
  first: Prefilter;
  /** Rows wanted where their keys meet a key table's; absent if none. */
  second?: Prefilter & { keyTables: KeyTable[] };
  /** What a hunt keeps: the first's rows and the second's, as one filter. */
  keep: Prefilter;
  /**
   * The key rows: those every key table's `from` and `actors` take, with the columns they read.
   * Absent when there is no key table and no `actors`.
   */
  keyRows?: Prefilter & { columns: string[] };
  /**
   * Over the key rows: the rows whose actor (the logsource's actor column) a follow-up reads every
   * row of: the rows the rules `actorRules` names can match (`false` when it names none). Absent
   * when not asked for.
   */
  actors?: Prefilter;
}

export interface ScanPlanOptions {
  /** Rules whose detections' actors the hunt follows over every row (its pivot's exploit rules). */
  actorRules?: (rule: SigmaRule) => boolean;
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
export function compileScanPlan(docs: SigmaDocument[], logsource: string, o: ScanPlanOptions = {}): ScanPlan | undefined {
  const ls = LOGSOURCES.find((l) => l.id === logsource);
  // Rows kept by key are read through the context relation: a logsource without one reads every row.
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
  // Each key table with the conditions of the rows whose keys it holds.
  const keyTables: { name: string; columns: string[]; drivers: Set<string> }[] = [];
  const keysMeet = (columns: string[], drivers: string[]) => {
    let t = keyTables.find((k) => k.columns.join() === columns.join());
    if (!t) keyTables.push((t = { name: `vigil_keys_${keyTables.length}`, columns, drivers: new Set() }));
    drivers.forEach((d) => t.drivers.add(d));
    const cols = columns.map(quoteIdent);
    const own = cols.map((c) => `e.${c}`);
    return `${own.length === 1 ? own[0] : `(${own.join(', ')})`} IN (SELECT ${cols.join(', ')} FROM ${t.name})`;
  };
  const first = new Set<string>();
  // Rows wanted by key, by the key test: one test per key table, each row probing it once.
  const second = new Map<string, Set<string>>();
  const want = (keyTest: string, where: string) => {
    const wheres = second.get(keyTest) ?? new Set<string>();
    second.set(keyTest, wheres.add(where));
  };
  const actors = new Set<string>();
  for (const [rule, where] of relaxed) {
    const uses = waits.get(rule);
    if (uses) {
      for (const c of uses) {
        // The correlation's other bases on this logsource drive it: none of them waits.
        const drivers = c.rules.map((ref) => lookup(docs, ref)).filter((b): b is SigmaRule => isRuleOn(b, ls) && !waits.has(b)).map((b) => relaxed.get(b)!);
        want(keysMeet(c.groupBy, drivers), where);
      }
      continue;
    }
    if (where === 'true') return undefined;
    first.add(where);
    if (o.actorRules?.(rule)) actors.add(where);
    for (const r of readsOf.get(rule)!) {
      if (r.key && ls.present?.includes(r.key)) want(keysMeet([r.key], [where]), r.where);
      else first.add(r.where);
    }
  }
  const firstSql = TEMPLATES.or([...first]);
  const secondSql = TEMPLATES.or([...second].map(([keyTest, wheres]) => (wheres.has('true') ? keyTest : TEMPLATES.and([TEMPLATES.or([...wheres]), keyTest]))));
  const froms = keyTables.map((k) => TEMPLATES.or([...k.drivers]));
  const actorsSql = actors.size > 0 ? TEMPLATES.or([...actors]) : o.actorRules ? 'false' : undefined;
  const takes = [...froms, ...(actors.size > 0 ? [actorsSql!] : [])];
  const keyColumns = new Set<string>([...keyTables.flatMap((k) => k.columns), ...(actors.size > 0 ? [ls.actor] : []), ...takes.flatMap(columnsRead)]);
  return {
    first: renumbered(firstSql, p.values),
    second: second.size === 0 ? undefined : { ...renumbered(secondSql, p.values), keyTables: keyTables.map((k, i) => ({ name: k.name, columns: k.columns, from: renumbered(froms[i], p.values) })) },
    keep: renumbered(second.size === 0 ? firstSql : TEMPLATES.or([firstSql, secondSql]), p.values),
    keyRows: takes.length === 0 ? undefined : { ...renumbered(TEMPLATES.or(takes), p.values), columns: [...keyColumns] },
    actors: actorsSql === undefined ? undefined : renumbered(actorsSql, p.values),
  };
}
