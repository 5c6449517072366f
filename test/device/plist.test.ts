// Property lists: XML and binary, every type; hostile files (self-reference, __proto__, random
// bytes, mutations) give values or typed errors only, and never hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePlist, PlistError } from '../../src/device/index.ts';
import { VigilError } from '../../src/core/index.ts';
import { bplist } from '../../src/device/synthetic/index.ts';

describe('plist parser', () => {
  it('reads every XML type, with entities', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE plist><plist version="1.0"><dict>
      <key>s</key><string>a &amp; b &lt;c&gt; &#233;</string><key>i</key><integer>-42</integer><key>r</key><real>2.5</real>
      <key>t</key><true/><key>f</key><false/><key>d</key><date>2021-05-03T07:30:00Z</date><key>b</key><data>aGk=</data>
      <key>a</key><array><string>x</string><array/><dict/></array><key>e</key><string/></dict></plist>`;
    const v = parsePlist(Buffer.from(xml)) as Record<string, unknown>;
    assert.equal(v.s, 'a & b <c> é');
    assert.equal(v.i, -42);
    assert.equal(v.r, 2.5);
    assert.equal(v.t, true);
    assert.equal(v.f, false);
    assert.equal((v.d as Date).toISOString(), '2021-05-03T07:30:00.000Z');
    assert.equal((v.b as Buffer).toString(), 'hi');
    assert.deepEqual(JSON.parse(JSON.stringify(v.a)), ['x', [], {}]);
    assert.equal(v.e, '');
  });

  it('reads binary plists', () => {
    const v = parsePlist(bplist({ PayloadUUID: 'ABC', n: 5, ok: true, list: [1, 'y', false] })) as Record<string, unknown>;
    assert.deepEqual(JSON.parse(JSON.stringify(v)), { PayloadUUID: 'ABC', n: 5, ok: true, list: [1, 'y', false] });
  });

  it('refuses a binary plist that contains itself, instead of recursing forever', () => {
    const b = bplist([1]);
    // Point the array's only element back at the array itself.
    const arrayAt = b.indexOf(0xa1, 8);
    b.writeUInt32BE(0, arrayAt + 1);
    assert.throws(() => parsePlist(b), (e: unknown) => e instanceof PlistError && /nested too deeply/.test(e.message));
  });

  it('keeps a __proto__ key as data', () => {
    const v = parsePlist(Buffer.from('<plist><dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict></plist>')) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.hasOwn(v, '__proto__'));
  });

  const typedOnly = (buf: Buffer) => {
    try {
      parsePlist(buf);
    } catch (e) {
      if (!(e instanceof VigilError)) throw e;
    }
  };

  it('fuzz: random bytes and mutated binary plists give typed errors only', () => {
    const base = bplist({ a: 'x', b: [1, 2, { c: true }], d: 'long enough' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => typedOnly(Buffer.concat([Buffer.from('bplist00'), Buffer.from(bytes)]))), { numRuns: 1000 });
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
      const b = Buffer.from(base);
      for (const [at, v] of edits) b[at] = v;
      typedOnly(b);
    }), { numRuns: 2000 });
  });

  it('fuzz: mutated XML plists give typed errors only', () => {
    const base = '<plist version="1.0"><dict><key>a</key><array><string>x</string><integer>1</integer></array><key>b</key><true/></dict></plist>';
    fc.assert(fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 8 }), (cut, at, ins) => {
      typedOnly(Buffer.from(base.slice(0, at) + ins + base.slice(Math.min(base.length, at + (cut % 10)))));
    }), { numRuns: 2000 });
  });
});
