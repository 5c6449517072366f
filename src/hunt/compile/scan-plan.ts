// Which rows of a logsource's data a rule pack can need, found in at most two passes over the data,
// so that a hunt copies only those rows and runs every rule over the copy.
//   First pass: rows some rule can match (each rule's relaxed condition), and rows a derived
//   field reads when nothing narrows them.
//   Second pass: rows that matter only beside rows of the first: a base rule of temporal
//   correlations another base rule drives (the correlation fires only where every base matched
//   in the same group), and rows a derived field reads by key (the accept of an RTCP packet's
//   call). Each is kept only where its key columns equal those of a good first-pass row.
// Both are sound: every row a rule, correlation or derived field could use passes one of them.
import type { SigmaCorrelation, SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import type { RuleProblem } from '../sigma/errors.ts';
import { lookup } from './compile-correlation.ts';
import { conditionSql } from './compile-rule.ts';
import { TEMPLATES } from './dialect-duckdb.ts';
import { findLogsource, LOGSOURCES, quoteIdent, type FieldReads, type LogsourceDef } from './logsources.ts';
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
  /** Rows wanted where their keys meet a key table's; absent if none. Rows the first pass took pass it too. */
  second?: Prefilter & { keyTables: KeyTable[] };
}

const isRuleOn = (d: SigmaDocument | undefined, ls: LogsourceDef): d is SigmaRule => d?.kind === 'rule' && findLogsource(d.logsource)?.id === ls.id;

/**
 * The base rules of `ls` that can wait for the second pass: used only as bases of temporal
 * correlations grouped by columns every record has, never run on their own, reading no other rows,
 * and in each such correlation beside a base rule of `ls` that does not wait (its driver).
 */
function deferrable(docs: SigmaDocument[], ls: LogsourceDef, readsOf: Map<SigmaRule, FieldReads[]>): Map<SigmaRule, SigmaCorrelation[]> {
  const usedBy = new Map<SigmaDocument, SigmaCorrelation[]>();
  for (const c of docs) {
    if (c.kind !== 'correlation') continue;
    for (const ref of c.rules) {
      const base = lookup(docs, ref);
      if (base) usedBy.set(base, [...(usedBy.get(base) ?? []), c]);
    }
  }
  const keyed = (c: SigmaCorrelation) => (c.type === 'temporal' || c.type === 'temporal_ordered') && c.groupBy.length > 0 && c.groupBy.every((g) => ls.present?.includes(g));
  const waits = new Map<SigmaRule, SigmaCorrelation[]>();
  for (const [base, uses] of usedBy) {
    if (!isRuleOn(base, ls) || uses.some((c) => c.generate) || !uses.every(keyed) || (readsOf.get(base)?.length ?? 0) > 0) continue;
    waits.set(base, uses);
  }
  // A correlation whose bases would all wait has nothing to draw keys from: its first base does not.
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of new Set([...waits.values()].flat())) {
      const bases = c.rules.map((r) => lookup(docs, r));
      if (bases.some((b) => isRuleOn(b, ls) && !waits.has(b))) continue;
      waits.delete(bases.find((b): b is SigmaRule => isRuleOn(b, ls) && waits.has(b))!);
      changed = true;
    }
  }
  return waits;
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
  if (!ls) return undefined;
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
  const waits = deferrable(docs, ls, readsOf);
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
  for (const [rule, where] of relaxed) {
    const uses = waits.get(rule);
    if (uses) {
      for (const c of uses) second.add(where === 'true' ? keysMeet(c.groupBy) : TEMPLATES.and([where, keysMeet(c.groupBy)]));
      continue;
    }
    if (where === 'true') return undefined;
    first.add(where);
    for (const r of readsOf.get(rule)!) {
      if (r.key && ls.present?.includes(r.key)) second.add(TEMPLATES.and([r.where, keysMeet([r.key])]));
      else first.add(r.where);
    }
  }
  const firstSql = TEMPLATES.or([...first]);
  return {
    first: renumbered(firstSql, p.values),
    second: second.size === 0 ? undefined : { ...renumbered(TEMPLATES.or([...second]), p.values), keyTables },
  };
}
