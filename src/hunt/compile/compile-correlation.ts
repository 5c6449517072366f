// Sigma correlation rules to DuckDB: event_count and value_count as sliding windows over the base
// rules' matches per group; temporal as "every rule seen within the window"; temporal_ordered as a
// chain of joins in time order. Correlations may refer to other correlations (chaining).
import type { SigmaCorrelation, SigmaDocument, SigmaRule } from '../sigma/ast.ts';
import { problem, type RuleProblem } from '../sigma/errors.ts';
import { compileRuleQuery, ruleLabel } from './compile-rule.ts';
import { quoteIdent } from './logsources.ts';
import type { Params } from './params.ts';
import type { SetRef } from './pipeline.ts';

export interface CorrelationQuery {
  sql: string;
  sets: SetRef[];
  logsources: string[];
}

const OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', neq: '<>' } as const;

/** Finds a rule or correlation by name, then id. */
export function lookup(docs: SigmaDocument[], ref: string): SigmaDocument | undefined {
  return docs.find((d) => d.name === ref) ?? docs.find((d) => d.id === ref);
}

/** `context`: base rules that read their logsource's context relation (deferred-bases.ts). */
export function compileCorrelation(c: SigmaCorrelation, docs: SigmaDocument[], p: Params, problems: RuleProblem[], context: Set<SigmaDocument> = new Set(), stack: string[] = []): CorrelationQuery | undefined {
  const label = ruleLabel(c);
  if (stack.includes(label)) {
    problems.push(problem(c.loc, `correlation chain loops back to '${label}'`, label));
    return undefined;
  }
  const before = problems.length;
  for (const f of [...c.groupBy, ...(c.field ? [c.field] : [])]) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(f)) problems.push(problem(c.loc, `field name ${JSON.stringify(f)} is not a field`, label));
  }
  if (problems.length > before) return undefined;
  const groups = c.groupBy.map(quoteIdent);
  const value = c.type === 'value_count' ? c.field! : undefined;
  const sets: SetRef[] = [];
  const logsources = new Set<string>();
  const bases: string[] = [];
  c.rules.forEach((ref, k) => {
    const doc = lookup(docs, ref);
    if (!doc) {
      problems.push(problem(c.loc, `correlation refers to unknown rule '${ref}'`, label));
      return;
    }
    const cols = [`"ts"`, ...groups, value ? `${quoteIdent(value)} AS v` : 'NULL AS v', `${k} AS r`].join(', ');
    if (doc.kind === 'rule') {
      const q = compileRuleQuery(doc as SigmaRule, p, problems, [...c.groupBy, ...(value ? [value] : [])], context.has(doc));
      if (!q) return;
      sets.push(...q.sets);
      logsources.add(q.logsource.id);
      bases.push(`SELECT ${cols} FROM (${q.sql}) AS b${k}`);
    } else {
      const inner = doc as SigmaCorrelation;
      const missing = c.groupBy.filter((g) => !inner.groupBy.includes(g));
      if (missing.length > 0 || value) {
        problems.push(problem(c.loc, `chained correlation '${ref}' does not provide ${missing.length ? `group-by field(s) ${missing.join(', ')}` : `field '${value}'`}`, label));
        return;
      }
      const q = compileCorrelation(inner, docs, p, problems, context, [...stack, label]);
      if (!q) return;
      sets.push(...q.sets);
      q.logsources.forEach((l) => logsources.add(l));
      // A correlation's rows stand for the moment its condition was met.
      bases.push(`SELECT "last_ts" AS "ts", ${[...groups, 'NULL AS v', `${k} AS r`].join(', ')} FROM (${q.sql}) AS b${k}`);
    }
  });
  if (problems.length > before) return undefined;
  const partition = groups.length > 0 ? `PARTITION BY ${groups.join(', ')} ` : '';
  // Only the window forms use the frame; adding its parameter otherwise would leave it unbound.
  const frame = () => `ORDER BY "ts" RANGE BETWEEN to_milliseconds(${p.add(c.timespan)}) PRECEDING AND CURRENT ROW`;
  const groupSel = groups.length > 0 ? `${groups.join(', ')}, ` : '';
  const groupBy = groups.length > 0 ? ` GROUP BY ${groups.join(', ')}` : ' HAVING count(*) > 0';
  const base = `WITH base AS (${bases.join(' UNION ALL ')})`;
  let sql: string;
  if (c.type === 'event_count' || c.type === 'value_count') {
    const agg = c.type === 'event_count' ? 'count(*)' : 'count(DISTINCT v)';
    const where = c.conditions.map((cond) => `n ${OPS[cond.op]} ${p.add(cond.value)}`).join(' AND ');
    sql = `${base}, w AS (SELECT *, ${agg} OVER (${partition}${frame()}) AS n FROM base) SELECT ${groupSel}min("ts") AS "first_ts", max("ts") AS "last_ts", max(n) AS "value" FROM w WHERE ${where}${groupBy}`;
  } else if (c.type === 'temporal') {
    const f = frame();
    const seen = c.rules.map((_, k) => `max(CASE WHEN r = ${k} THEN "ts" END) OVER (${partition}${f}) AS seen_${k}`);
    const all = c.rules.map((_, k) => `seen_${k} IS NOT NULL`).join(' AND ');
    sql = `${base}, w AS (SELECT *, ${seen.join(', ')} FROM base) SELECT ${groupSel}min(LEAST(${c.rules.map((_, k) => `seen_${k}`).join(', ')})) AS "first_ts", max("ts") AS "last_ts", count(*) AS "value" FROM w WHERE ${all}${groupBy}`;
  } else {
    // temporal_ordered: x0 then x1 … then xn, all within the timespan of x0, same group.
    const span = p.add(c.timespan);
    const joins = c.rules.slice(1).map((_, i) => {
      const k = i + 1;
      const sameGroup = c.groupBy.map((g) => `x${k}.${quoteIdent(g)} IS NOT DISTINCT FROM x0.${quoteIdent(g)}`);
      return `JOIN base AS x${k} ON x${k}.r = ${k} AND x${k}."ts" >= x${k - 1}."ts" AND x${k}."ts" <= x0."ts" + to_milliseconds(${span})${sameGroup.map((s) => ` AND ${s}`).join('')}`;
    });
    const last = `x${c.rules.length - 1}`;
    const gsel = c.groupBy.map((g) => `x0.${quoteIdent(g)}`);
    sql = `${base} SELECT ${gsel.length ? `${gsel.join(', ')}, ` : ''}min(x0."ts") AS "first_ts", max(${last}."ts") AS "last_ts", count(*) AS "value" FROM base AS x0 ${joins.join(' ')} WHERE x0.r = 0${gsel.length ? ` GROUP BY ${gsel.join(', ')}` : ' HAVING count(*) > 0'}`;
  }
  return { sql, sets, logsources: [...logsources] };
}
