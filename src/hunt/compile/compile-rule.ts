// A Sigma rule to one DuckDB query: the condition over the rule's searches, through the pipeline
// and the dialect, selecting the logsource's evidence fields.
import type { Condition, Search, SigmaRule } from '../sigma/ast.ts';
import { problem, type RuleProblem } from '../sigma/errors.ts';
import { compileMatch, relaxedSetMatch, TEMPLATES } from './dialect-duckdb.ts';
import { findLogsource, quoteIdent, type FieldReads, type LogsourceDef } from './logsources.ts';
import { Params } from './params.ts';
import { runPipeline, type PipelineContext, type SetRef } from './pipeline.ts';

export interface RuleQuery {
  logsource: LogsourceDef;
  /** SELECT … FROM <relation> AS e WHERE <condition>, with `extra` fields projected too. */
  sql: string;
  sets: SetRef[];
}

export function ruleLabel(r: { name?: string; id?: string; title: string }): string {
  return r.name ?? r.id ?? r.title;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/**
 * The rule's condition as SQL over the logsource's row `e`. Relaxed, it is instead a cheap predicate
 * every matching row satisfies (for the scan plan): negations and subqueries become true, but for an
 * indicator set's, which becomes a test against its values; `N of` becomes an OR.
 */
export function conditionSql(rule: SigmaRule, ls: LogsourceDef, p: Params, problems: RuleProblem[], relaxed: boolean): { where: string; sets: SetRef[]; reads: FieldReads[] } {
  const label = ruleLabel(rule);
  const before = problems.length;
  const ctx: PipelineContext = { rule, logsource: ls, problems };
  const sets: SetRef[] = [];
  const reads: FieldReads[] = [];
  const and = (parts: string[]) => {
    const kept = relaxed ? parts.filter((x) => x !== 'true') : parts;
    return kept.length === 0 ? 'true' : TEMPLATES.and(kept);
  };
  const or = (parts: string[]) => (relaxed && parts.includes('true') ? 'true' : TEMPLATES.or(parts));
  const searchSql = (s: Search): string => {
    if (s.kind === 'any') return or(s.items.map(searchSql));
    const parts = s.matches.map((m) => {
      const resolved = runPipeline(m, ctx);
      if (problems.length > before) return 'false';
      if (resolved.set) sets.push(resolved.set);
      for (const d of [resolved.def, resolved.refDef]) if (d?.reads) reads.push(d.reads);
      if (relaxed && resolved.set) return relaxedSetMatch(resolved, p) ?? 'true';
      const sql = compileMatch(resolved, ls, p);
      if (typeof sql !== 'string') {
        problems.push(problem(m.loc, sql.message, label));
        return 'false';
      }
      // Only text from the templates and field definitions reaches here (values are $n), so a
      // SELECT is a subquery: too costly for the scan plan, and it may read other rows.
      return relaxed && /\bSELECT\b/.test(sql) ? 'true' : sql;
    });
    return and(parts);
  };
  const compiled = new Map<string, string>();
  const used = (name: string) => {
    if (!compiled.has(name)) compiled.set(name, searchSql(rule.searches.get(name)!));
    return compiled.get(name)!;
  };
  const cond = (c: Condition): string => {
    switch (c.kind) {
      case 'ref':
        if (!rule.searches.has(c.name)) {
          problems.push(problem(c.loc, `condition names '${c.name}', which is not a search of this rule`, label));
          return 'false';
        }
        return used(c.name);
      case 'not':
        return relaxed ? 'true' : TEMPLATES.not(cond(c.expr));
      case 'and':
        return and([cond(c.left), cond(c.right)]);
      case 'or':
        return or([cond(c.left), cond(c.right)]);
      case 'of': {
        const names = c.pattern === 'them' ? [...rule.searches.keys()].filter((n) => !n.startsWith('_')) : [...rule.searches.keys()].filter((n) => globToRegExp(c.pattern).test(n));
        if (names.length === 0) {
          problems.push(problem(c.loc, `'${c.pattern}' matches no search of this rule`, label));
          return 'false';
        }
        const parts = names.map(used);
        if (c.quantifier === 'all') return and(parts);
        if (c.quantifier === 1 || relaxed) return or(parts);
        return TEMPLATES.atLeast(parts, c.quantifier);
      }
    }
  };
  const where = cond(rule.condition);
  // Searches under `not` were not compiled when relaxed; the rows their fields read still count.
  if (relaxed) for (const name of rule.searches.keys()) used(name);
  return { where, sets, reads };
}

/** `context`: read the logsource's context relation (a base rule whose rows the scan plan keeps by key). */
export function compileRuleQuery(rule: SigmaRule, p: Params, problems: RuleProblem[], extra: string[] = [], context = false): RuleQuery | undefined {
  const label = ruleLabel(rule);
  const ls = findLogsource(rule.logsource);
  if (!ls) {
    problems.push(problem(rule.loc, `unsupported logsource ${JSON.stringify(rule.logsource)}; vigil knows product: vigil service: call_telemetry, and product: zeek service: dns|conn|ssl|http`, label));
    return undefined;
  }
  const before = problems.length;
  const { where, sets } = conditionSql(rule, ls, p, problems, false);
  for (const f of extra) {
    if (!Object.hasOwn(ls.fields, f)) problems.push(problem(rule.loc, `field '${f}' (used by a correlation) is not in logsource ${ls.id}`, label));
  }
  if (problems.length > before) return undefined;
  const fields = [...new Set([...ls.evidence, ...extra])];
  const select = fields.map((f) => `${ls.fields[f].sql} AS ${quoteIdent(f)}`).join(', ');
  const relation = context && ls.contextRelation ? ls.contextRelation : ls.relation;
  return { logsource: ls, sql: `SELECT ${select} FROM ${relation} AS e WHERE ${where}`, sets };
}
