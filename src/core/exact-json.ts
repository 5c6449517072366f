// JSON whose integers keep every digit. A phone's databases hold integers past 2^53 (Chrome counts
// microseconds since 1601: 13,3xx,xxx,xxx,xxx,xxx,xxx), which a JavaScript number rounds; MVT, in
// Python, writes them exactly. Such a value is carried as a BigInt (threads pass BigInts on
// intact) and written as its digits; reading saved results back keeps them the same way.
// Likewise a real (SQLite's REAL, a plist's <real>) is a float to Python, which writes 3.0 where
// JavaScript writes 3 and 1e-05 where it writes 0.00001: such a value is carried as a PythonFloat.
import crypto from 'node:crypto';

// Stands for a BigInt or a float's text inside the text while JSON.stringify runs. Random for each process, so no
// string a phone holds can pass for one.
const MARK = `vigil-integer-${crypto.randomBytes(8).toString('hex')}:`;
// What a mark may stand for: an integer's digits, or a float's text (digits, a point, an
// exponent, or Python's NaN, Infinity and -Infinity).
const MARKED = new RegExp(`"${MARK}([-+.\\dEINaefinty]+)"`, 'g');

/**
 * Python's repr() of a float, which its json.dump writes too (there NaN, Infinity and -Infinity
 * for nan, inf and -inf): the shortest digits that read back as the same double, as JavaScript
 * finds them, laid out as Python does: fixed with at least one decimal from 1e-4 up to 1e16, an
 * exponent of at least two digits outside.
 */
export function pythonFloatText(x: number, json = false): string {
  if (Number.isNaN(x)) return json ? 'NaN' : 'nan';
  if (!Number.isFinite(x)) return (x < 0 ? '-' : '') + (json ? 'Infinity' : 'inf');
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // The common case (a whole count or time), without the exponent's detour.
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const [mantissa, power] = x.toExponential().split('e');
  const exp = Number(power);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exp < -4 || exp >= 16) return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${digits.slice(exp + 1) || '0'}`;
}

/**
 * A number Python holds as a float. Arithmetic and Number() see its value; a template or String()
 * gets Python's text, and exactJson writes that text. A thread it is posted to gets a plain
 * Number object (structured cloning keeps a Number object's value, not its class):
 * revivePythonFloats makes it one again.
 */
export class PythonFloat extends Number {
  override toString(): string {
    return pythonFloatText(this.valueOf());
  }
  toJSON(): string {
    floatsMarked++;
    return `${MARK}${pythonFloatText(this.valueOf(), true)}`;
  }
}

// How many PythonFloats JSON.stringify has marked: exactJson looks for marks only when it moved,
// where looking through every text measured half a second over Safari's 500k visits.
let floatsMarked = 0;

/** Whether JavaScript writes the number as Python writes the same float: a fraction, in fixed notation both ways. */
const writtenAlike = (x: number) => !Number.isInteger(x) && Math.abs(x) >= 1e-4 && Math.abs(x) < 1e16;

/** A real as Python holds it: a PythonFloat where JavaScript would write it otherwise, the number itself where alike. */
export const pythonReal = (x: number): number | PythonFloat => (writtenAlike(x) ? x : new PythonFloat(x));

/**
 * `v` with each value `isLeaf` picks replaced by `replace(value)`, in place (a leaf may itself be
 * an object: it is tested before it is walked into); returns the value. A walk rather than
 * JSON.parse's reviver, which calls back for every value and read sms.json back at half the speed.
 * Replaced by definition, not assignment: a key `__proto__` parsed from JSON is an own property.
 */
function replaceInPlace<T>(v: unknown, isLeaf: (x: unknown) => x is T, replace: (x: T) => unknown): unknown {
  if (isLeaf(v)) return replace(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (isLeaf(v[i]) || (v[i] && typeof v[i] === 'object')) v[i] = replaceInPlace(v[i], isLeaf, replace);
  } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (isLeaf(x)) Object.defineProperty(o, k, { value: replace(x), enumerable: true, writable: true, configurable: true });
      else if (x && typeof x === 'object') replaceInPlace(x, isLeaf, replace);
    }
  }
  return v;
}

const isPlainNumberObject = (v: unknown): v is Number => v instanceof Number && !(v instanceof PythonFloat);

/** Number objects (what posting to a thread makes of a PythonFloat) made PythonFloats again, in place; returns the value. */
export const revivePythonFloats = (v: unknown): unknown => replaceInPlace(v, isPlainNumberObject, (n) => new PythonFloat(n.valueOf()));

const isBigIntError = (e: unknown) => e instanceof TypeError && /BigInt/.test(e.message);

/** JSON.stringify(value, null, indent), with each BigInt written as its digits and each PythonFloat as Python writes it. */
export function exactJson(value: unknown, indent?: number): string {
  const marked = floatsMarked;
  let text: string;
  try {
    text = JSON.stringify(value, null, indent);
  } catch (e) {
    // Most values hold no BigInt: only these pay for the replacer, which takes V8 off its fast path.
    if (!isBigIntError(e)) throw e;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v), indent).replace(MARKED, '$1');
  }
  return floatsMarked === marked ? text : text.replace(MARKED, '$1');
}

// A string literal (skipped as it is), or an integer of 16 digits or more standing alone as a value.
const LITERALS = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g;
// The same, and every number with a point or an exponent, and Python's NaN and Infinity.
const WITH_FLOATS = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|-?Infinity|NaN)(?![\w.])/g;
const FLOAT = 'f';

/**
 * JSON.parse, with each integer a number cannot hold exactly read as a BigInt. With `floats`
 * (results MVT or vigil wrote, read back to be written again), each number written as a float
 * (a point or an exponent: Python's 3.0) is read as a PythonFloat, and Python's NaN and Infinity
 * are read too.
 */
export function parseExactJson(text: string, { floats = false } = {}): unknown {
  // Long runs of digits are rare: text without one is parsed as JSON.parse alone would.
  if (!(floats ? /\d[.eE]|NaN|Infinity|\d{16}/ : /\d{16}/).test(text)) return JSON.parse(text);
  let marked = false;
  const quoted = text.replace(floats ? WITH_FLOATS : LITERALS, (token) => {
    if (token.startsWith('"')) return token;
    if (/[.eEIN]/.test(token)) {
      marked = true;
      return `"${MARK}${FLOAT}${token}"`;
    }
    if (Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${MARK}${token}"`;
  });
  if (!marked) return JSON.parse(text);
  return unmark(JSON.parse(quoted));
}

const isMarked = (v: unknown): v is string => typeof v === 'string' && v.startsWith(MARK);
const unmarked = (v: string) => (v[MARK.length] === FLOAT ? new PythonFloat(Number(v.slice(MARK.length + 1))) : BigInt(v.slice(MARK.length)));

/** The marked strings of a parsed value as BigInts or PythonFloats, in place. */
const unmark = (v: unknown): unknown => replaceInPlace(v, isMarked, unmarked);
