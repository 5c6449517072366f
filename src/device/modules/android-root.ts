// Signs of rooting, as MVT checks them: the su and Magisk binaries AndroidQF found
// (root_binaries.json, or .pb), each HIGH; the mounts (AndroidQF's mounts.json or .pb, a bugreport's
// /proc/<pid>/mountinfo): a system partition mounted read-write HIGH, with options a stock phone
// does not use MEDIUM; a mount point or device path that matches an indicator, CRITICAL; and the
// Magisk modules recent AndroidQF collects.
import fs from 'node:fs';
import { magiskRecords, MAX_MODULE_PROP_BYTES } from '../android/parse-magisk.ts';
import { CollectionError, jsonList } from '../android/parse-json.ts';
import { ArtifactNotFound } from '../errors.ts';
import { parseMounts } from '../android/parse-text.ts';
import { mergeMountinfo } from '../android/parse-mountinfo.ts';
import { openZip } from '../sources/zip.ts';
import { parseStringRecords } from '../android/protobuf.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { bugreportZipOf, readInventory } from './android-common.ts';
import { heuristic, matchAlerts } from './common.ts';

/** The strings of an inventory: root binaries' paths, or mount lines. */
const strings = (source: ArtifactSource, name: string): string[] =>
  readInventory(
    source,
    name,
    (text, where) => {
      const list = jsonList(text, where);
      if (list.some((v) => typeof v !== 'string')) throw new CollectionError(where, 'expected a list of strings');
      return list as string[];
    },
    parseStringRecords,
  );

// MVT's names for what it knows; any other binary AndroidQF reports is still a root binary.
const KNOWN_ROOT_BINARIES: Record<string, string> = {
  su: 'SuperUser binary', busybox: 'BusyBox utilities', supersu: 'SuperSU root management', 'superuser.apk': 'Superuser app', 'kingouser.apk': 'KingRoot app',
  'supersu.apk': 'SuperSU app', magisk: 'Magisk root framework', magiskhide: 'Magisk hide utility', magiskinit: 'Magisk init binary', magiskpolicy: 'Magisk policy binary',
};

export const rootBinaries: DeviceModule = {
  slug: 'root_binaries',
  description: 'su and Magisk binaries AndroidQF found (root_binaries.json)',
  sources: ['androidqf'],
  extract({ source }) {
    return strings(source, 'root_binaries').filter(Boolean).map((p) => {
      const binary = p.split('/').pop()!.toLowerCase();
      return { path: p.trim(), binary_name: binary, description: KNOWN_ROOT_BINARIES[binary] ?? 'Unknown root binary' };
    });
  },
  check: (records) => records.map((r) => heuristic('root_binaries', 'HIGH', `Found root binary "${r.binary_name}" at path "${r.path}"`, r)),
  timeline: (records) => records.map((r) => ({ timestamp: null, module: 'root_binaries', event: 'root_binary_found', data: `Root binary found: ${r.path} (binary: ${r.binary_name})` })),
};

const SUSPICIOUS_OPTIONS = new Set(['rw', 'remount', 'noatime', 'nodiratime']);
// Partitions that stock Android mounts with noatime.
const NOATIME_ALLOWED = new Set(['/system_dlkm', '/system_ext', '/product', '/vendor', '/vendor_dlkm']);
/** A process's mountinfo past this size is not read (they are tens of kilobytes). */
const MAX_MOUNTINFO_BYTES = 16 * 1024 * 1024;

