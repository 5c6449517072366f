// Expands a parsed pattern into clauses (disjunctive normal form): the pattern matches when every
// term of any one clause holds. Each clause becomes one indexed indicator value; the rest of its
// terms are kept as conditions, so nothing a pattern requires is forgotten.
import { IndicatorError } from '../../core/index.ts';
import type { ComparisonExpr, Literal, ObservationExpr, Qualifier } from './pattern-ast.ts';

type Leaf = Extract<ComparisonExpr, { kind: 'cmp' | 'exists' }>;

export interface Term {
  leaf: Leaf;
  /** Which observation ([…]) of the pattern the term belongs to. */
  observation: number;
  qualifiers: Qualifier[];
}

export type Clause = Term[];

/** Past this many clauses a pattern is refused rather than expanded (AND of ORs grows fast). */
export const MAX_CLAUSES = 1024;

function cross(a: Clause[], b: Clause[]): Clause[] {
  if (a.length * b.length > MAX_CLAUSES) {
    throw new IndicatorError('STIX_PATTERN_TOO_COMPLEX', `pattern expands to more than ${MAX_CLAUSES} alternatives`);
  }
  const out: Clause[] = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

function union(a: Clause[], b: Clause[]): Clause[] {
  if (a.length + b.length > MAX_CLAUSES) {
    throw new IndicatorError('STIX_PATTERN_TOO_COMPLEX', `pattern expands to more than ${MAX_CLAUSES} alternatives`);
  }
  return [...a, ...b];
}

function comparisonClauses(expr: ComparisonExpr, observation: number, qualifiers: Qualifier[]): Clause[] {
  switch (expr.kind) {
    case 'and':
      return cross(comparisonClauses(expr.left, observation, qualifiers), comparisonClauses(expr.right, observation, qualifiers));
    case 'or':
      return union(comparisonClauses(expr.left, observation, qualifiers), comparisonClauses(expr.right, observation, qualifiers));
    case 'cmp':
      // `p IN (a, b)` is `p = a OR p = b`; `p NOT IN (…)` stays one term.
      if (expr.op === 'IN' && !expr.negated && Array.isArray(expr.value)) {
        if (expr.value.length > MAX_CLAUSES) {
          throw new IndicatorError('STIX_PATTERN_TOO_COMPLEX', `IN set of more than ${MAX_CLAUSES} values`);
        }
        return expr.value.map((v) => [{ leaf: { ...expr, op: '=', value: v }, observation, qualifiers }]);
      }
      return [[{ leaf: expr, observation, qualifiers }]];
    case 'exists':
      return [[{ leaf: expr, observation, qualifiers }]];
  }
}

export function toClauses(expr: ObservationExpr): Clause[] {
  let observations = 0;
  const walk = (e: ObservationExpr, qualifiers: Qualifier[]): Clause[] => {
    switch (e.kind) {
      case 'observation':
        return comparisonClauses(e.expr, observations++, qualifiers);
      case 'qualified':
        return walk(e.expr, [...qualifiers, e.qualifier]);
      case 'OR':
        return union(walk(e.left, qualifiers), walk(e.right, qualifiers));
      case 'AND':
      case 'FOLLOWEDBY':
        return cross(walk(e.left, qualifiers), walk(e.right, qualifiers));
    }
  };
  return walk(expr, []);
}

export function literalToString(l: Literal): string {
  return typeof l.value === 'string' ? l.value : String(l.value);
}

/** Human-readable text of a term, for conditions and drop reasons. */
export function termText(t: Term): string {
  const leaf = t.leaf;
  if (leaf.kind === 'exists') return `EXISTS ${leaf.path.text}`;
  const value = Array.isArray(leaf.value) ? `(${leaf.value.map((v) => `'${literalToString(v)}'`).join(', ')})` : `'${literalToString(leaf.value)}'`;
  return `${leaf.path.text} ${leaf.negated ? 'NOT ' : ''}${leaf.op} ${value}`;
}
