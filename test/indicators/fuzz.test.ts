// Fuzzing the STIX pattern parser and every importer: any input gives a result or a typed
// VigilError, never a crash of another kind, and never a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { VigilError } from '../../src/core/index.ts';
import { parseIndicators, parsePattern, parseWarninglist } from '../../src/indicators/index.ts';
import { MAX_CLAUSES, toClauses } from '../../src/indicators/stix/pattern-clauses.ts';

const typedOnly = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof VigilError)) throw e;
  }
};

const path = fc.constantFrom('domain-name:value', 'ipv4-addr:value', "file:hashes.'SHA-256'", 'process:name', 'x:y[*].z', 'url:value');
const str = fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const literal = fc.oneof(str, fc.integer().map(String), fc.constantFrom('true', "t'2019-05-01T00:00:00Z'", "h'0aff'", "b'aGk='"));
const op = fc.constantFrom('=', '!=', '>', '<=', 'LIKE', 'MATCHES', 'ISSUBSET', 'NOT =', '==', '<>');
const comparison = fc.oneof(
  fc.tuple(path, op, literal).map(([p, o, v]) => `${p} ${o} ${v}`),
  fc.tuple(path, fc.array(str, { minLength: 1, maxLength: 4 })).map(([p, vs]) => `${p} IN (${vs.join(', ')})`),
);
const { cmpExpr } = fc.letrec((tie) => ({
  cmpExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('cmpExpr'), fc.constantFrom('AND', 'OR'), tie('cmpExpr')).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('cmpExpr').map((e) => `(${e})`),
  ),
}));
const { obsExpr } = fc.letrec((tie) => ({
  obsExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    (cmpExpr as fc.Arbitrary<string>).map((c) => `[${c}]`),
    fc.tuple(tie('obsExpr'), fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), tie('obsExpr')).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie('obsExpr'), fc.constantFrom('WITHIN 5 SECONDS', 'REPEATS 2 TIMES', "START t'2019-01-01T00:00:00Z' STOP t'2019-02-01T00:00:00Z'")).map(([e, q]) => `(${e}) ${q}`),
  ),
}));

/** Applies small random edits (delete, insert, duplicate) to a string. */
const mutated = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 3 })), { maxLength: 4 })).map(([s, edits]) => {
    let out = s;
    for (const [pos, kind, ins] of edits) {
      const p = out.length === 0 ? 0 : pos % out.length;
      out = kind === 0 ? out.slice(0, p) + out.slice(p + 1) : kind === 1 ? out.slice(0, p) + ins + out.slice(p) : kind === 2 ? out.slice(0, p) + out.slice(p, p + 5) + out.slice(p) : out.slice(0, p);
    }
    return out;
  });