// A bugreport's mountinfo files, merged: MVT's patterns, FS/proc/<pid>/mountinfo, else the same under any folder.
function bugreportMounts(source: ArtifactSource): Result[] {
  const zip = openZip(bugreportZipOf(source));
  const inFs = zip.entries.filter((e) => /^FS\/proc\/.*\/mountinfo$/.test(e.name));
  const entries = inFs.length > 0 ? inFs : zip.entries.filter((e) => /\/proc\/.*\/mountinfo$/.test(e.name));
  const files = entries.flatMap((e) => {
    const pid = /\/proc\/(\d+)\/mountinfo$/.exec(e.name);
    return pid ? [{ processId: Number(pid[1]), text: zip.read(e, MAX_MOUNTINFO_BYTES).toString('utf8') }] : [];
  });
  if (files.length === 0) throw new ArtifactNotFound('FS/proc/<pid>/mountinfo in the bugreport');
  return mergeMountinfo(files) as unknown as Result[];
}

export const mounts: DeviceModule = {
  slug: 'mounts',
  description: 'mounted partitions: system partitions writable (mounts.json; a bugreport\'s /proc/<pid>/mountinfo)',
  sources: ['androidqf', 'bugreport'],
  extract: ({ source }) => (source.kind === 'bugreport' ? bugreportMounts(source) : (parseMounts(strings(source, 'mounts')).records as unknown as Result[])),
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const point = r.mount_point as string;
      if (r.is_system_partition && r.is_read_write) {
        out.push(heuristic('mounts', 'HIGH', point === '/system' ? 'Root detected /system partition is mounted as read-write (rw)' : `System partition ${point} is mounted as read-write (rw). This may indicate system modifications.`, r));
      }
      // "rw" only where the mount is writable: mountinfo's options are both layers', and a
      // read-only mount of a writable filesystem lists "rw" from the filesystem's.
      const odd = (r.options_list as string[]).filter((o) => SUSPICIOUS_OPTIONS.has(o) && (o !== 'rw' || r.is_read_write));
      if (odd.length > 0 && r.is_system_partition && !((r.mount_options as string).includes('noatime') && NOATIME_ALLOWED.has(point))) {
        out.push(heuristic('mounts', 'MEDIUM', `Suspicious mount options found for ${point}: ${odd.join(', ')}`, r));
      }
    }
    for (const r of records) {
      out.push(...matchAlerts('mounts', r, null, index.filePath(r.mount_point as string), 'mount point'));
      out.push(...matchAlerts('mounts', r, null, index.filePath(r.device as string), 'mounted device'));
    }
    return out;
  },
  timeline: () => [],
};

/** A module.prop's text, when the collection holds exactly one file at that path and it is not too big (MVT's rules). */
function modulePropText(source: ArtifactSource, relativePath: string): string | undefined {
  const found = source.find(/(^|\/)module\.prop$/).filter((f) => f.path.replace(/^\/+/, '') === relativePath || f.path.endsWith(`/${relativePath}`));
  if (found.length !== 1 || fs.statSync(found[0].file).size > MAX_MODULE_PROP_BYTES) return undefined;
  return new TextDecoder('utf-8').decode(fs.readFileSync(found[0].file));
}

export const magiskModules: DeviceModule = {
  slug: 'magisk_modules',
  description: 'Magisk modules of a rooted phone, with their module.prop (AndroidQF magisk_modules/)',
  sources: ['androidqf'],
  extract({ source }) {
    const manifest = source.find(/(^|\/)magisk_modules\/manifest\.json$/)[0];
    if (!manifest) throw new ArtifactNotFound('magisk_modules/manifest.json');
    return magiskRecords(fs.readFileSync(manifest.file, 'utf8'), (p) => modulePropText(source, p), manifest.path) as Result[];
  },
  // MVT lists the modules and flags none; vigil checks what a module names that indicators may
  // hold: its id as an app id, and the address it updates itself from.
  check: (records, { index }) =>
    records.flatMap((r) => [
      ...(typeof r.id === 'string' ? matchAlerts('magisk_modules', r, null, index.exactOf('app_id', r.id), 'Magisk module id') : []),
      ...(typeof r.update_json === 'string' ? matchAlerts('magisk_modules', r, null, index.url(r.update_json), 'Magisk module update address') : []),
    ]),
  timeline: () => [],
};
