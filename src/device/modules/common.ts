// Shared by the modules: alerts from indicator matches, URL extraction, and opening a module's database.
import { groupBy } from '../../core/index.ts';
import type { Match, MatchIndex } from '../../indicators/index.ts';
import { ArtifactNotFound } from '../errors.ts';
import { mvtJson } from '../json-chunks.ts';
import fs from 'node:fs';
import path from 'node:path';
import { isPlistDict, parsePlist } from '../plist.ts';
import { withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Level, Result, TimelineRow } from '../types.ts';
import { urlsIn } from '../links.ts';
import { byTime } from '../mvt-csv.ts';

export { mvtLinks, urlsIn } from '../links.ts';

/** An indicator match on a device is critical; one a warninglist suppresses is only informational. */
export function matchAlerts(module: string, record: Result, time: string | null, matches: Match[], what: string): Alert[] {
  return matches.map((m) => ({
    level: (m.suppressed ? 'INFORMATIONAL' : m.partial ? 'MEDIUM' : 'CRITICAL') as Level,
    module,
    message: `${what} ${m.observed} matches ${m.indicator.type} indicator ${m.indicator.value} (${m.indicator.collection})${m.suppressed ? `, suppressed by warninglist ${m.suppressed.warninglist}` : ''}`,
    event_time: time,
    event: record,
    matched_indicator: { value: m.indicator.value, type: m.indicator.type, collection: m.indicator.collection, source: m.indicator.source, stix_id: m.indicator.stixId, how: m.how },
  }));
}

/** Python's str() of a value read from evidence, as MVT's f-strings write it into timeline text (None when missing). */
export const pyStr = (v: unknown): string => (v === null || v === undefined ? 'None' : String(v));

/** An alert of a heuristic (no indicator matched), at its level, about a record. */
export const heuristic = (module: string, level: Level, message: string, event: Result, time: string | null = null): Alert => ({ level, module, message, event_time: time, event, matched_indicator: null });

/** Alerts no higher than HIGH, for modules where MVT rates a match HIGH (a name or path, weaker than a URL). */
export const highAtMost = (alerts: Alert[]): Alert[] => alerts.map((a) => (a.level === 'CRITICAL' ? { ...a, level: 'HIGH' } : a));

/**
 * Alerts for the links of message records (their `links` and `isodate` fields) against URL and
 * domain indicators. A link is checked without what MVT's pattern takes after it (a closing
 * bracket or quote, a full stop), which would hide its domain.
 */
export function linkAlerts(module: string, records: Result[], index: MatchIndex, what: string): Alert[] {
  return records.flatMap((r) => ((r.links as string[] | null | undefined) ?? []).flatMap((u) => matchAlerts(module, r, r.isodate as string | null, index.url(urlsIn(u)[0] ?? u), what)));
}

/** Reads the database of a module, found by backup domain and path or by its path in a dump. */
export function withModuleDb<T>(source: ArtifactSource, backup: { domain: string; path: string } | null, fsPaths: string[], read: (db: EvidenceDb) => T): T {
  const file = source.kind === 'backup' ? backup && source.file(backup.path, backup.domain) : fsPaths.map((p) => source.file(p)).find(Boolean);
  if (!file) throw new ArtifactNotFound(backup?.path ?? fsPaths[0]);
  return withEvidenceDb(file, backup?.path ?? fsPaths[0], read);
}

/** Every file of a module: by "domain-relativePath" in a backup, by path in a dump. */
export function locate(source: ArtifactSource, inBackup: RegExp, inDump: RegExp, what: string): { path: string; file: string; domain?: string; fileID?: string }[] {
  const found = source.find(source.kind === 'backup' ? inBackup : inDump);
  if (found.length === 0) throw new ArtifactNotFound(what);
  return found;
}

/** Reads the first database `locate` finds, as MVT reads the first of a module's files. */
export function withFirstDb<T>(source: ArtifactSource, inBackup: RegExp, inDump: RegExp, what: string, read: (db: EvidenceDb) => T): T {
  const [f] = locate(source, inBackup, inDump, what);
  return withEvidenceDb(f.file, f.path, read);
}

/** A dictionary from a parsed property list, or an empty one. */
export function dictOf(v: unknown): Record<string, unknown> {
  return isPlistDict(v) ? v : {};
}

