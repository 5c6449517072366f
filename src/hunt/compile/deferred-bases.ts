// Which base rules of a logsource wait for the keys of the scan plan (scan-plan.ts): those whose
// rows matter only beside rows another base rule of the same correlations matched, and so are kept
// only by those rows' keys. The compiler points them at the logsource's context relation.
import type { SigmaCorrelation, SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import type { RuleProblem } from '../sigma/errors.ts';
import { lookup } from './compile-correlation.ts';
import { conditionSql } from './compile-rule.ts';
import { findLogsource, type FieldReads, type LogsourceDef } from './logsources.ts';
import { Params } from './params.ts';

export const isRuleOn = (d: SigmaDocument | undefined, ls: LogsourceDef): d is SigmaRule => d?.kind === 'rule' && findLogsource(d.logsource)?.id === ls.id;

/** The derived fields' reads of other rows in a rule's condition; undefined if the rule does not compile. */
export function readsOfRule(rule: SigmaRule, ls: LogsourceDef): FieldReads[] | undefined {
  const problems: RuleProblem[] = [];
  const { reads } = conditionSql(rule, ls, new Params(), problems, true);
  return problems.length > 0 ? undefined : reads;
}

/**
 * The base rules of `ls` that can wait for the keys, with the correlations using them: used
 * only as bases of temporal correlations grouped by columns every record has, never run on their
 * own, reading no other rows, and in each such correlation beside a base rule of `ls` that does not
 * wait (its driver). Empty for a logsource without a context relation.
 */
export function deferredBases(docs: SigmaDocument[], ls: LogsourceDef): Map<SigmaRule, SigmaCorrelation[]> {
  const waits = new Map<SigmaRule, SigmaCorrelation[]>();
  if (!ls.contextRelation) return waits;
  const usedBy = new Map<SigmaDocument, SigmaCorrelation[]>();
  for (const c of docs) {
    if (c.kind !== 'correlation') continue;
    for (const ref of c.rules) {
      const base = lookup(docs, ref);
      if (base) usedBy.set(base, [...(usedBy.get(base) ?? []), c]);
    }
  }
  const keyed = (c: SigmaCorrelation) => (c.type === 'temporal' || c.type === 'temporal_ordered') && c.groupBy.length > 0 && c.groupBy.every((g) => ls.present?.includes(g));
  for (const [base, uses] of usedBy) {
    if (!isRuleOn(base, ls) || uses.some((c) => c.generate) || !uses.every(keyed) || readsOfRule(base, ls)?.length !== 0) continue;
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

/** Base rules, of any logsource, that read their logsource's context relation. */
export function contextBases(docs: SigmaDocument[]): Set<SigmaDocument> {
  const out = new Set<SigmaDocument>();
  for (const ls of new Set(docs.map((d) => (d.kind === 'rule' ? findLogsource(d.logsource) : undefined)))) {
    if (ls) for (const rule of deferredBases(docs, ls).keys()) out.add(rule);
  }
  return out;
}

/** The columns of the row `e` a compiled condition reads: only field definitions write `e."…"`. */
export function columnsRead(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\be\."([A-Za-z_][A-Za-z0-9_.]*)"/g)].map((m) => m[1]))];
}
