// /proc/PID/mountinfo, as a bugreport copies it (FS/proc/<pid>/mountinfo), read into MVT's mount
// record: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue" is the
// mount's id, its parent's, the device's major:minor, the mount's root in its filesystem, the mount
// point, the mount's own options, optional fields up to a lone "-", then the filesystem type, the
// device and the filesystem's (superblock's) options. A line that does not fit is passed over.

/** Partitions a stock phone mounts read-only, and everything under them. */
const SYSTEM_MOUNT_POINTS = ['/system', '/vendor', '/product', '/system_ext'];

export interface MountinfoRecord {
  mount_id: number;
  parent_id: number;
  major_minor: string;
  root: string;
  mount_point: string;
  device: string;
  filesystem_type: string;
  /** Both layers' options, the mount's first, each once. */
  mount_options: string;
  options_list: string[];
  optional_fields: string[];
  is_system_partition: boolean;
  is_read_write: boolean;
  process_ids: number[];
}

// The kernel writes a space, tab, line break or backslash in a path as an octal escape.
const unescape = (field: string) => field.replace(/\\(040|011|012|134)/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The mounts of one process's mountinfo. */
export function parseMountinfo(text: string, processId: number): MountinfoRecord[] {
  const records: MountinfoRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(/\s+/).filter(Boolean);
    const sep = f.indexOf('-');
    if (sep < 6 || f.length < sep + 4 || !/^[+-]?\d+$/.test(f[0]) || !/^[+-]?\d+$/.test(f[1])) continue;
    const own = f[5].split(',');
    const superblock = f[sep + 3].split(',');
    const options = [...new Set([...own, ...superblock])];
    const mountPoint = unescape(f[4]);
    records.push({
      mount_id: Number(f[0]), parent_id: Number(f[1]), major_minor: f[2], root: unescape(f[3]), mount_point: mountPoint,
      device: unescape(f[sep + 2]), filesystem_type: f[sep + 1], mount_options: options.join(','), options_list: options, optional_fields: f.slice(6, sep),
      is_system_partition: SYSTEM_MOUNT_POINTS.some((p) => mountPoint === p || mountPoint.startsWith(`${p}/`)),
      // Writable only when both layers allow it: a read-only bind of a writable filesystem (as
      // Android makes of parts of /data) is not. MVT tests the union of both, which flags those.
      is_read_write: own.includes('rw') && !superblock.includes('ro'),
      process_ids: [processId],
    });
  }
  return records;
}

/**
 * The mounts of every process, each distinct mount once with every process that sees it (most
 * processes share the same namespace). `files` in the archive's order.
 */
export function mergeMountinfo(files: { processId: number; text: string }[]): MountinfoRecord[] {
  const unique = new Map<string, MountinfoRecord>();
  for (const { processId, text } of files) {
    for (const r of parseMountinfo(text, processId)) {
      const key = JSON.stringify([r.major_minor, r.root, r.mount_point, r.device, r.filesystem_type, r.mount_options]);
      const seen = unique.get(key);
      if (seen) seen.process_ids.push(processId);
      else unique.set(key, r);
    }
  }
  return [...unique.values()];
}
