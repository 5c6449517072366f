// Pure parsers of AndroidQF's small text files: getprop.txt ("[key]: [value]"), settings_*.txt
// ("key=value"), ps.txt (the output of `ps -A`), mounts. They never throw: a line that does not fit
// is skipped (and, in AndroidQF's files, counted), so a damaged collection still gives what it holds.

export interface Parsed<T> {
  records: T[];
  skipped: number;
}

/**
 * Properties as MVT reads them: the first "[name]: [value]" in each line, neither empty and each
 * ending at its first "]" (a line with an empty value, common in getprop's output, is skipped).
 */
export function parseGetprop(text: string): Parsed<{ name: string; value: string }> {
  const records: { name: string; value: string }[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /\[(.+?)\]: \[(.+?)\]/.exec(line);
    if (m) records.push({ name: m[1], value: m[2] });
    else skipped++;
  }
  return { records, skipped };
}

/** The phone's time zone (persist.sys.timezone) from getprop.txt's text, if it names one. */
export const timezoneOfGetprop = (text: string): string | undefined => parseGetprop(text).records.find((r) => r.name === 'persist.sys.timezone')?.value;

export function parseSettings(text: string, namespace: string): Parsed<{ namespace: string; name: string; value: string }> {
  const records: { namespace: string; name: string; value: string }[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    if (eq > 0) records.push({ namespace, name: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
    else skipped++;
  }
  return { records, skipped };
}

export interface ProcessRecord {
  user: string;
  pid: number;
  ppid: number;
  virtual_memory_size: number;
  resident_set_size: number;
  wchan: string;
  /** The ADDR column, under the name MVT gives it (spelled so), for scripts that read MVT's records. */
  aprocress: string;
  stat: string;
  proc_name: string;
  label: string;
}

/** `ps -A` (USER PID PPID VSZ RSS WCHAN ADDR S NAME), optionally with an SELinux label first and WCHAN empty. */
export function parsePs(text: string): Parsed<ProcessRecord> {
  const records: ProcessRecord[] = [];
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  for (const line of lines.slice(/^\s*(LABEL\s+)?USER\s+PID/.test(lines[0] ?? '') ? 1 : 0)) {
    let f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') continue;
    const label = f[0]?.startsWith('u:r:') ? f[0] : '';
    if (label) f = f.slice(1);
    if (f.length === 8) f = [...f.slice(0, 5), '', ...f.slice(5)];
    const nums = f.slice(1, 5).map(Number);
    if (f.length < 9 || nums.some((n) => !Number.isInteger(n) || n < 0)) {
      skipped++;
      continue;
    }
    records.push({ user: f[0], pid: nums[0], ppid: nums[1], virtual_memory_size: nums[2], resident_set_size: nums[3], wchan: f[5], aprocress: f[6], stat: f[7], proc_name: f.slice(8).join(' ').replace(/^\[+|\]+$/g, ''), label });
  }
  return { records, skipped };
}

/** A line of `mount` output as MVT keeps it. */
export interface MountRecord {
  device: string;
  mount_point: string;
  filesystem_type: string;
  mount_options: string;
  options_list: string[];
  is_system_partition: boolean;
  is_read_write: boolean;
}

/** The partitions whose being writable, or mounted with unusual options, MVT takes for rooting. */
export const SYSTEM_MOUNT_POINTS = ['/system', '/vendor', '/product', '/system_ext'];

/** `mount` output ("device on /point type fs (options)"), as MVT reads it; other lines are skipped. */
export function parseMounts(lines: string[]): Parsed<MountRecord> {
  const records: MountRecord[] = [];
  let skipped = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const on = line.indexOf(' on ');
    const type = on < 0 ? -1 : line.indexOf(' type ', on + 4);
    if (on < 0 || type < 0) {
      skipped++;
      continue;
    }
    const device = line.slice(0, on).trim();
    const mountPoint = line.slice(on + 4, type).trim();
    const fs = line.slice(type + 6).trim();
    const paren = fs.indexOf('(');
    const withOptions = paren >= 0 && fs.endsWith(')');
    const filesystem = (withOptions ? fs.slice(0, paren) : fs).trim();
    const options = withOptions ? fs.slice(paren + 1, -1).trim() : '';
    if (!device || !mountPoint || !filesystem) {
      skipped++;
      continue;
    }
    const list = options ? options.split(',').map((o) => o.trim()).filter(Boolean) : [];
    records.push({
      device, mount_point: mountPoint, filesystem_type: filesystem, mount_options: options, options_list: list,
      is_system_partition: SYSTEM_MOUNT_POINTS.some((p) => mountPoint.startsWith(p)), is_read_write: list.includes('rw'),
    });
  }
  return { records, skipped };
}
