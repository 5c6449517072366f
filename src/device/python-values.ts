// Values read from property lists, made into what MVT's json.dump writes for them. MVT keeps
// parsed plists whole in some records (configuration profiles, locationd clients, applications)
// and its JSON encoder turns what JSON cannot hold into text: bytes decoded as UTF-8 with each
// undecodable byte written "\xNN" (Python's backslashreplace), and a datetime as Python's str()
// ("2021-05-03 07:30:00", microseconds only when there are some).
import { pythonFloatText } from '../core/index.ts';
import type { PlistValue } from './plist.ts';
import { mvtTimeOfDate } from './time.ts';

const strict = new TextDecoder('utf-8', { fatal: true });

/** The length of the valid UTF-8 sequence at i, or 0 (the rules TextDecoder applies: no overlongs, surrogates or values past U+10FFFF). */
function sequenceAt(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && b[j] >= lo && b[j] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c === 0xe0) return cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c === 0xed) return cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
  if (c === 0xf0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c === 0xf4) return cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

/** bytes.decode("utf-8", errors="backslashreplace"). */
export function pythonBytesText(b: Buffer): string {
  try {
    return strict.decode(b);
  } catch {
    let out = '';
    let i = 0;
    while (i < b.length) {
      const n = sequenceAt(b, i);
      if (n === 0) {
        out += `\\x${b[i].toString(16).padStart(2, '0')}`;
        i++;
      } else {
        out += b.toString('utf8', i, i + n);
        i += n;
      }
    }
    return out;
  }
}

/** str() of the naive datetime plistlib makes of a date. */
export function pythonDateText(d: Date): string | null {
  const t = mvtTimeOfDate(d);
  return t === null ? null : t.endsWith('.000000') ? t.slice(0, 19) : t;
}

/**
 * A parsed plist value as MVT's JSON holds it. An integer past 2^53 stays a BigInt, which vigil's
 * JSON writes with every digit (core's exactJson), as Python's int is written.
 */
export function pythonJson(v: PlistValue | undefined): unknown {
  if (v === undefined) return null;
  if (Buffer.isBuffer(v)) return pythonBytesText(v);
  if (v instanceof Date) return pythonDateText(v);
  if (Array.isArray(v)) return v.map(pythonJson);
  if (v instanceof Number) return v;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pythonJson(x)]));
  return v;
}

/** Bytes MVT encodes in base64 before writing (b64encode gives bytes, which its encoder writes as their text). */
export const base64Of = (v: PlistValue | undefined): PlistValue | undefined => (Buffer.isBuffer(v) ? v.toString('base64') : v);

/**
 * Python's quoting in the repr of a str, or of bytes read as latin1 (a character a byte): single
 * quotes unless the text holds one and no double quote; \\, the quote, \\t \\n \\r escaped; and
 * \\xNN for each character `plain` refuses.
 */
function quotedRepr(text: string, plain: (c: number) => boolean): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += plain(c) ? ch : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${q}${out}${q}`;
}

/** Python's repr() of the naive datetime plistlib gives: seconds and microseconds left out when zero. */
function dateRepr(d: Date): string {
  const t = mvtTimeOfDate(d);
  const m = t && /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})$/.exec(t);
  if (!m) return 'None';
  const [y, mo, day, h, mi, s, us] = m.slice(1).map(Number);
  const parts = [y, mo, day, h, mi, ...(s || us ? [s] : []), ...(us ? [us] : [])];
  return `datetime.datetime(${parts.join(', ')})`;
}

/**
 * Python's repr() of a value parsed from JSON or a property list, as MVT's str(dict) writes a
 * record into timeline text.
 */
export function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v instanceof Date) return dateRepr(v);
  if (v instanceof Uint8Array) return `b${quotedRepr(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1'), (c) => c >= 0x20 && c < 0x7f)}`;
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  if (v instanceof Number) return pythonFloatText(v.valueOf());
  if (typeof v === 'bigint') return String(v);
  // A str keeps every character but the control ones; bytes keep printable ASCII only.
  if (typeof v === 'string') return quotedRepr(v, (c) => c >= 0x20 && c !== 0x7f);
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
}
