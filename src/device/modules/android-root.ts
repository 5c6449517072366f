// AndroidQF's signs of rooting, as MVT checks them: the su and Magisk binaries AndroidQF found
// (root_binaries.json, or .pb), each HIGH; and the mounts (mounts.json, or .pb): a system
// partition mounted read-write, or with options a stock phone does not use, HIGH; a mount point or
// device path that matches an indicator, CRITICAL.
import { CollectionError, jsonList } from '../android/parse-json.ts';
import { parseMounts } from '../android/parse-text.ts';
import { parseStringRecords } from '../android/protobuf.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { readInventory } from './android-common.ts';
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

export const mounts: DeviceModule = {
  slug: 'mounts',
  description: 'mounted partitions: system partitions writable (mounts.json)',
  sources: ['androidqf'],
  extract: ({ source }) => parseMounts(strings(source, 'mounts')).records as unknown as Result[],
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const point = r.mount_point as string;
      if (r.is_system_partition && r.is_read_write) {
        out.push(heuristic('mounts', 'HIGH', point === '/system' ? 'Root detected /system partition is mounted as read-write (rw)' : `System partition ${point} is mounted as read-write (rw). This may indicate system modifications.`, r));
      }
      const odd = (r.options_list as string[]).filter((o) => SUSPICIOUS_OPTIONS.has(o));
      if (odd.length > 0 && r.is_system_partition && !((r.mount_options as string).includes('noatime') && NOATIME_ALLOWED.has(point))) {
        out.push(heuristic('mounts', 'HIGH', `Suspicious mount options found for ${point}: ${odd.join(', ')}`, r));
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