/** The top dictionary of a property-list file (an empty one when its top is not a dictionary); `where` names it in errors. */
export const readPlistDict = (file: string, where: string): Record<string, unknown> => dictOf(parsePlist(fs.readFileSync(file), where));

/**
 * `read` of a source, made once and kept while the source lives, for the modules that share what
 * it reads (a log, a big file, a parse). A read that throws is not kept: each module gets its error.
 */
export function oncePerSource<T>(read: (source: ArtifactSource) => T): (source: ArtifactSource) => T {
  const kept = new WeakMap<ArtifactSource, T>();
  return (source) => {
    if (kept.has(source)) return kept.get(source)!;
    const value = read(source);
    kept.set(source, value);
    return value;
  };
}

/**
 * A backup's Info.plist (the device's fields and every app's metadata, megabytes on a phone with
 * many apps), read once per source for the modules that read it (applications, backup_info).
 */
export const backupInfoPlist = oncePerSource((source): Record<string, unknown> => {
  const file = path.join(source.root, 'Info.plist');
  if (!fs.existsSync(file)) throw new ArtifactNotFound('Info.plist', source.root);
  return readPlistDict(file, 'Info.plist');
});

/**
 * A module's JSON as MVT writes some: a dictionary of lists, records grouped by `keyOf` (in the
 * order keys are first met), each record written as `itemOf` gives it.
 */
export function listsByKey(records: Result[], keyOf: (r: Result) => string, itemOf: (r: Result) => unknown = (r) => r): string[] {
  return [mvtJson(Object.fromEntries([...groupBy(records, keyOf)].map(([key, group]) => [key, group.map(itemOf)])))];
}

/** The records of such a dictionary (for check-iocs); `keyName` puts each list's key back into its records. */
export function fromListsByKey(value: unknown, keyName?: string): Result[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, list]) =>
    Array.isArray(list) ? list.filter((x) => x && typeof x === 'object').map((x) => (keyName ? { [keyName]: key, ...(x as Result) } : (x as Result))) : [],
  );
}

/**
 * MVT's MACB rows for a file: one per distinct time among its modified, accessed, changed and
 * born times (those it has), the event saying which of them that time is ("M-CB").
 */
export function macbRows(module: string, data: string, t: { m?: unknown; a?: unknown; c?: unknown; b?: unknown }): TimelineRow[] {
  const times = new Set([t.m, t.a, t.c, t.b].filter((x): x is string => typeof x === 'string'));
  return [...times].map((time) => ({ timestamp: time, module, event: `${time === t.m ? 'M' : '-'}${time === t.a ? 'A' : '-'}${time === t.c ? 'C' : '-'}${time === t.b ? 'B' : '-'}`, data }));
}

/** Records in MVT's order: Python's sort by isodate (stable), a record without one first. */
export const byIsodate = (records: Result[]): Result[] => records.sort((a, b) => byTime(a.isodate as string | null, b.isodate as string | null));

/**
 * A module whose JSON MVT writes as one dictionary (device fields), not a list of records; the
 * dictionary is its one record, and check-iocs reads it back as that.
 */
export const oneDictionary: Pick<DeviceModule, 'json' | 'fromJson'> = {
  json: (records) => [mvtJson(records[0] ?? {})],
  fromJson: (value) => (value && typeof value === 'object' && !Array.isArray(value) ? [value as Result] : []),
};

/** SQLite's order of a sort key: NULL first, then numbers, then anything else. */
export const sqliteOrder = (v: unknown) => (v == null ? -Infinity : typeof v === 'number' ? v : v instanceof Number ? v.valueOf() : Infinity);

/**
 * Records read in the table's order, put in time order as `ORDER BY key` would. Phones append
 * messages and visits as they happen, so the order is checked first and a sort is rarely needed;
 * Array#sort is stable, so equal times keep the table's order.
 */
export function inTimeOrder(records: Result[], key: string): Result[] {
  for (let i = 1; i < records.length; i++) {
    if (sqliteOrder(records[i][key]) < sqliteOrder(records[i - 1][key])) return records.sort((a, b) => sqliteOrder(a[key]) - sqliteOrder(b[key]));
  }
  return records;
}
