// Recursive-descent parser for STIX 2.1 patterns. Precedence, loosest first:
// FOLLOWEDBY, OR, AND between observations; OR, AND between comparisons inside one observation.
import type { ComparisonExpr, ComparisonOp, Literal, ObjectPath, ObservationExpr, PathStep, Qualifier } from './pattern-ast.ts';
import { patternError, tokenize, type Token } from './pattern-lexer.ts';

const COMPARISON_KEYWORDS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
/** Patterns nest brackets; a bound keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 200;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string, private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private fail(msg: string, t: Token = this.peek()): never {
    throw patternError(msg, this.src, t.pos);
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }
  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(`expected ${what} but found ${t.kind === 'eof' ? 'end of pattern' : JSON.stringify(t.text)}`);
    return this.next();
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('pattern nested too deeply');
  }

  parsePattern(): ObservationExpr {
    const expr = this.observationExpressions();
    if (this.peek().kind !== 'eof') this.fail(`unexpected ${JSON.stringify(this.peek().text)}`);
    return expr;
  }

  private observationExpressions(): ObservationExpr {
    let left = this.observationOr();
    while (this.isWord('FOLLOWEDBY')) {
      this.next();
      left = { kind: 'FOLLOWEDBY', left, right: this.observationOr() };
    }
    return left;
  }

  private observationOr(): ObservationExpr {
    let left = this.observationAnd();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'OR', left, right: this.observationAnd() };
    }
    return left;
  }

  private observationAnd(): ObservationExpr {
    let left = this.qualifiedObservation();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'AND', left, right: this.qualifiedObservation() };
    }
    return left;
  }

  private qualifiedObservation(): ObservationExpr {
    let expr = this.observation();
    for (;;) {
      const q = this.qualifier();
      if (!q) return expr;
      expr = { kind: 'qualified', expr, qualifier: q };
    }
  }

  private observation(): ObservationExpr {
    const t = this.peek();
    this.enter();
    try {
      if (t.kind === 'lbrack') {
        this.next();
        const expr = this.comparisonOr();
        this.expect('rbrack', "']'");
        return { kind: 'observation', expr, pos: t.pos };
      }
      if (t.kind === 'lparen') {
        this.next();
        const expr = this.observationExpressions();
        this.expect('rparen', "')'");
        return expr;
      }
      return this.fail(`expected '[' or '(' to start an observation but found ${t.kind === 'eof' ? 'end of pattern' : JSON.stringify(t.text)}`);
    } finally {
      this.depth--;
    }
  }

  private qualifier(): Qualifier | undefined {
    if (this.isWord('WITHIN')) {
      this.next();
      const n = this.positiveNumber('WITHIN');
      if (!this.isWord('SECONDS')) this.fail('expected SECONDS after WITHIN n');
      this.next();
      return { kind: 'within', seconds: n };
    }
    if (this.isWord('REPEATS')) {
      this.next();
      const n = this.positiveNumber('REPEATS');
      if (!this.isWord('TIMES')) this.fail('expected TIMES after REPEATS n');
      this.next();
      return { kind: 'repeats', times: n };
    }
    if (this.isWord('START')) {
      this.next();
      const start = this.expect('timestamp', "a timestamp t'…' after START").value!;
      if (!this.isWord('STOP')) this.fail('expected STOP after START t…');
      this.next();
      const stop = this.expect('timestamp', "a timestamp t'…' after STOP").value!;
      return { kind: 'startstop', start, stop };
    }
    return undefined;
  }

  private positiveNumber(after: string): number {
    const t = this.next();
    if ((t.kind !== 'int' && t.kind !== 'float') || Number(t.text) <= 0) this.fail(`expected a positive number after ${after}`, t);
    return Number(t.text);
  }

  private comparisonOr(): ComparisonExpr {
    let left = this.comparisonAnd();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.comparisonAnd() };
    }
    return left;
  }

  private comparisonAnd(): ComparisonExpr {
    let left = this.propTest();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.propTest() };
    }
    return left;
  }

  private propTest(): ComparisonExpr {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.enter();
      this.next();
      const inner = this.comparisonOr();
      this.expect('rparen', "')'");
      this.depth--;
      return inner;
    }
    if (this.isWord('EXISTS')) {
      this.next();
      return { kind: 'exists', path: this.objectPath(), pos: t.pos };
    }
    const path = this.objectPath();
    let negated = false;
    if (this.isWord('NOT')) {
      this.next();
      negated = true;
    }
    const opTok = this.next();
    let op: ComparisonOp;
    if (opTok.kind === 'op') op = opTok.text as ComparisonOp;
    else if (opTok.kind === 'word' && COMPARISON_KEYWORDS.has(opTok.text.toUpperCase())) op = opTok.text.toUpperCase() as ComparisonOp;
    else return this.fail(`expected a comparison operator after ${path.text}`, opTok);
    const value = op === 'IN' ? this.setLiteral() : this.literal();
    if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(op) && (Array.isArray(value) || value.type !== 'string')) {
      this.fail(`${op} takes a string`, opTok);
    }
    if (['>', '<', '>=', '<='].includes(op) && !Array.isArray(value) && value.type === 'bool') this.fail(`${op} cannot compare a boolean`, opTok);
    return { kind: 'cmp', path, op, negated, value, pos: path.pos };
  }

  private objectPath(): ObjectPath {
    const typeTok = this.expect('word', 'an object type (e.g. domain-name)');
    this.expect('colon', "':' after the object type");
    const steps: PathStep[] = [this.pathKey()];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'dot') {
        this.next();
        steps.push(this.pathKey());
      } else if (t.kind === 'lbrack' && this.peek(1).kind !== 'eof' && (this.peek(1).kind === 'int' || this.peek(1).kind === 'star')) {
        this.next();
        const idx = this.next();
        this.expect('rbrack', "']' after a list index");
        steps.push({ index: idx.kind === 'star' ? '*' : Number(idx.text) });
      } else break;
    }
    const text = `${typeTok.text}:${steps.map((s, n) => ('key' in s ? (n === 0 ? s.key : `.${s.key}`) : `[${s.index}]`)).join('')}`;
    return { objectType: typeTok.text, steps, text, pos: typeTok.pos };
  }

  private pathKey(): PathStep {
    const t = this.next();
    if (t.kind === 'word') return { key: t.text };
    if (t.kind === 'string') return { key: t.value! };
    return this.fail('expected a property name', t);
  }

  private setLiteral(): Literal[] {
    this.expect('lparen', "'(' to open the IN set");
    const values: Literal[] = [this.literal()];
    while (this.peek().kind === 'comma') {
      this.next();
      values.push(this.literal());
    }
    this.expect('rparen', "')' to close the IN set");
    return values;
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { type: 'string', value: t.value! };
      case 'int':
        return { type: 'int', value: Number(t.text) };
      case 'float':
        return { type: 'float', value: Number(t.text) };
      case 'timestamp':
        if (Number.isNaN(Date.parse(t.value!))) this.fail('invalid timestamp literal', t);
        return { type: 'timestamp', value: t.value! };
      case 'hex':
        if (!/^(?:[0-9a-fA-F]{2})*$/.test(t.value!)) this.fail('invalid hex literal', t);
        return { type: 'hex', value: t.value! };
      case 'binary':
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t.value!)) this.fail('invalid binary (base64) literal', t);
        return { type: 'binary', value: t.value! };
      case 'word':
        if (t.text === 'true' || t.text === 'false') return { type: 'bool', value: t.text === 'true' };
        return this.fail(`expected a literal but found ${JSON.stringify(t.text)}`, t);
      default:
        return this.fail(`expected a literal but found ${t.kind === 'eof' ? 'end of pattern' : JSON.stringify(t.text)}`, t);
    }
  }
}

/** Parses a STIX 2.1 pattern; throws ParseError (code STIX_PATTERN) with the offset of the problem. */
export function parsePattern(pattern: string): ObservationExpr {
  return new Parser(pattern, tokenize(pattern)).parsePattern();
}
