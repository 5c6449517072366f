// exactJson and parseExactJson: integers past 2^53 keep every digit both ways, and every other
// value is written and read exactly as JSON.stringify and JSON.parse do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exactJson, parseExactJson } from '../../src/core/index.ts';

// What parseExactJson gives for a value: BigInts a number holds exactly come back as numbers, and
// a number JSON writes as an integer past 2^53 (below 1e21, where it turns to an exponent) as a BigInt.
const asRead = (v: unknown): unknown => {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21) return BigInt(JSON.stringify(v));
  // JSON writes -0 as 0.
  if (Object.is(v, -0)) return 0;
  if (Array.isArray(v)) return v.map(asRead);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asRead(x)]));
  return v;
};
// Python's json.dumps of the same value, for comparison: every BigInt a number of its digits.
const asNumber = (v: unknown): unknown => JSON.parse(exactJson(v));

const withBigInts = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.jsonValue({ maxDepth: 0 }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })),
})).value;

describe('exact JSON', () => {
  it('writes a BigInt as its digits, indented or not, in objects, lists and alone', () => {
    const big = 13264333200000001n;
    assert.equal(exactJson({ timestamp: big, n: 1 }), '{"timestamp":13264333200000001,"n":1}');
    assert.equal(exactJson([big, -big], 4), '[\n    13264333200000001,\n    -13264333200000001\n]');
    assert.equal(exactJson(big), '13264333200000001');
    // A double would have rounded it to even.
    assert.equal(JSON.stringify(Number(big)), '13264333200000000');
  });

  it('reads integers past 2^53 as BigInts, and leaves numbers in strings, fractions and exponents alone', () => {
    assert.deepEqual(parseExactJson('{"t":13264333200000001,"s":"13264333200000001","f":1.3264333200000001e16,"e":1e+13264333200000001,"x":0.13264333200000001}'), {
      t: 13264333200000001n, s: '13264333200000001', f: 13264333200000000, e: Infinity, x: 0.13264333200000001,
    });
    assert.deepEqual(parseExactJson('[-13264333200000001, 9007199254740991, "a\\"13264333200000001"]'), [-13264333200000001n, 9007199254740991, 'a"13264333200000001']);
    assert.throws(() => parseExactJson('{"t":13264333200000001'), SyntaxError);
  });

  it('without a BigInt, exactJson is JSON.stringify', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, 4), (v, indent) => assert.equal(exactJson(v, indent), JSON.stringify(v, null, indent))));
  });

  it('reads back what it wrote, BigInts and all', () => {
    fc.assert(fc.property(withBigInts, fc.constantFrom(undefined, 4), (v, indent) => assert.deepEqual(parseExactJson(exactJson(v, indent)), asRead(v))));
  });

  it('reads any JSON text as JSON.parse does, but for the digits of integers past 2^53', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v);
      assert.deepEqual(asNumber(parseExactJson(text)), JSON.parse(text));
    }));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      // Any text, JSON or not: the same value, or the same kind of error.
      let want: unknown;
      try {
        want = JSON.parse(s);
      } catch (e) {
        assert.throws(() => parseExactJson(s), (e as Error).constructor as typeof SyntaxError);
        return;
      }
      assert.deepEqual(asNumber(parseExactJson(s)), want);
    }));
  });

  it('keeps a phone\'s strings that look like its marks as they are', () => {
    const tricky = ['vigil-integer-0000000000000000:13264333200000001', '"13264333200000001"', '\\"', '\u0000'];
    assert.deepEqual(parseExactJson(exactJson({ tricky, t: 13264333200000001n })), { tricky, t: 13264333200000001n });
  });
});