describe('fuzzing (fast-check)', () => {
  it('STIX patterns from the grammar parse and expand, or fail with a typed error', () => {
    fc.assert(fc.property(obsExpr as fc.Arbitrary<string>, (p) => typedOnly(() => toClauses(parsePattern(p)))), { numRuns: 800 });
  });

  it('mutated STIX patterns give only typed errors', () => {
    fc.assert(fc.property(mutated(obsExpr as fc.Arbitrary<string>), (p) => typedOnly(() => toClauses(parsePattern(p)))), { numRuns: 1500 });
  });

  it('arbitrary text given as a STIX pattern gives only typed errors', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (p) => typedOnly(() => parsePattern(p))), { numRuns: 1500 });
  });

  it('valid grammar output always parses', () => {
    const simple = fc.tuple(fc.constantFrom('domain-name:value', 'url:value'), str).map(([p, v]) => `[${p} = ${v}]`);
    fc.assert(fc.property(simple, (p) => void parsePattern(p)), { numRuns: 300 });
  });

  it('a pattern is expanded up to the clause bound and refused past it, before expanding', () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `[a:b = '${i}' OR a:b = '${i}x']`).join(' AND ');
    // 2^10 alternatives is exactly the bound; 2^11 is past it; 2^40 could not even be held in memory.
    assert.equal(toClauses(parsePattern(pairs(10))).length, MAX_CLAUSES);
    for (const n of [11, 40]) assert.throws(() => toClauses(parsePattern(pairs(n))), (e: unknown) => e instanceof VigilError && e.code === 'STIX_PATTERN_TOO_COMPLEX');
  });

  const stixDoc = fc.array(
    fc.record({
      type: fc.constantFrom('indicator', 'malware', 'relationship', 'report', 'x'),
      id: fc.constantFrom('indicator--1', 'malware--1', 'report--1', 'x'),
      pattern: fc.oneof(obsExpr as fc.Arbitrary<string>, fc.string(), fc.constant(undefined as unknown as string)),
      pattern_type: fc.constantFrom('stix', 'yara', undefined as unknown as string),
      source_ref: fc.constantFrom('indicator--1', 'x'),
      target_ref: fc.constantFrom('malware--1', 'x'),
      object_refs: fc.oneof(fc.constant(['indicator--1']), fc.constant('x' as unknown as string[])),
      valid_from: fc.oneof(fc.string(), fc.constant('2019-01-01T00:00:00Z')),
      labels: fc.oneof(fc.array(fc.string()), fc.constant(5 as unknown as string[])),
    }, { requiredKeys: [] }),
    { maxLength: 8 },
  );

  it('STIX bundles with arbitrary objects import or fail typed', () => {
    fc.assert(fc.property(stixDoc, (objects) => typedOnly(() => parseIndicators(JSON.stringify({ type: 'bundle', objects }), 'f.json', { format: 'stix' }))), { numRuns: 400 });
  });

  it('arbitrary JSON as STIX or MISP gives only typed errors', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('stix', 'misp'), (v, format) =>
        typedOnly(() => parseIndicators(JSON.stringify(v), 'f.json', { format: format as 'stix' | 'misp' })),
      ),
      { numRuns: 600 },
    );
  });

  it('MISP events with arbitrary attributes import or fail typed', () => {
    const attr = fc.record({ type: fc.oneof(fc.constantFrom('domain', 'ip-dst', 'domain|ip', 'filename|sha256', 'url', 'email', 'md5'), fc.string()), value: fc.oneof(fc.string(), fc.integer() as unknown as fc.Arbitrary<string>), to_ids: fc.oneof(fc.boolean(), fc.constantFrom('0', '1')), deleted: fc.boolean() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(attr, { maxLength: 10 }), fc.array(fc.record({ name: fc.string(), Attribute: fc.array(attr, { maxLength: 3 }) }), { maxLength: 3 }), (Attribute, Object_) =>
        typedOnly(() => parseIndicators(JSON.stringify({ Event: { info: 'x', Attribute, Object: Object_ } }), 'f.json', { format: 'misp' })),
      ),
      { numRuns: 400 },
    );
  });

  it('type names that are Object.prototype members are unsupported types, not crashes', () => {
    for (const t of ['valueOf', '__proto__', 'constructor', 'toString']) {
      const misp = parseIndicators(JSON.stringify({ Event: { info: 'x', Attribute: [{ type: t, value: 'v', to_ids: true }] } }), 'f.json', { format: 'misp' });
      assert.match(misp.dropped[0].reason, /is not supported/);
      const zeek = parseIndicators(`#fields\tindicator\tindicator_type\nv\t${t}\n`, 'f.dat', { format: 'zeek' });
      assert.match(zeek.dropped[0].reason, /is not supported/);
      const stix = parseIndicators(JSON.stringify([{ type: 'indicator', id: 'indicator--1', pattern: `[file:hashes.${t} = 'ab']` }]), 'f.json', { format: 'stix' });
      assert.match(stix.dropped[0].reason, /is not supported/);
    }
  });

  it('arbitrary text as Zeek intel or a plain list gives only typed errors', () => {
    const zeekish = fc.array(fc.oneof(fc.string(), fc.constantFrom('#fields\tindicator\tindicator_type', 'evil.com\tIntel::DOMAIN', '1.2.3.4/40\tIntel::SUBNET', '#separator \\x09')), { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(zeekish, fc.constantFrom('zeek', 'txt'), (text, format) => typedOnly(() => parseIndicators(text, 'f.txt', { format: format as 'zeek' | 'txt' }))),
      { numRuns: 800 },
    );
  });

  it('arbitrary warninglists give only typed errors', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => typedOnly(() => parseWarninglist(JSON.stringify(v), 'w.json'))), { numRuns: 400 });
  });
});
