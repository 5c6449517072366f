// The STIX 2.1 pattern grammar: operators, precedence, qualifiers, paths, literals and errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePattern } from '../../src/indicators/index.ts';
import { toClauses, termText } from '../../src/indicators/stix/pattern-clauses.ts';
import { ParseError } from '../../src/core/index.ts';

const clauses = (p: string) => toClauses(parsePattern(p)).map((c) => c.map(termText));

describe('STIX pattern parser', () => {
  it('parses every comparison operator, with NOT', () => {
    const p = parsePattern(
      "[domain-name:value = 'a.com' AND url:value != 'x' AND file:size > 10 AND file:size <= 20 AND ipv4-addr:value NOT IN ('1.2.3.4', '5.6.7.8') " +
        "AND domain-name:value LIKE '%.evil.com' AND process:name MATCHES '^ev.l$' AND ipv4-addr:value ISSUBSET '10.0.0.0/8' AND ipv4-addr:value ISSUPERSET '10.0.0.0/32']",
    );
    const ops: string[] = [];
    const walk = (e: any): void => {
      if (e.kind === 'observation') return walk(e.expr);
      if (e.kind === 'and' || e.kind === 'or') {
        walk(e.left);
        walk(e.right);
      } else if (e.kind === 'cmp') ops.push(`${e.negated ? 'NOT ' : ''}${e.op}`);
    };
    walk(p);
    assert.deepEqual(ops, ['=', '!=', '>', '<=', 'NOT IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
  });

  it('binds AND tighter than OR inside an observation', () => {
    assert.deepEqual(clauses("[domain-name:value = 'a.com' OR domain-name:value = 'b.com' AND url:value = 'http://c/']"), [
      ["domain-name:value = 'a.com'"],
      ["domain-name:value = 'b.com'", "url:value = 'http://c/'"],
    ]);
  });

  it('binds observation AND tighter than OR, and OR tighter than FOLLOWEDBY', () => {
    assert.deepEqual(clauses("[a:value = '1'] OR [b:value = '2'] AND [c:value = '3']"), [["a:value = '1'"], ["b:value = '2'", "c:value = '3'"]]);
    const p = parsePattern("[a:value = '1'] OR [b:value = '2'] FOLLOWEDBY [c:value = '3']");
    assert.equal(p.kind, 'FOLLOWEDBY');
  });

  it('respects parentheses over precedence', () => {
    assert.deepEqual(clauses("[(domain-name:value = 'a.com' OR domain-name:value = 'b.com') AND url:value = 'http://c/']"), [
      ["domain-name:value = 'a.com'", "url:value = 'http://c/'"],
      ["domain-name:value = 'b.com'", "url:value = 'http://c/'"],
    ]);
  });

  it('expands IN into alternatives and keeps NOT IN as one term', () => {
    assert.deepEqual(clauses("[domain-name:value IN ('a.com', 'b.com')]"), [["domain-name:value = 'a.com'"], ["domain-name:value = 'b.com'"]]);
    assert.equal(clauses("[domain-name:value NOT IN ('a.com', 'b.com')]").length, 1);
  });

  it('reads quoted hash keys, list indexes and nested paths', () => {
    const p = parsePattern("[file:hashes.'SHA-256' = 'ab' AND email-message:to_refs[*].value = 'x@y.z' AND file:extensions.'x'[0].y = 1]") as any;
    const texts: string[] = [];
    const walk = (e: any): void => (e.kind === 'and' ? (walk(e.left), walk(e.right)) : void texts.push(e.path.text));
    walk(p.expr);
    assert.deepEqual(texts, ['file:hashes.SHA-256', 'email-message:to_refs[*].value', 'file:extensions.x[0].y']);
  });

  it('parses qualifiers WITHIN, REPEATS and START/STOP', () => {
    const p = parsePattern("([a:value = '1'] AND [b:value = '2']) WITHIN 300 SECONDS REPEATS 2 TIMES") as any;
    assert.equal(p.kind, 'qualified');
    assert.deepEqual(p.qualifier, { kind: 'repeats', times: 2 });
    assert.deepEqual(p.expr.qualifier, { kind: 'within', seconds: 300 });
    const q = parsePattern("[a:value = '1'] START t'2019-04-29T00:00:00Z' STOP t'2019-05-10T00:00:00Z'") as any;
    assert.deepEqual(q.qualifier, { kind: 'startstop', start: '2019-04-29T00:00:00Z', stop: '2019-05-10T00:00:00Z' });
  });

  it('decodes string escapes and typed literals', () => {
    const p = parsePattern("[file:name = 'it\\'s \\\\ here' AND file:size = -5 AND x:y = 1.5e3 AND x:b = true AND artifact:payload_bin = b'aGk=' AND x:h = h'0aff']") as any;
    const vals: unknown[] = [];
    const walk = (e: any): void => (e.kind === 'and' ? (walk(e.left), walk(e.right)) : void vals.push(e.value));
    walk(p.expr);
    assert.deepEqual(vals, [
      { type: 'string', value: "it's \\ here" },
      { type: 'int', value: -5 },
      { type: 'float', value: 1500 },
      { type: 'bool', value: true },
      { type: 'binary', value: 'aGk=' },
      { type: 'hex', value: '0aff' },
    ]);
  });

  it('accepts == and <> as synonyms of = and !=', () => {
    assert.deepEqual(clauses("[a:value == '1' AND b:value <> '2']"), [["a:value = '1'", "b:value != '2'"]]);
  });

  for (const [pattern, fragment] of [
    ["[domain-name:value = 'a.com'", "expected ']'"],
    ["domain-name:value = 'a.com'", "expected '[' or '('"],
    ["[domain-name:value = 'a.com]", 'unterminated string'],
    ["[domain-name:value ~ 'a']", 'unexpected character'],
    ["[domain-name:value LIKE 5]", 'LIKE takes a string'],
    ["[domain-name = 'a']", "expected ':'"],
    ["[a:b = 'x'] WITHIN -1 SECONDS", 'positive number'],
    ["[a:b = t'not a date']", 'invalid timestamp'],
    ["[a:b = 'x'] extra", 'unexpected'],
  ] as const) {
    it(`rejects ${JSON.stringify(pattern)} with a located ParseError`, () => {
      assert.throws(() => parsePattern(pattern), (e: unknown) => e instanceof ParseError && e.code === 'STIX_PATTERN' && e.message.includes(fragment) && /at offset \d+/.test(e.message));
    });
  }

  it('refuses patterns nested beyond the depth bound instead of overflowing the stack', () => {
    const deep = '('.repeat(5000) + "[a:b = '1']" + ')'.repeat(5000);
    assert.throws(() => parsePattern(deep), (e: unknown) => e instanceof ParseError && /nested too deeply/.test(e.message));
  });
});
