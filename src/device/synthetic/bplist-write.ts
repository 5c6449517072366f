// A binary property-list writer for synthetic evidence (bplist00, as iOS writes Manifest.plist and the
// NSKeyedArchiver blobs in Manifest.db): strings, integers, reals, booleans, dates, data,
// arrays, dictionaries and UIDs ({ 'CF$UID': n }). 4-byte offsets and 4-byte references. A
// number with a fraction is written as a real, an integer as an integer; a PythonFloat (a Number
// object) as a real whatever its value, as iOS writes 1000.0.
import type { PythonFloat } from '../../core/index.ts';

export type BV = string | number | PythonFloat | bigint | boolean | Date | Buffer | BV[] | { [k: string]: BV };

const isUid = (v: BV): v is { 'CF$UID': number } => typeof v === 'object' && !(v instanceof Number) && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v) && Object.keys(v).length === 1 && typeof (v as Record<string, BV>)['CF$UID'] === 'number';

function marker(type: number, n: number): Buffer {
  if (n < 15) return Buffer.from([(type << 4) | n]);
  const len = Buffer.alloc(5);
  len[0] = 0x12;
  len.writeUInt32BE(n, 1);
  return Buffer.concat([Buffer.from([(type << 4) | 0x0f]), len]);
}

export function bplist(top: BV): Buffer {
  const objs: Buffer[] = [];
  const ref = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const add = (v: BV): number => {
    const at = objs.length;
    objs.push(Buffer.alloc(0));
    let enc: Buffer;
    if (typeof v === 'string') {
      enc = /^[\x00-\x7f]*$/.test(v) ? Buffer.concat([marker(0x5, v.length), Buffer.from(v, 'latin1')]) : Buffer.concat([marker(0x6, v.length), Buffer.from(v, 'utf16le').swap16()]);
    } else if ((typeof v === 'number' && !Number.isInteger(v)) || v instanceof Number) {
      enc = Buffer.alloc(9);
      enc[0] = 0x23;
      enc.writeDoubleBE(Number(v), 1);
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      enc = Buffer.alloc(9);
      enc[0] = 0x13;
      enc.writeBigInt64BE(BigInt(v), 1);
    } else if (typeof v === 'boolean') enc = Buffer.from([v ? 0x09 : 0x08]);
    else if (v instanceof Date) {
      enc = Buffer.alloc(9);
      enc[0] = 0x33;
      enc.writeDoubleBE((v.getTime() - 978_307_200_000) / 1000, 1);
    } else if (Buffer.isBuffer(v)) enc = Buffer.concat([marker(0x4, v.length), v]);
    else if (isUid(v)) {
      enc = Buffer.alloc(5);
      enc[0] = 0x83;
      enc.writeUInt32BE(v['CF$UID'], 1);
    } else if (Array.isArray(v)) {
      const refs = v.map(add);
      enc = Buffer.concat([marker(0xa, refs.length), ...refs.map(ref)]);
    } else {
      const keys = Object.keys(v).map(add);
      const vals = Object.values(v).map(add);
      enc = Buffer.concat([marker(0xd, keys.length), ...keys.map(ref), ...vals.map(ref)]);
    }
    objs[at] = enc;
    return at;
  };
  const topRef = add(top);
  const head = Buffer.from('bplist00', 'latin1');
  const table = Buffer.alloc(objs.length * 4);
  let pos = head.length;
  objs.forEach((o, i) => {
    table.writeUInt32BE(pos, i * 4);
    pos += o.length;
  });
  const trailer = Buffer.alloc(32);
  trailer[6] = 4;
  trailer[7] = 4;
  trailer.writeBigUInt64BE(BigInt(objs.length), 8);
  trailer.writeBigUInt64BE(BigInt(topRef), 16);
  trailer.writeBigUInt64BE(BigInt(pos), 24);
  return Buffer.concat([head, ...objs, table, trailer]);
}
