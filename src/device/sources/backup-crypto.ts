// The cryptography of an encrypted iOS backup, as iOS does it: the keybag in Manifest.plist holds
// class keys wrapped (RFC 3394) with a key derived from the password (PBKDF2-SHA256 with DPSL/DPIC,
// then PBKDF2-SHA1 with SALT/ITER; older keybags have only the second step). Each file has its own
// key, wrapped with its protection class's key; contents are AES-256-CBC with a zero IV.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DeviceError, WrongPassword } from '../errors.ts';

export interface ClassKey {
  clas: number;
  wrap: number;
  ktyp?: number;
  wpky: Buffer;
}

export interface Keybag {
  type?: number;
  salt: Buffer;
  iter: number;
  dpsl?: Buffer;
  dpic?: number;
  classKeys: ClassKey[];
}

const WRAP_PASSCODE = 2;
const RFC3394_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

export class KeybagError extends DeviceError {
  constructor(detail: string, where?: string) {
    super('DEVICE_KEYBAG', `backup keybag: ${detail}`, { where });
  }
}

/** The keybag's TLV records (4-byte tag, 4-byte big-endian length): top-level fields, then one group per class key, each starting at UUID. */
export function parseKeybag(buf: Buffer, where?: string): Keybag {
  const top: Record<string, Buffer> = {};
  const classKeys: ClassKey[] = [];
  let current: Record<string, Buffer> | undefined;
  let uuids = 0;
  const flush = () => {
    if (current?.CLAS && current.WPKY) classKeys.push({ clas: current.CLAS.readUInt32BE(0), wrap: current.WRAP?.readUInt32BE(0) ?? 0, ktyp: current.KTYP?.readUInt32BE(0), wpky: current.WPKY });
  };
  for (let at = 0; at < buf.length; ) {
    if (at + 8 > buf.length) throw new KeybagError('truncated record', where);
    const tag = buf.toString('latin1', at, at + 4);
    const len = buf.readUInt32BE(at + 4);
    if (at + 8 + len > buf.length) throw new KeybagError(`record ${JSON.stringify(tag)} runs past the end`, where);
    const value = buf.subarray(at + 8, at + 8 + len);
    at += 8 + len;
    if (tag === 'UUID') {
      // The first UUID is the keybag's own; each later one opens a class key.
      if (uuids++ === 0) continue;
      flush();
      current = {};
    } else if (current) current[tag] = value;
    else top[tag] = value;
  }
  flush();
  const int = (b?: Buffer) => (b && b.length >= 4 ? b.readUInt32BE(b.length - 4) : undefined);
  if (!top.SALT || int(top.ITER) === undefined) throw new KeybagError('no SALT or ITER', where);
  if (classKeys.length === 0) throw new KeybagError('no class keys', where);
  return { type: int(top.TYPE), salt: top.SALT, iter: int(top.ITER)!, dpsl: top.DPSL, dpic: int(top.DPIC), classKeys };
}

const pbkdf2 = (pw: Buffer | string, salt: Buffer, iter: number, digest: string) =>
  new Promise<Buffer>((resolve, reject) => crypto.pbkdf2(pw, salt, iter, 32, digest, (e, k) => (e ? reject(e) : resolve(k))));

export async function passcodeKey(kb: Keybag, password: string): Promise<Buffer> {
  const first = kb.dpsl && kb.dpic ? await pbkdf2(password, kb.dpsl, kb.dpic, 'sha256') : Buffer.from(password, 'utf8');
  return pbkdf2(first, kb.salt, kb.iter, 'sha1');
}

/** RFC 3394 key unwrap; undefined when the integrity check fails (wrong key). */
export function aesUnwrap(kek: Buffer, wrapped: Buffer): Buffer | undefined {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) return undefined;
  try {
    const d = crypto.createDecipheriv(`id-aes${kek.length * 8}-wrap`, kek, RFC3394_IV);
    return Buffer.concat([d.update(wrapped), d.final()]);
  } catch {
    return undefined;
  }
}

export function aesWrap(kek: Buffer, key: Buffer): Buffer {
  const c = crypto.createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, RFC3394_IV);
  return Buffer.concat([c.update(key), c.final()]);
}

