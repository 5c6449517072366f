// More `dumpsys` readers, as MVT reads them: the daily package updates batterystats keeps
// ("Daily from … to …:" then "Update <package> vers=<code>"), dbinfo's recently executed database
// operations per connection pool (which process touched which app's database, and how), and the
// uninstalled apps platform_compat remembers.

import { partition, pythonInt, splitLines, stripChars } from './lines.ts';

/** A package update of one day of batterystats, MVT's keys in MVT's order. */
export interface DailyUpdate {
  action: 'update' | 'uninstall' | 'downgrade';
  period_start: string;
  period_end: string;
  package_name: string;
  /** A number where Python's int() reads one, else the text. */
  version_code: number | string;
  occurrences: number;
  previous_version_code?: number;
}

/** "2021-05-02-05-14-31" as "2021-05-02 05:14:31"; other text as it is. */
const dailyTime = (v: string) => (v.length >= 19 && v[10] === '-' ? `${v.slice(0, 10)} ${v.slice(11).replace(/-/g, ':')}` : v);

/** The "Daily from" blocks of `dumpsys batterystats`: each package update, counted once per day and version. */
export function parseBatteryDaily(section: string): DailyUpdate[] {
  const records: DailyUpdate[] = [];
  let day: { period_start: string; period_end: string } | undefined;
  let updates: DailyUpdate[] = [];
  for (const line of splitLines(section)) {
    if (line.startsWith('  Daily from ')) {
      records.push(...updates);
      updates = [];
      const [from, to] = partition(stripChars(line.slice(13).trim(), ':'), ' to ');
      // MVT stops on a heading without " to "; vigil skips the day.
      day = to === undefined ? undefined : { period_start: dailyTime(from), period_end: dailyTime(to) };
      continue;
    }
    if (!day || !line.trim().startsWith('Update ')) continue;
    const text = line.trim().replaceAll('Update ', '');
    const [name, vers = ''] = partition(text, ' ');
    const [, raw = ''] = partition(vers, '=');
    // A truncated or vendor-specific line is skipped, as MVT skips it.
    if (!name || !raw) continue;
    const version = pythonInt(raw) ?? raw;
    const seen = updates.find((u) => u.package_name === name && u.version_code === version);
    if (seen) seen.occurrences++;
    else updates.push({ action: 'update', period_start: day.period_start, period_end: day.period_end, package_name: name, version_code: version, occurrences: 1 });
  }
  records.push(...updates);
  return records;
}

/**
 * MVT's reading of the updates in time order (by day, then package): version 0 is an uninstall,
 * a lower version than the package had a downgrade. Marks the records as MVT does and returns them
 * in the order found, for MVT's MEDIUM alerts.
 */
export function uninstallsAndDowngrades(records: DailyUpdate[]): DailyUpdate[] {
  const found: DailyUpdate[] = [];
  const versions = new Map<string, number>();
  // Python's sort by a tuple of strings: code point order, stable.
  const key = (r: DailyUpdate) => [r.period_start, r.period_end, r.package_name];
  const byKey = (a: DailyUpdate, b: DailyUpdate) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  };
  for (const r of [...records].sort(byKey)) {
    if (r.version_code === 0) {
      r.action = 'uninstall';
      found.push(r);
      versions.delete(r.package_name);
      continue;
    }
    if (typeof r.version_code !== 'number') continue;
    const previous = versions.get(r.package_name);
    if (previous !== undefined && r.version_code < previous) {
      r.action = 'downgrade';
      r.previous_version_code = previous;
      found.push(r);
    }
    versions.set(r.package_name, r.version_code);
  }
  return found;
}

/** An operation dbinfo remembers, MVT's keys: `pid` only where the line gives one. */
export interface DbOperation {
  isodate: string;
  pid?: string;
  action: string;
  sql: string;
  path: string;
}

// MVT's two patterns; Python's \w is Unicode's letters, digits and underscore.
const WITH_PID = /.*\[([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3})\].*\[Pid:\((\d+)\)\]([\p{L}\p{N}_]+).*sql="(.+?)"/u;
const NO_PID = /.*\[([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3})\] ([\p{L}\p{N}_]+).*sql="(.+?)"/u;

/** `dumpsys dbinfo`: the most recently executed operations of each connection pool (a database path). */
export function parseDbinfo(section: string): DbOperation[] {
  const out: DbOperation[] = [];
  let pool: string | undefined;
  let inOperations = false;
  for (const line of splitLines(section)) {
    if (line.startsWith('Connection pool for ')) pool = line.replaceAll('Connection pool for ', '').replace(/:+$/, '');
    if (!pool) continue;
    if (line.trim() === 'Most recently executed operations:') {
      inOperations = true;
      continue;
    }
    if (!inOperations) continue;
    if (!line.startsWith('        ')) {
      inOperations = false;
      pool = undefined;
      continue;
    }
    const m = WITH_PID.exec(line);
    if (m) out.push({ isodate: m[1], pid: m[2], action: m[3], sql: m[4], path: pool });
    else {
      const n = NO_PID.exec(line);
      if (n) out.push({ isodate: n[1], action: n[2], sql: n[3], path: pool });
    }
  }
  return out;
}

/**
 * Apps `dumpsys platform_compat` still holds overrides for after their uninstall, as MVT reads them:
 * the packages of the DOWNSCALED change's rawOverrides.
 */
export function parsePlatformCompat(section: string): { package_name: string }[] {
  const out: { package_name: string }[] = [];
  for (const line of splitLines(section)) {
    if (!line.startsWith('ChangeId(168419799; name=DOWNSCALED;') || !line.includes('rawOverrides={')) continue;
    const overrides = line.slice(line.indexOf('rawOverrides={') + 14).split('};')[0];
    for (const entry of overrides.split(', ')) out.push({ package_name: entry.split('=')[0].trim() });
  }
  return out;
}
