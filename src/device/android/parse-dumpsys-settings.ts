// `dumpsys settings` as MVT's current Settings module reads it: one record per row of the settings
// provider (a name may appear twice in a namespace, so a list, not a map), each with the fields
// dumpsys prints beside the value and the row's change history. dumpsys prints a history's times
// without a year; they take the year of the section's end ("ending at:" in its closing line), or the
// year before when that would put them after it.
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';

// dumpsys prints a row's fields, and a history entry's, always in this order, one space apart;
// a field is missing when it has nothing to say (a row of Android before 8 names no package).
const ROW_FIELDS = ['_id', 'name', 'pkg', 'value', 'default', 'defaultSystemSet', 'tag', 'isValuePreservedInRestore'] as const;
const HISTORY_FIELDS = ['time', 'mode', 'oldValue', 'newValue', 'package'] as const;
// Some vendors' builds end a row with this bare token instead of isValuePreservedInRestore:false.
const NOT_PRESERVED = ' notPreservedInRestore';

const HEADING = /^(CONFIG|GLOBAL|SECURE|SYSTEM) SETTINGS \(user (\d+)\)$/;
const SECTION_END = /ending at: (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

export interface SettingChange {
  /** MVT's time text, or null when the section gives no end to take the year from. */
  timestamp: string | null;
  oldValue: string | null;
  newValue: string | null;
  pkg: string | null;
}

export interface SettingRow {
  namespace: string;
  user: string;
  /** The row's fields as printed (_id, name, pkg, value, default, defaultSystemSet, tag, isValuePreservedInRestore), only those present. */
  [field: string]: unknown;
  history: SettingChange[];
}

/**
 * A row's `key:value` fields. A value may hold spaces and line breaks, so each runs to the next
 * key that is actually present (with its leading space); keys not printed are passed over.
 */
export function splitFields(text: string, keys: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  let key = keys[0];
  if (!text.startsWith(`${key}:`)) return fields;
  let rest = text.slice(key.length + 1);
  for (const next of keys.slice(1)) {
    const at = rest.indexOf(` ${next}:`);
    if (at < 0) continue;
    fields[key] = rest.slice(0, at);
    key = next;
    rest = rest.slice(at + next.length + 2);
  }
  fields[key] = rest;
  return fields;
}

/** When the section was dumped: its year, and its seconds since 1970 read as UTC like the history's times (both are the phone's wall clock). */
interface SectionEnd {
  year: number;
  seconds: number;
}

function sectionEnd(text: string): SectionEnd | undefined {
  const m = SECTION_END.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const seconds = secondsOfCivil(year, month, day, hour, minute, second);
  return Number.isNaN(seconds) ? undefined : { year, seconds };
}

/** A history time `MM-DD HH:MM:SS.fff` with its year: the latest such date at or before the section's end. */
export function historyTime(value: string, end: SectionEnd | undefined): string | null {
  const m = /^(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/.exec(value);
  if (!end || !m) return null;
  const [month, day, hour, minute, second] = m.slice(1, 6).map(Number);
  const micros = Number(m[6].padEnd(6, '0'));
  let seconds = secondsOfCivil(end.year, month, day, hour, minute, second);
  if (seconds + micros / 1e6 > end.seconds) seconds = secondsOfCivil(end.year - 1, month, day, hour, minute, second);
  // A date that year does not have (29 February) gives no time.
  return Number.isNaN(seconds) ? null : mvtTimeOfParts(seconds, micros);
}

function changeOf(line: string, end: SectionEnd | undefined): SettingChange {
  const f = splitFields(line, HISTORY_FIELDS);
  return { timestamp: historyTime(f.time ?? '', end), oldValue: f.oldValue ?? null, newValue: f.newValue ?? null, pkg: f.package ?? null };
}

function rowOf(namespace: string, user: string, lines: string[], history: string[], end: SectionEnd | undefined): SettingRow {
  const text = lines.join('\n').trimEnd();
  const head = text.endsWith(NOT_PRESERVED) ? text.slice(0, -NOT_PRESERVED.length) : text;
  // Keys in MVT's order: namespace, user, the fields, then history.
  const row = { namespace, user, ...splitFields(head, ROW_FIELDS) } as Record<string, unknown>;
  if (head !== text) row.isValuePreservedInRestore = 'false';
  row.history = history.map((h) => changeOf(h, end));
  return row as SettingRow;
}

/**
 * The rows of a `dumpsys settings` section. `ending` is the section's closing line (with its
 * "ending at:" time) when the section text was cut before it.
 */
export function parseDumpsysSettings(section: string, ending = ''): SettingRow[] {
  const end = sectionEnd(section) ?? sectionEnd(ending);
  const rows: SettingRow[] = [];
  let namespace: string | undefined;
  let user = '';
  let record: string[] = [];
  let history: string[] = [];
  let inHistory = false;
  const flush = () => {
    if (namespace !== undefined && record.length > 0) rows.push(rowOf(namespace, user, record, history, end));
    record = [];
    history = [];
    inHistory = false;
  };
  for (const line of section.split(/\r?\n/)) {
    const stripped = line.trim();
    const heading = HEADING.exec(stripped);
    if (heading) {
      flush();
      namespace = heading[1].toLowerCase();
      user = heading[2];
    } else if (line.startsWith('--------- ')) {
      // dumpsys's closing line of the section.
      flush();
      namespace = undefined;
    } else if (namespace === undefined) {
      continue;
    } else if (stripped === '') {
      // A blank line ends a namespace's block, and a history; other dumps follow the last block.
      flush();
    } else if (line.startsWith('_id:')) {
      flush();
      record = [line];
    } else if (record.length === 0) {
      continue;
    } else if (stripped.startsWith('History (')) {
      inHistory = true;
    } else if (inHistory) {
      if (stripped.startsWith('time:')) history.push(stripped);
      // An entry may wrap over several lines.
      else if (history.length > 0) history[history.length - 1] += ` ${stripped}`;
    } else {
      // Anything else goes on with the value of the row being read.
      record.push(line);
    }
  }
  flush();
  return rows;
}
