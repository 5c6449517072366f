// Python's floats in vigil's JSON: a real that MVT (Python) writes 3.0 or 1e-05 is written the
// same way, checked against Python itself; it reads back as a float, and survives a thread.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import fc from 'fast-check';
import { exactJson, parseExactJson, PythonFloat, pythonFloatText, pythonReal, revivePythonFloats } from '../../src/core/index.ts';

// Doubles of every kind: whole, tiny, huge, negative, subnormal, and the edges of Python's fixed notation.
const EDGES = [0, -0, 1, -1, 3, 62, 1000, 0.5, 0.1 + 0.2, 1e-4, 9.999e-5, 1e-5, 1e-7, 1e15, 9999999999999998, 1e16, 1.5e16, 1e21, 1e22, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2, 640000000.123456, Infinity, -Infinity, NaN];

describe('Python floats', () => {
  it('pythonFloatText gives what Python 3 repr() and json.dumps() give, for edge and random doubles', () => {
    const random = fc.sample(fc.double(), { numRuns: 2000, seed: 7 });
    const values = [...EDGES, ...random];
    // Each double passed exactly, as its hexadecimal form (float.fromhex reads it bit for bit).
    const hex = values.map((x) => (Number.isNaN(x) ? 'nan' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf') : hexOf(x)));
    const script = 'import sys, json\nfor line in sys.stdin:\n    x = float.fromhex(line.strip()) if line.strip() not in ("nan", "inf", "-inf") else float(line.strip())\n    print(repr(x) + "\\t" + json.dumps(x))';
    const out = execFileSync('python3', ['-c', script], { input: hex.join('\n') + '\n', encoding: 'utf8' }).trim().split('\n');
    assert.equal(out.length, values.length);
    values.forEach((x, i) => {
      const [repr, json] = out[i].split('\t');
      assert.equal(pythonFloatText(x), repr, `repr of ${hex[i]}`);
      assert.equal(pythonFloatText(x, true), json, `json of ${hex[i]}`);
    });
  });

  it('exactJson writes a PythonFloat as Python does, beside BigInts and in indented JSON; String() gives repr', () => {
    assert.equal(exactJson({ wifi_in: new PythonFloat(1000), n: 1000 }), '{"wifi_in":1000.0,"n":1000}');
    assert.equal(exactJson([new PythonFloat(1e-5), 13264333200000001n, new PythonFloat(NaN)], 4), '[\n    1e-05,\n    13264333200000001,\n    NaN\n]');
    assert.equal(`WIFI IN: ${new PythonFloat(50000)}`, 'WIFI IN: 50000.0');
    assert.equal(Number(new PythonFloat(62)) + 1, 63);
    assert.equal(`${new PythonFloat(62)}`, '62.0');
    // A string holding what looks like a float is a string still.
    assert.equal(exactJson({ s: '1000.0' }), '{"s":"1000.0"}');
  });

  it('pythonReal keeps a number JavaScript writes as Python does, and wraps the others', () => {
    assert.equal(pythonReal(0.5), 0.5);
    assert.equal(pythonReal(640000000.123456), 640000000.123456);
    for (const x of [3, 0, 1e-5, 1e16, Infinity]) assert.ok(pythonReal(x) instanceof PythonFloat, String(x));
  });

  it('reads floats back as floats only when asked, and writes them again byte for byte', () => {
    const text = '[{"a": 1000.0, "b": 7, "c": "2.0", "d": 1e-05, "e": NaN, "f": -Infinity, "g": 13264333200000001, "h": 0.5}]';
    assert.throws(() => parseExactJson(text), SyntaxError);
    const read = parseExactJson(text, { floats: true }) as Record<string, unknown>[];
    assert.ok(read[0].a instanceof PythonFloat);
    assert.equal(read[0].b, 7);
    assert.equal(read[0].c, '2.0');
    assert.equal(read[0].g, 13264333200000001n);
    assert.equal(exactJson(read).replaceAll(',', ', ').replaceAll(':', ': '), text);
    assert.deepEqual(parseExactJson('{"a": 1000.0}'), { a: 1000 });
    fc.assert(fc.property(fc.double(), (x) => {
      const back = parseExactJson(exactJson([new PythonFloat(x)]), { floats: true }) as PythonFloat[];
      assert.ok(back[0] instanceof PythonFloat);
      assert.ok(Object.is(back[0].valueOf(), x) || (x === 0 && back[0].valueOf() === 0));
    }));
  });

  it('a PythonFloat posted to another thread comes as a Number object, which revivePythonFloats makes one again', () => {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ alerts: [{ event: { wifi_in: new PythonFloat(1000), list: [new PythonFloat(2)], plain: 3, raw: Buffer.from('x') } }] });
    const got = receiveMessageOnPort(port2)!.message as { alerts: { event: Record<string, unknown> }[] };
    port1.close();
    assert.ok(!(got.alerts[0].event.wifi_in instanceof PythonFloat));
    assert.equal(exactJson(got.alerts[0].event.wifi_in), '1000');
    revivePythonFloats(got.alerts);
    assert.equal(exactJson(got.alerts[0].event), '{"wifi_in":1000.0,"list":[2.0],"plain":3,"raw":{"0":120}}');
  });
});

/** A double as Python's float.hex() reads it: sign, 0x1.<mantissa>p<exponent> (subnormals too). */
function hexOf(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0x0.0p+0' : '0x0.0p+0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${mantissa}p-1022` : `${sign}0x1.${mantissa}p${exp - 1023}`;
}
