// Pure parsers of `dumpsys` output, as found in a bugreport's dumpstate file or AndroidQF's
// dumpsys.txt: the file split into services ("DUMP OF SERVICE x:"), then app ops and battery
// history. Total functions: text that does not fit is skipped, never an exception. Records are
// MVT's, key for key.
import { partition, splitLines, stripChars } from './lines.ts';
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';

/**
 * Service name → its section's text. `endings`, when given, gets each service's closing line
 * ("--------- 0.05s was the duration of dumpsys settings, ending at: …"), which the text leaves out.
 */
export function splitDumpsys(text: string, endings?: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) out.set(name, (out.has(name) ? out.get(name) + '\n' : '') + lines.join('\n'));
    name = undefined;
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const head = /^DUMP OF SERVICE (?:[A-Z]+ )?([\w.$-]+):\s*$/.exec(line);
    if (head) {
      flush();
      name = head[1];
    } else if (/^-{9} .*was the duration of dumpsys/.test(line) || /^-{20,}$/.test(line)) {
      if (name !== undefined && line.startsWith('--------- ')) endings?.set(name, line);
      flush();
    } else if (name !== undefined) lines.push(line);
  }
  flush();
  return out;
}

export interface AppopsEntry {
  access: string;
  type: string;
  /** MVT's time text; absent when dumpsys wrote none MVT reads (it needs the fraction). */
  timestamp?: string;
}

/** MVT's key order: name, entries, then access when dumpsys gives a mode. */
export interface AppopsPermission {
  name: string;
  entries: AppopsEntry[];
  access?: string;
}

export interface AppopsPackage {
  package_name: string;
  permissions: AppopsPermission[];
  uid: string | null;
}

/** "2021-05-19 22:02:52.054" as MVT writes it (strptime with %f, then six digits). */
const dumpTime = (s: string): string | undefined => {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  return mvtTimeOfParts(secondsOfCivil(y, mo, d, h, mi, sec), Number(m[7].padEnd(6, '0'))) ?? undefined;
};

/** `dumpsys appops`: per Uid and Package, each operation and its Access/Reject entries. */
export function parseAppops(section: string): AppopsPackage[] {
  const out: AppopsPackage[] = [];
  let uid: string | null = null;
  let pkg: AppopsPackage | undefined;
  let perm: AppopsPermission | undefined;
  let started = false;
  for (const line of section.split('\n')) {
    if (/^ {2}Uid \S+:$/.test(line)) {
      started = true;
      uid = line.trim().slice(4, -1);
      pkg = perm = undefined;
      continue;
    }
    if (!started) continue;
    const p = /^ {4}Package (\S+):$/.exec(line);
    if (p) {
      pkg = { package_name: p[1], permissions: [], uid };
      out.push(pkg);
      perm = undefined;
      continue;
    }
    if (pkg && /^ {6}\S/.test(line)) {
      const [name, mode] = line.trim().split(/\s+/);
      perm = { name, entries: [] };
      // "READ_SMS (allow):" gives "allow", as MVT cuts it.
      if (mode !== undefined) perm.access = mode.slice(1, -2);
      pkg.permissions.push(perm);
      continue;
    }
    const e = /^ {10}\s*(Access|Reject): .*?\[([^\]]*)\](.*?)(?:\(|$)/.exec(line);
    if (perm && e) {
      const entry: AppopsEntry = { access: e[1], type: e[2] };
      const t = dumpTime(e[3]);
      if (t) entry.timestamp = t;
      perm.entries.push(entry);
    }
  }
  return out;
}

export interface BatteryEvent {
  time_elapsed: string;
  event: 'start_job' | 'end_job' | 'wake' | 'start_top' | 'end_top';
  uid: string;
  package_name: string;
  service: string;
}

/** One history line as MVT reads it, or nothing: a job starting or ending, a wakeup alarm, an app coming to or leaving the foreground. */
function batteryEvent(line: string, time: string): BatteryEvent | undefined {
  // MVT tests each marker somewhere past the line's first character, in this order.
  const at = (marker: string) => line.indexOf(marker) > 0;
  if (at('+job') || at('-job')) {
    const sign = at('+job') ? '+' : '-';
    const [uid, rest] = partition(line.split(`${sign}job=`)[1] ?? '', ':');
    if (rest === undefined) return undefined;
    // The rest of the line, as MVT takes it: a job is the last thing on its line.
    const service = stripChars(rest.trim(), '"');
    return { time_elapsed: time, event: sign === '+' ? 'start_job' : 'end_job', uid, package_name: service.split('/')[0], service };
  }
  if (at('+running +wake_lock=')) {
    const [uid, rest] = partition(line.slice(line.indexOf('+running +wake_lock=') + 20), ':');
    if (rest === undefined) return undefined;
    const w = line.indexOf('*walarm*:');
    // Where the line has no "*walarm*:", MVT reads from its ninth character (its find gave -1).
    const service = stripChars(line.slice(w + 9).split(' ')[0], '"').trim();
    if (service === '' || !service.includes('/')) return undefined;
    return { time_elapsed: time, event: 'wake', uid, package_name: service.split('/')[0], service };
  }
  if (at('+top=') || at('-top')) {
    const top = at('+top=') ? line.indexOf('+top=') : line.indexOf('-top=');
    const colon = top + line.slice(top).indexOf(':');
    return { time_elapsed: time, event: at('+top=') ? 'start_top' : 'end_top', uid: line.slice(top + 5, colon), package_name: stripChars(line.slice(colon + 1), '"'), service: '' };
  }
  return undefined;
}

/**
 * The "Battery History" of `dumpsys batterystats`, as MVT reads it: from that heading to the first
 * blank line, each line's time (its first word, or a date and time), then its event by package.
 */
export function parseBatteryHistory(section: string): BatteryEvent[] {
  const out: BatteryEvent[] = [];
  let inHistory = false;
  for (const line of splitLines(section)) {
    if (line.startsWith('Battery History ')) {
      inHistory = true;
      continue;
    }
    if (!inHistory) continue;
    if (line.trim() === '') break;
    const words = line.trim().split(/\s+/);
    // A dated history ("05-03 07:12:00.123 …") keeps its date with the time.
    const time = words.length > 1 && words[0].length === 5 && words[0][2] === '-' && words[1].includes(':') ? `${words[0]} ${words[1]}` : words[0];
    const e = batteryEvent(line, time);
    if (e) out.push(e);
  }
  return out;
}
