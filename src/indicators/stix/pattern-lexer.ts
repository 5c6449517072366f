// Tokenizer for STIX patterns: brackets, operators, keywords, object paths and typed literals.
import { ParseError } from '../../core/index.ts';

export type TokenKind =
  | 'lbrack' | 'rbrack' | 'lparen' | 'rparen' | 'comma' | 'colon' | 'dot' | 'star'
  | 'op' | 'word' | 'string' | 'int' | 'float' | 'timestamp' | 'hex' | 'binary' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value for literals (string contents without quotes and escapes). */
  value?: string;
  pos: number;
}

export function patternError(msg: string, pattern: string, pos: number): ParseError {
  return new ParseError('STIX_PATTERN', `${msg} at offset ${pos} of pattern ${JSON.stringify(pattern.slice(0, 120))}`, {
    hint: 'fix the indicator pattern (STIX 2.1 patterning grammar)',
  });
}

const SINGLE: Record<string, TokenKind> = {
  '[': 'lbrack', ']': 'rbrack', '(': 'lparen', ')': 'rparen', ',': 'comma', ':': 'colon', '.': 'dot', '*': 'star',
};

/** Reads a quoted literal starting at the opening quote; returns the decoded text and the end offset. */
function readQuoted(src: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n !== "'" && n !== '\\') throw patternError(`invalid escape \\${n ?? ''} in string`, src, i);
      out += n;
      i += 2;
      continue;
    }
    if (c === "'") return { value: out, end: i + 1 };
    out += c;
    i++;
  }
  throw patternError('unterminated string', src, start);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (SINGLE[c] && !(c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      tokens.push({ kind: SINGLE[c], text: c, pos: start });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '>=' || two === '<=' || two === '==') {
      tokens.push({ kind: 'op', text: two === '<>' ? '!=' : two === '==' ? '=' : two, pos: start });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    if (c === "'") {
      const q = readQuoted(src, i);
      tokens.push({ kind: 'string', text: src.slice(start, q.end), value: q.value, pos: start });
      i = q.end;
      continue;
    }
    // Typed literals: t'…', h'…', b'…'.
    if ((c === 't' || c === 'h' || c === 'b') && src[i + 1] === "'") {
      const q = readQuoted(src, i + 1);
      const kind: TokenKind = c === 't' ? 'timestamp' : c === 'h' ? 'hex' : 'binary';
      tokens.push({ kind, text: src.slice(start, q.end), value: q.value, pos: start });
      i = q.end;
      continue;
    }
    const num = /^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && (/\d|\./.test(c) || ((c === '-' || c === '+') && /[\d.]/.test(src[i + 1] ?? '')))) {
      const text = num[0];
      tokens.push({ kind: /[.eE]/.test(text) ? 'float' : 'int', text, pos: start });
      i += text.length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], pos: start });
      i += word[0].length;
      continue;
    }
    throw patternError(`unexpected character ${JSON.stringify(c)}`, src, i);
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}
