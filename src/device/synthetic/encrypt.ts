// Turns a plain fixture backup into its encrypted twin, the way iOS writes one: a keybag with
// class keys wrapped by the password-derived key, a random key per file wrapped by its class key,
// file contents and Manifest.db in AES-256-CBC (zero IV), MBFile records as NSKeyedArchiver blobs.
// Iteration counts are small so tests stay fast; the reader takes them from the keybag as iOS sets them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { aesWrap } from '../sources/backup-crypto.ts';
import { parseMBFile } from '../sources/mbfile.ts';
import { msOfMvtTime } from '../time.ts';
import { bplist } from './bplist-write.ts';

const tlv = (tag: string, value: Buffer | number) => {
  const v = typeof value === 'number' ? Buffer.from([0, 0, 0, 0].map((_, i) => (value >>> (24 - 8 * i)) & 0xff)) : value;
  const h = Buffer.alloc(8);
  h.write(tag, 0, 'latin1');
  h.writeUInt32BE(v.length, 4);
  return Buffer.concat([h, v]);
};

const encrypt = (key: Buffer, data: Buffer) => {
  const c = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  return Buffer.concat([c.update(data), c.final()]);
};

const classed = (clas: number, wrapped: Buffer) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(clas);
  return Buffer.concat([b, wrapped]);
};

export interface MBFileTimes {
  birth?: number;
  lastModified?: number;
  lastStatusChange?: number;
}

/** An MBFile record as Manifest.db stores it: unix times, size, protection class, and the wrapped key if encrypted. */
export function mbFileBlob(size: number, times: MBFileTimes, wrappedKey?: Buffer, protectionClass = 3): Buffer {
  const t = { Birth: times.birth ?? 1_617_000_000, LastModified: times.lastModified ?? 1_617_000_000, LastStatusChange: times.lastStatusChange ?? 1_617_000_000 };
  const file = { $class: { 'CF$UID': wrappedKey ? 3 : 2 }, Size: size, ProtectionClass: protectionClass, Mode: 33188, UserID: 501, ...t, ...(wrappedKey ? { EncryptionKey: { 'CF$UID': 2 } } : {}) };
  const classOf = { $classname: 'MBFile', $classes: ['MBFile', 'NSObject'] };
  return bplist({
    $version: 100000,
    $archiver: 'NSKeyedArchiver',
    $top: { root: { 'CF$UID': 1 } },
    $objects: wrappedKey
      ? ['$null', file, { 'NS.data': wrappedKey, $class: { 'CF$UID': 4 } }, classOf, { $classname: 'NSMutableData', $classes: ['NSMutableData', 'NSData', 'NSObject'] }]
      : ['$null', file, classOf],
  });
}

/** Writes the encrypted twin of the plain backup at plain into out. */
export function encryptBackup(plain: string, out: string, password: string, opts: { dpic?: number; iter?: number } = {}): string {
  const dpsl = crypto.randomBytes(20);
  const salt = crypto.randomBytes(20);
  const dpic = opts.dpic ?? 1000;
  const iter = opts.iter ?? 1000;
  const kek = crypto.pbkdf2Sync(crypto.pbkdf2Sync(password, dpsl, dpic, 32, 'sha256'), salt, iter, 32, 'sha1');
  const classKeys = new Map([1, 2, 3, 4].map((c) => [c, crypto.randomBytes(32)]));
  const keybag = Buffer.concat([
    tlv('VERS', 4), tlv('TYPE', 1), tlv('UUID', crypto.randomBytes(16)), tlv('HMCK', crypto.randomBytes(40)), tlv('WRAP', 0),
    tlv('SALT', salt), tlv('ITER', iter), tlv('DPWT', 1), tlv('DPIC', dpic), tlv('DPSL', dpsl),
    ...[...classKeys].flatMap(([c, k]) => [tlv('UUID', crypto.randomBytes(16)), tlv('CLAS', c), tlv('WRAP', 2), tlv('KTYP', 0), tlv('WPKY', aesWrap(kek, k))]),
  ]);
  fs.mkdirSync(out, { recursive: true });
  const manifestCopy = path.join(out, 'Manifest.plain.db');
  fs.copyFileSync(path.join(plain, 'Manifest.db'), manifestCopy);
  const db = new Database(manifestCopy);
  const rows = db.prepare('SELECT fileID, file FROM Files').all() as { fileID: string; file: Buffer | null }[];
  const set = db.prepare('UPDATE Files SET file = ? WHERE fileID = ?');
  const secs = (text?: string) => (text ? msOfMvtTime(text) / 1000 : undefined);
  for (const { fileID, file } of rows) {
    const src = path.join(plain, fileID.slice(0, 2), fileID);
    if (!fs.existsSync(src)) continue;
    const data = fs.readFileSync(src);
    const key = crypto.randomBytes(32);
    const clas = 3;
    fs.mkdirSync(path.join(out, fileID.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(out, fileID.slice(0, 2), fileID), encrypt(key, data));
    const plainRecord = file ? parseMBFile(file, fileID) : {};
    const times = { birth: secs(plainRecord.birth), lastModified: secs(plainRecord.lastModified), lastStatusChange: secs(plainRecord.lastStatusChange) };
    set.run(mbFileBlob(data.length, times, classed(clas, aesWrap(classKeys.get(clas)!, key)), clas), fileID);
  }
  db.close();
  const manifestKey = crypto.randomBytes(32);
  fs.writeFileSync(path.join(out, 'Manifest.db'), encrypt(manifestKey, fs.readFileSync(manifestCopy)));
  fs.rmSync(manifestCopy);
  fs.writeFileSync(path.join(out, 'Manifest.plist'), bplist({ IsEncrypted: true, BackupKeyBag: keybag, ManifestKey: classed(4, aesWrap(classKeys.get(4)!, manifestKey)), Version: '10.0', Lockdown: { ProductVersion: '14.5' } }));
  for (const f of ['Info.plist', 'Status.plist']) fs.copyFileSync(path.join(plain, f), path.join(out, f));
  return out;
}
