// AndroidQF's JSON files: packages.json (apps, their APK files' hashes and signing certificates)
// and files.json (the file listing with hashes). Read defensively: a field of the wrong type is
// dropped, a file that is not JSON of the expected shape is one typed error.
import { parseUtc } from '../../core/index.ts';
import { DeviceError } from '../errors.ts';
import { mvtTimeOfDate, mvtWallTimeOfUnix } from '../time.ts';

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

/**
 * The list under `key` in one of recent AndroidQF's manifests (a JSON object of `schema_version` 1,
 * as MVT accepts them); `what` names the manifest in errors. An absent list is empty when `absentIsEmpty`.
 */
export function manifestList(text: string, where: string, what: string, key: string, absentIsEmpty = false): unknown[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new CollectionError(where, `not JSON: ${(e as Error).message}`);
  }
  const m = manifest as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m) || m.schema_version !== 1) throw new CollectionError(where, `not a ${what} manifest of schema 1`);
  const list = m[key] === undefined && absentIsEmpty ? [] : m[key];
  if (!Array.isArray(list)) throw new CollectionError(where, `its ${key} are not a list`);
  return list;
}

/**
 * A path such a manifest names inside the collection, normalized (empty and "." parts dropped),
 * if it may be followed: relative, without "\\" or "..", and under the folder `top`.
 */
export function manifestPath(p: unknown, top: string): string | undefined {
  if (typeof p !== 'string' || p.includes('\\') || p.startsWith('/')) return undefined;
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  return parts[0] === top && !parts.includes('..') ? parts.join('/') : undefined;
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

/** A file of files.json as AndroidQF wrote it (MVT keeps every key), its times as MVT writes them. */
export interface FileRecord {
  path: string;
  mode?: string;
  sha256?: string;
  access_time?: string | null;
  changed_time?: string | null;
  modified_time?: string | null;
  [key: string]: unknown;
}

const FILE_TIMES = ['access_time', 'changed_time', 'modified_time'] as const;

// AndroidQF writes epoch seconds; milliseconds are read as such when that large, and text as a date.
const timeOf = (v: unknown, zone: string): string | null =>
  typeof v === 'number' ? mvtWallTimeOfUnix(v > 1e11 ? v / 1000 : v, zone) : typeof v === 'string' ? mvtTimeOfDate(new Date(parseUtc(v))) : null;

/**
 * The file listing, each file's object whole. Its times are the phone's wall-clock times in MVT's
 * text, as MVT writes them (moved to the phone's zone, `zone`, from getprop.txt); a file without
 * a path is left out, and a path or hash of another type is dropped.
 */
export function parseFilesJson(text: string, where = 'files.json', zone = 'UTC'): FileRecord[] {
  return fileRecords(jsonList(text, where), zone);
}

/** Files as AndroidQF lists them (from files.json or files.pb), their times as MVT writes them. */
export function fileRecords(list: unknown[], zone = 'UTC'): FileRecord[] {
  return list.flatMap((f) => {
    if (!f || typeof f !== 'object' || typeof (f as { path?: unknown }).path !== 'string') return [];
    const o = { ...(f as Record<string, unknown>) };
    for (const k of FILE_TIMES) if (k in o) o[k] = timeOf(o[k], zone);
    if (o.mode !== undefined && typeof o.mode !== 'string') delete o.mode;
    if (o.sha256 !== undefined && typeof o.sha256 !== 'string') delete o.sha256;
    return [o as FileRecord];
  });
}
