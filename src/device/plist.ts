// Property lists, binary (bplist00) and XML, parsed with bounds: every offset is checked, nesting
// is limited (binary plists can reference themselves), and a bad file is a typed error.
import { type PythonFloat, pythonReal } from '../core/index.ts';
import { DeviceError } from './errors.ts';
import { APPLE_SECONDS } from './time.ts';

/**
 * A real is a number, or a PythonFloat where JavaScript would write it unlike Python (3.0, 1e-05):
 * MVT keeps plistlib's floats, and vigil writes them as MVT does.
 */
export type PlistValue = string | number | PythonFloat | bigint | boolean | null | Date | Buffer | PlistValue[] | { [k: string]: PlistValue };
export type PlistDict = { [k: string]: PlistValue };

/** Whether a parsed value is a dictionary (not an array, date, data or UID-less scalar). */
export function isPlistDict(v: unknown): v is PlistDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v) && !(v instanceof Number);
}

/** Whether a parsed value is a number: an integer, or a real (a PythonFloat is a Number object). */
export const isPlistNumber = (v: unknown): v is number | PythonFloat => typeof v === 'number' || v instanceof Number;

export class PlistError extends DeviceError {
  constructor(msg: string, where?: string) {
    super('DEVICE_PLIST', `property list: ${msg}`, { where });
  }
}

const MAX_DEPTH = 64;
const APPLE_EPOCH = 978_307_200_000;

export function parsePlist(buf: Buffer, where?: string): PlistValue {
  if (buf.subarray(0, 8).toString('latin1') === 'bplist00') return parseBinary(buf, where);
  const text = buf.toString('utf8');
  if (/<plist[\s>]/.test(text)) return parseXml(text, where);
  throw new PlistError('neither a binary nor an XML property list', where);
}

function parseBinary(buf: Buffer, where?: string): PlistValue {
  if (buf.length < 40) throw new PlistError('truncated', where);
  const t = buf.length - 32;
  const offSize = buf[t + 6];
  const refSize = buf[t + 7];
  const count = Number(buf.readBigUInt64BE(t + 8));
  const top = Number(buf.readBigUInt64BE(t + 16));
  const tableAt = Number(buf.readBigUInt64BE(t + 24));
  if (![1, 2, 4, 8].includes(offSize) || ![1, 2, 4, 8].includes(refSize) || count < 1 || top >= count || tableAt + count * offSize > t) throw new PlistError('bad trailer', where);
  const uint = (at: number, size: number): number => {
    if (at < 0 || at + size > t) throw new PlistError('offset out of range', where);
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + buf[at + i];
    return n;
  };
  const offsetOf = (ref: number) => {
    if (ref >= count) throw new PlistError('object reference out of range', where);
    return uint(tableAt + ref * offSize, offSize);
  };
  const read = (ref: number, depth: number): PlistValue => {
    if (depth > MAX_DEPTH) throw new PlistError('nested too deeply', where);
    const at = offsetOf(ref);
    if (at >= t) throw new PlistError('object out of range', where);
    const marker = buf[at];
    const hi = marker >> 4;
    const lo = marker & 0x0f;
    let start = at + 1;
    const length = () => {
      if (lo !== 0x0f) return lo;
      const m = buf[start];
      if (m >> 4 !== 0x1) throw new PlistError('bad length', where);
      const size = 1 << (m & 0x0f);
      const n = uint(start + 1, size);
      start += 1 + size;
      return n;
    };
    switch (hi) {
      case 0x0:
        return marker === 0x08 ? false : marker === 0x09 ? true : null;
      case 0x1: {
        const size = 1 << lo;
        if (size === 8) {
          if (start + 8 > t) throw new PlistError('offset out of range', where);
          const big = buf.readBigInt64BE(start);
          return Number.isSafeInteger(Number(big)) ? Number(big) : big;
        }
        return uint(start, size);
      }
      case 0x2: {
        const size = 1 << lo;
        if (start + size > t || (size !== 4 && size !== 8)) throw new PlistError('bad real', where);
        return pythonReal(size === 4 ? buf.readFloatBE(start) : buf.readDoubleBE(start));
      }
      case 0x3: {
        if (start + 8 > t) throw new PlistError('offset out of range', where);
        const seconds = buf.readDoubleBE(start);
        return Object.assign(new Date(APPLE_EPOCH + seconds * 1000), { [APPLE_SECONDS]: seconds });
      }
      case 0x4: {
        const n = length();
        if (start + n > t) throw new PlistError('data out of range', where);
        return Buffer.from(buf.subarray(start, start + n));
      }
      case 0x5: {
        const n = length();
        if (start + n > t) throw new PlistError('string out of range', where);
        return buf.toString('latin1', start, start + n);
      }
      case 0x6: {
        const n = length();
        if (start + n * 2 > t) throw new PlistError('string out of range', where);
        return Buffer.from(buf.subarray(start, start + n * 2)).swap16().toString('utf16le');
      }
      case 0x8:
        // A UID (NSKeyedArchiver's object reference), shaped as its XML form so it is not taken for an integer.
        return { 'CF$UID': uint(start, lo + 1) };
      case 0xa: {
        const n = length();
        return Array.from({ length: n }, (_, i) => read(uint(start + i * refSize, refSize), depth + 1));
      }
      case 0xd: {
        const n = length();
        const out: Record<string, PlistValue> = Object.create(null);
        for (let i = 0; i < n; i++) {
          const k = read(uint(start + i * refSize, refSize), depth + 1);
          if (typeof k !== 'string') throw new PlistError('dictionary key is not a string', where);
          out[k] = read(uint(start + (n + i) * refSize, refSize), depth + 1);
        }
        return out;
      }
      default:
        throw new PlistError(`unknown object type 0x${hi.toString(16)}`, where);
    }
  };
  return read(top, 0);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]));

