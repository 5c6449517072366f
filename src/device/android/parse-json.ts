// AndroidQF's JSON files: packages.json (apps, their APK files' hashes and signing certificates)
// and files.json (the file listing with hashes). Read defensively: a field of the wrong type is
// dropped, a file that is not JSON of the expected shape is one typed error.
import { parseUtc } from '../../core/index.ts';
import { DeviceError } from '../errors.ts';
import { mvtTimeOfDate, mvtTimeOfUnix } from '../time.ts';

export class CollectionError extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_COLLECTION', `${where}: ${detail}`, { where, hint: 'the collection may be truncated: collect again with AndroidQF' });
  }
}

export interface PackageFile {
  path: string;
  sha256?: string;
  certificate?: { Md5?: string; Sha1?: string; Sha256?: string };
}

export interface PackageRecord {
  name: string;
  installer: string | null;
  uid?: number;
  disabled: boolean;
  system: boolean;
  third_party: boolean;
  files: PackageFile[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** JSON as a list: AndroidQF writes one array, older versions one object per line. */
export function jsonList(text: string, where: string): unknown[] {
  const t = text.trim();
  if (t === '') return [];
  try {
    const v = JSON.parse(t);
    if (Array.isArray(v)) return v;
    if (v && typeof v === 'object') return [v];
  } catch {
    const lines = t.split(/\r?\n/).filter((l) => l.trim());
    try {
      return lines.map((l) => JSON.parse(l));
    } catch {
      throw new CollectionError(where, 'not JSON');
    }
  }
  throw new CollectionError(where, 'expected a list of objects');
}

/** The packages of packages.json as AndroidQF wrote them (MVT keeps them so): objects with a name. */
export function packageObjects(text: string, where = 'packages.json'): Record<string, unknown>[] {
  return jsonList(text, where).filter((p): p is Record<string, unknown> => !!p && typeof p === 'object' && !Array.isArray(p) && typeof (p as { name?: unknown }).name === 'string');
}

export function parsePackagesJson(text: string, where = 'packages.json'): PackageRecord[] {
  return packageObjects(text, where).map(packageRecord);
}

/** The fields of a package that checks read, each of its type or left out. */
export function packageRecord(o: Record<string, unknown>): PackageRecord {
  const files = Array.isArray(o.files) ? o.files : [];
  return {
    name: o.name as string,
    installer: str(o.installer) && o.installer !== 'null' ? (o.installer as string) : null,
    uid: typeof o.uid === 'number' ? o.uid : undefined,
    disabled: o.disabled === true,
    system: o.system === true,
    third_party: o.third_party === true,
    files: files.flatMap((f) => {
      if (!f || typeof f !== 'object' || typeof (f as { path?: unknown }).path !== 'string') return [];
      const r = f as Record<string, unknown>;
      const c = r.certificate && typeof r.certificate === 'object' ? (r.certificate as Record<string, unknown>) : undefined;
      return [{ path: r.path as string, sha256: str(r.sha256), certificate: c ? { Md5: str(c.Md5), Sha1: str(c.Sha1), Sha256: str(c.Sha256) } : undefined }];
    }),
  };
}

export interface FileRecord {
  path: string;
  size?: number;
  mode?: string;
  sha256?: string;
  modified_time?: string | null;
}

// Numbers are epoch seconds, or milliseconds when that large.
const isoOf = (v: unknown): string | null =>
  typeof v === 'number' ? mvtTimeOfUnix(v > 1e11 ? v / 1000 : v) : typeof v === 'string' ? mvtTimeOfDate(new Date(parseUtc(v))) : null;

export function parseFilesJson(text: string, where = 'files.json'): FileRecord[] {
  return jsonList(text, where).flatMap((f) => {
    if (!f || typeof f !== 'object' || typeof (f as { path?: unknown }).path !== 'string') return [];
    const o = f as Record<string, unknown>;
    return [{ path: o.path as string, size: typeof o.size === 'number' ? o.size : undefined, mode: str(o.mode), sha256: str(o.sha256), modified_time: isoOf(o.modified_time) }];
  });
}
