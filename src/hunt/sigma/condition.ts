// The Sigma condition language: identifiers, and/or/not, brackets, `1 of pattern`, `all of them`.
import type { Condition, Loc } from './ast.ts';

type Tok = { t: 'word' | '(' | ')' | 'eof'; v: string; col: number };

function lex(src: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c, v: c, col: i });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_*.\-]+/.exec(src.slice(i));
    if (!m) return `unexpected character ${JSON.stringify(c)} at column ${i + 1} of the condition`;
    out.push({ t: 'word', v: m[0], col: i });
    i += m[0].length;
  }
  out.push({ t: 'eof', v: '', col: src.length });
  return out;
}

/** Parses a condition; returns the AST or an error message. Precedence: not > and > or. */
export function parseCondition(src: string, loc: Loc): Condition | string {
  const toks = lex(src);
  if (typeof toks === 'string') return toks;
  let i = 0;
  const peek = () => toks[i];
  const kw = (w: string) => peek().t === 'word' && peek().v.toLowerCase() === w;
  const at = (col: number): Loc => ({ ...loc, col: loc.col + col });
  let depth = 0;
  const fail = (msg: string): never => {
    throw new Error(msg);
  };
  const or = (): Condition => {
    let left = and();
    while (kw('or')) {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Condition => {
    let left = unary();
    while (kw('and')) {
      i++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): Condition => {
    if (kw('not')) {
      i++;
      return { kind: 'not', expr: unary() };
    }
    const t = peek();
    if (t.t === '(') {
      if (++depth > 100) fail('condition nested too deeply');
      i++;
      const e = or();
      if (peek().t !== ')') fail(`expected ')' at column ${peek().col + 1}`);
      i++;
      depth--;
      return e;
    }
    if (t.t !== 'word' || ['and', 'or', 'of'].includes(t.v.toLowerCase())) fail(`expected an identifier at column ${t.col + 1}${t.t === 'eof' ? ' (condition ends too early)' : ''}`);
    i++;
    const next = peek();
    if (next.t === 'word' && next.v.toLowerCase() === 'of') {
      const q = t.v.toLowerCase();
      const quantifier = q === 'all' ? 'all' : /^\d+$/.test(q) && Number(q) >= 1 ? Number(q) : fail(`'${t.v} of' needs 'all' or a positive number`);
      i++;
      const target = peek();
      if (target.t !== 'word') fail(`expected a pattern or 'them' after 'of' at column ${target.col + 1}`);
      i++;
      return { kind: 'of', quantifier, pattern: target.v, loc: at(t.col) };
    }
    if (t.v.includes('*')) fail(`wildcard identifier '${t.v}' needs '1 of' or 'all of'`);
    return { kind: 'ref', name: t.v, loc: at(t.col) };
  };
  try {
    const c = or();
    if (peek().t !== 'eof') fail(`unexpected '${peek().v}' at column ${peek().col + 1}`);
    return c;
  } catch (e) {
    return (e as Error).message;
  }
}
