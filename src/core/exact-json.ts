// JSON whose integers keep every digit. A phone's databases hold integers past 2^53 (Chrome counts
// microseconds since 1601: 13,3xx,xxx,xxx,xxx,xxx,xxx), which a JavaScript number rounds; MVT, in
// Python, writes them exactly. Such a value is carried as a BigInt (threads pass BigInts on
// intact) and written as its digits; reading saved results back keeps them the same way.
import crypto from 'node:crypto';

// Stands for a BigInt inside the text while JSON.stringify runs. Random for each process, so no
// string a phone holds can pass for one.
const MARK = `vigil-integer-${crypto.randomBytes(8).toString('hex')}:`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, 'g');

const isBigIntError = (e: unknown) => e instanceof TypeError && /BigInt/.test(e.message);

/** JSON.stringify(value, null, indent), with each BigInt written as its digits. */
export function exactJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (e) {
    // Most values hold no BigInt: only these pay for the replacer, which takes V8 off its fast path.
    if (!isBigIntError(e)) throw e;
  }
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v), indent).replace(MARKED, '$1');
}

// A string literal (skipped as it is), or an integer of 16 digits or more standing alone as a value.
const LITERALS = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g;

/** JSON.parse, with each integer a number cannot hold exactly read as a BigInt. */
export function parseExactJson(text: string): unknown {
  // Long runs of digits are rare: text without one is parsed as JSON.parse alone would.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let marked = false;
  const quoted = text.replace(LITERALS, (token) => {
    if (token.startsWith('"') || Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${MARK}${token}"`;
  });
  if (!marked) return JSON.parse(text);
  return unmark(JSON.parse(quoted));
}

const isMarked = (v: unknown): v is string => typeof v === 'string' && v.startsWith(MARK);

/**
 * The marked strings of a parsed value as BigInts, in place. A walk rather than JSON.parse's
 * reviver, which calls back for every value and read sms.json back at half the speed.
 */
function unmark(v: unknown): unknown {
  if (isMarked(v)) return BigInt(v.slice(MARK.length));
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (isMarked(v[i]) || (v[i] && typeof v[i] === 'object')) v[i] = unmark(v[i]);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (isMarked(x)) Object.defineProperty(o, k, { value: unmark(x), enumerable: true, writable: true, configurable: true });
      else if (x && typeof x === 'object') unmark(x);
    }
  }
  return v;
}
