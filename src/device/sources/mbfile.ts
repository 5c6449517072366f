// The MBFile record Manifest.db keeps per file (an NSKeyedArchiver archive): size, protection
// class, the wrapped file key of an encrypted backup, and the file's birth, modification and
// status-change times, which the triangle_check window reads.
import { DatabaseCorrupted } from '../errors.ts';
import { parsePlist, type PlistValue } from '../plist.ts';

export interface MBFile {
  size?: number;
  protectionClass?: number;
  wrappedKey?: Buffer;
  birth?: string;
  lastModified?: string;
  lastStatusChange?: string;
}

type Dict = Record<string, PlistValue>;
const isDict = (v: PlistValue | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
const unix = (v: PlistValue | undefined) => (typeof v === 'number' && v > 0 && v < 4e9 ? new Date(v * 1000).toISOString() : undefined);

export function parseMBFile(blob: Buffer, where: string): MBFile {
  const archive = parsePlist(blob, where);
  const objects = isDict(archive) && Array.isArray(archive.$objects) ? archive.$objects : undefined;
  const deref = (v: PlistValue | undefined) => (isDict(v) && typeof v['CF$UID'] === 'number' ? objects?.[v['CF$UID']] : v);
  const root = isDict(archive) && isDict(archive.$top) ? deref(archive.$top.root) : undefined;
  if (!isDict(root)) throw new DatabaseCorrupted(where, 'file record is not an MBFile archive');
  const key = deref(root.EncryptionKey);
  const data = isDict(key) ? key['NS.data'] : key;
  return {
    size: typeof root.Size === 'number' ? root.Size : undefined,
    protectionClass: typeof root.ProtectionClass === 'number' ? root.ProtectionClass : undefined,
    wrappedKey: Buffer.isBuffer(data) ? data : undefined,
    birth: unix(root.Birth),
    lastModified: unix(root.LastModified),
    lastStatusChange: unix(root.LastStatusChange),
  };
}