function parseXml(text: string, where?: string): PlistValue {
  const body = /<plist[^>]*>([\s\S]*)<\/plist>/.exec(text);
  if (!body) throw new PlistError('no <plist> element', where);
  const tokens = body[1].match(/<[^>]+>|[^<]+/g) ?? [];
  let i = 0;
  const next = () => {
    while (i < tokens.length && (/^\s+$/.test(tokens[i]) || tokens[i].startsWith('<!--') || tokens[i].startsWith('<?'))) i++;
    return tokens[i++];
  };
  const textUntil = (tag: string) => {
    let s = '';
    while (i < tokens.length && tokens[i] !== `</${tag}>`) s += tokens[i++];
    if (tokens[i++] !== `</${tag}>`) throw new PlistError(`unclosed <${tag}>`, where);
    return unescape(s);
  };
  const value = (depth: number): PlistValue => {
    if (depth > MAX_DEPTH) throw new PlistError('nested too deeply', where);
    const tok = next();
    if (tok === undefined) throw new PlistError('unexpected end', where);
    switch (tok) {
      case '<true/>': return true;
      case '<false/>': return false;
      case '<string/>': return '';
      case '<dict/>': return {};
      case '<array/>': return [];
      case '<string>': return textUntil('string');
      case '<integer>': {
        const s = textUntil('integer').trim();
        if (!/^-?\d+$/.test(s)) throw new PlistError(`bad integer ${JSON.stringify(s.slice(0, 20))}`, where);
        return Number.isSafeInteger(Number(s)) ? Number(s) : BigInt(s);
      }
      case '<real>': return pythonReal(Number(textUntil('real')));
      case '<date>': return new Date(textUntil('date').trim());
      case '<data>': return Buffer.from(textUntil('data').replace(/\s+/g, ''), 'base64');
      case '<array>': {
        const out: PlistValue[] = [];
        for (;;) {
          const save = i;
          if (next() === '</array>') return out;
          i = save;
          out.push(value(depth + 1));
        }
      }
      case '<dict>': {
        const out: Record<string, PlistValue> = Object.create(null);
        for (;;) {
          const k = next();
          if (k === '</dict>') return out;
          if (k !== '<key>') throw new PlistError(`expected <key>, found ${JSON.stringify(String(k).slice(0, 20))}`, where);
          out[textUntil('key')] = value(depth + 1);
        }
      }
      default:
        throw new PlistError(`unexpected ${JSON.stringify(tok.slice(0, 20))}`, where);
    }
  };
  return value(0);
}
