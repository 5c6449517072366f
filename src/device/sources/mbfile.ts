// The MBFile record Manifest.db keeps per file (an NSKeyedArchiver archive): size, protection
// class, the wrapped file key of an encrypted backup, and the file's birth, modification and
// status-change times, which the triangle_check window reads.
import { DatabaseCorrupted } from '../errors.ts';
import { isPlistDict, isPlistNumber, parsePlist, type PlistValue } from '../plist.ts';
import { mvtTimeOfDate, mvtTimeOfUnix } from '../time.ts';

export interface MBFile {
  size?: number;
  protectionClass?: number;
  wrappedKey?: Buffer;
  birth?: string;
  lastModified?: string;
  lastStatusChange?: string;
  mode?: number;
  userId?: number;
}

// Unix seconds in recent backups; older iOS wrote dates.
const unix = (v: PlistValue | undefined) => (isPlistNumber(v) ? mvtTimeOfUnix(Number(v)) ?? undefined : v instanceof Date ? mvtTimeOfDate(v) ?? undefined : undefined);

export function parseMBFile(blob: Buffer, where: string): MBFile {
  const archive = parsePlist(blob, where);
  const objects = isPlistDict(archive) && Array.isArray(archive.$objects) ? archive.$objects : undefined;
  const deref = (v: PlistValue | undefined) => (isPlistDict(v) && typeof v['CF$UID'] === 'number' ? objects?.[v['CF$UID']] : v);
  const root = isPlistDict(archive) && isPlistDict(archive.$top) ? deref(archive.$top.root) : undefined;
  if (!isPlistDict(root)) throw new DatabaseCorrupted(where, 'file record is not an MBFile archive');
  const key = deref(root.EncryptionKey);
  const data = isPlistDict(key) ? key['NS.data'] : key;
  return {
    size: typeof root.Size === 'number' ? root.Size : undefined,
    protectionClass: typeof root.ProtectionClass === 'number' ? root.ProtectionClass : undefined,
    wrappedKey: Buffer.isBuffer(data) ? data : undefined,
    birth: unix(root.Birth),
    lastModified: unix(root.LastModified),
    lastStatusChange: unix(root.LastStatusChange),
    mode: typeof root.Mode === 'number' ? root.Mode : undefined,
    userId: typeof root.UserID === 'number' ? root.UserID : undefined,
  };
}