/** The class keys, unwrapped with the password; WrongPassword if none unwraps. */
export async function unlockKeybag(kb: Keybag, password: string, where: string): Promise<Map<number, Buffer>> {
  const kek = await passcodeKey(kb, password);
  const keys = new Map<number, Buffer>();
  for (const ck of kb.classKeys) {
    if (!(ck.wrap & WRAP_PASSCODE)) continue;
    const k = aesUnwrap(kek, ck.wpky);
    if (!k) throw new WrongPassword(where);
    keys.set(ck.clas, k);
  }
  if (keys.size === 0) throw new KeybagError('no class key is protected by the password', where);
  return keys;
}

/** A wrapped key as iOS stores it: 4-byte little-endian protection class, then the RFC 3394 blob. */
export function unwrapClassed(classKeys: Map<number, Buffer>, blob: Buffer, where: string, protectionClass?: number): Buffer {
  if (blob.length < 28) throw new KeybagError('wrapped key too short', where);
  // A file's MBFile record names its class too; where both are there, the record's is used, as iOS tools do.
  const clas = protectionClass ?? blob.readUInt32LE(0);
  const ck = classKeys.get(clas);
  if (!ck) throw new KeybagError(`no key for protection class ${clas}`, where);
  const key = aesUnwrap(ck, blob.subarray(4));
  if (!key) throw new KeybagError(`the key does not unwrap with class ${clas}`, where);
  return key;
}

/** iOS backups encrypt with AES-256-CBC and a zero IV; padding is handled by the callers. */
function zeroIvDecipher(key: Buffer): crypto.Decipher {
  const d = crypto.createDecipheriv('aes-256-cbc', key, Buffer.alloc(16));
  d.setAutoPadding(false);
  return d;
}

/** The length without PKCS#7 padding, given the last block; the whole length when the block is not padding. */
function unpaddedLength(lastBlock: Buffer, length: number): number {
  const pad = lastBlock.length > 0 ? lastBlock[lastBlock.length - 1] : 0;
  return pad >= 1 && pad <= 16 && pad <= lastBlock.length && lastBlock.subarray(lastBlock.length - pad).every((b) => b === pad) ? length - pad : length;
}

/** AES-256-CBC with a zero IV; cut to the recorded size, else PKCS#7 padding removed when present. */
export function decryptContent(key: Buffer, data: Buffer, size?: number): Buffer {
  if (data.length % 16 !== 0) throw new DeviceError('DEVICE_DECRYPT', `encrypted file length ${data.length} is not a multiple of 16`);
  const d = zeroIvDecipher(key);
  const plain = Buffer.concat([d.update(data), d.final()]);
  if (size !== undefined && size <= plain.length) return plain.subarray(0, size);
  return plain.subarray(0, unpaddedLength(plain.subarray(-16), plain.length));
}

/** The encrypted Manifest.db: decrypted without guessing at padding; the SQLite header tells its true length. */
export function decryptSqlite(key: Buffer, data: Buffer): Buffer {
  const d = zeroIvDecipher(key);
  const plain = Buffer.concat([d.update(data.subarray(0, data.length - (data.length % 16))), d.final()]);
  if (plain.length < 100 || plain.toString('latin1', 0, 15) !== 'SQLite format 3') throw new DeviceError('DEVICE_DECRYPT', 'Manifest.db does not decrypt to an SQLite database');
  const raw = plain.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = plain.readUInt32BE(28);
  const len = pageSize * pages;
  return len > 0 && len <= plain.length ? plain.subarray(0, len) : plain;
}

/** decryptContent for files of any size: streamed to dest (0600), then cut the same way. */
export async function decryptToFile(key: Buffer, src: string, dest: string, size?: number): Promise<void> {
  const length = fs.statSync(src).size;
  if (length % 16 !== 0) throw new DeviceError('DEVICE_DECRYPT', `encrypted file length ${length} is not a multiple of 16`, { where: src });
  await pipeline(fs.createReadStream(src), zeroIvDecipher(key), fs.createWriteStream(dest, { mode: 0o600 }));
  if (size !== undefined && size <= length) return fs.truncateSync(dest, size);
  if (length === 0) return;
  const tail = Buffer.alloc(16);
  const fd = fs.openSync(dest, 'r');
  fs.readSync(fd, tail, 0, 16, length - 16);
  fs.closeSync(fd);
  const cut = unpaddedLength(tail, length);
  if (cut < length) fs.truncateSync(dest, cut);
}
