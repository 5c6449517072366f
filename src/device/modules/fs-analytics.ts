// Dump-only modules over what iOS records about itself, as MVT's check-fs reads them: the
// analytics databases under Keychains (failures and events, each a property list that can name a
// process or a domain an implant used), the builds those records saw (when each iOS build first
// appears: an update, or a downgrade, dated), the update history of analyticsd's journals, and
// every app's URL cache (Cache.db: responses the phone fetched, kept after browsing history is gone).
import fs from 'node:fs';
import path from 'node:path';
import { DeviceError } from '../errors.ts';
import { iosVersionOfBuild } from '../ios-builds.ts';
import { mvtJson } from '../json-chunks.ts';
import { parsePlist, type PlistValue } from '../plist.ts';
import { pythonJson, pythonRepr } from '../python-values.ts';
import { withEvidenceDb } from '../sqlite.ts';
import { mvtTimeOfParts, mvtTimeOfUnix, secondsOfCivil } from '../time.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { byIsodate, dictOf, highAtMost, locate, matchAlerts, oncePerSource } from './common.ts';

/** Each record's property list as parsed (dates and bytes as such), beside its JSON form. */
const parsedOf = new WeakMap<Result, Record<string, PlistValue>>();

/**
 * The record as MVT holds it in Python: the property list's values as plistlib gives them
 * (datetime, bytes), then isodate and artifact. A record read back from analytics.json has only
 * its JSON form.
 */
function asPython(r: Result): Result {
  const parsed = parsedOf.get(r);
  return parsed ? { ...parsed, isodate: r.isodate, artifact: r.artifact } : r;
}

/**
 * The records of every analytics database, as MVT's Analytics module reads them: each a property
 * list with its time and file. Read once per source: analytics_ios_versions reads the same records.
 */
export const analyticsRecords = oncePerSource((source): Result[] => {
  const found = locate(source, /$^/, /^\/private\/var\/Keychains\/Analytics\/[^/]+\.db$/, 'analytics databases (private/var/Keychains/Analytics/*.db)');
  const records = found.flatMap((f) =>
    withEvidenceDb(f.file, f.path, (db) => {
      db.require('hard_failures', ['timestamp', 'data']);
      db.require('soft_failures', ['timestamp', 'data']);
      // MVT's query (UNION: identical rows once), all_events where this iOS has it.
      const parts = ['hard_failures', 'soft_failures', ...(db.columns('all_events').size > 0 ? ['all_events'] : [])];
      const rows = db.db.prepare(parts.map((t) => `SELECT timestamp, data FROM ${t}`).join(' UNION ')).raw(true).all() as unknown[][];
      const artifact = path.basename(f.path);
      return rows.flatMap(([ts, data]): Result[] => {
        // A row with neither is skipped (MVT would reuse the previous record).
        if (!ts && !data) return [];
        const parsed = data ? (dictOf(parsePlist(Buffer.from(data as Uint8Array), `${f.path} record`)) as Record<string, PlistValue>) : {};
        const r: Result = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, pythonJson(v)]));
        // Seconds since 1970 here (MVT converts with from_2001=False); "" for none or 0.
        r.isodate = ts ? (mvtTimeOfUnix(Number(ts)) ?? '') : '';
        r.artifact = artifact;
        parsedOf.set(r, parsed);
        return [r];
      });
    }),
  );
  return byIsodate(records);
});

export const analytics: DeviceModule = {
  slug: 'analytics',
  description: 'failures and events iOS analytics recorded (private/var/Keychains/Analytics/*.db)',
  sources: ['fs'],
  extract: ({ source }) => analyticsRecords(source),
  check(records, { index }) {
    // As MVT: each text value of a record, as a process name first, else as a domain (dates and
    // bytes are no text there, though analytics.json writes them as such).
    return records.flatMap((r) =>
      Object.values(asPython(r)).flatMap((v): Alert[] => {
        if (typeof v !== 'string' || !v) return [];
        const time = (r.isodate as string) || null;
        const asProcess = highAtMost(matchAlerts('analytics', r, time, index.process(v), `${r.artifact} mentions process`));
        if (asProcess.length > 0) return asProcess;
        return matchAlerts('analytics', r, time, v.includes('://') ? index.url(v) : index.domain(v), `${r.artifact} mentions`);
      }),
    );
  },
  // MVT writes the record itself (Python's repr of it, datetime and bytes values too) as the row's text.
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'analytics', event: String(r.artifact), data: pythonRepr(asPython(r)) })),
};

export const analyticsIosVersions: DeviceModule = {
  slug: 'analytics_ios_versions',
  description: 'when each iOS build first appears in the analytics databases',
  sources: ['fs'],
  extract({ source }) {
    // Each build's earliest time; the first record seen keeps a tie, as in MVT.
    const first = new Map<string, string>();
    for (const r of analyticsRecords(source)) {
      const build = r.build;
      const when = r.isodate;
      if (typeof build !== 'string' || !build || typeof when !== 'string' || !when) continue;
      const seen = first.get(build);
      if (seen === undefined || when < seen) first.set(build, when);
    }
    return byIsodate([...first].map(([build, isodate]) => ({ isodate, build, version: iosVersionOfBuild(build) })));
  },
  check: () => [],
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'analytics_ios_versions', event: 'analytics_ios_version', data: `Seen iOS version ${r.version} (${r.build})` })),
};

/** A journal line's time ("2022-05-11 09:33:02.00 +0200", Python's %Y-%m-%d %H:%M:%S.%f %z) as MVT's UTC text, or null. */
export function journalTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,6}) (?:([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?|Z)$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os ?? 0)) : 0;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 61) return null;
  return mvtTimeOfParts(secondsOfCivil(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)) - offset, Number(frac.padEnd(6, '0')));
}

/** A journal that does not begin with the line MVT reads. */
export class JournalError extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_JOURNAL', `analytics journal: ${detail}`, { where });
  }
}

export const versionHistory: DeviceModule = {
  slug: 'version_history',
  description: 'the iOS versions the phone ran, from analyticsd\'s journals (Analytics-Journal-*.ips)',
  sources: ['fs'],
  extract({ source }) {
    const found = locate(source, /$^/, /^\/private\/var\/db\/analyticsd\/Analytics-Journal-[^/]*\.ips$/, 'Analytics-Journal-*.ips');
    return byIsodate(found.map((f) => {
      // MVT reads each journal's first line: its header, with the time and the OS version.
      const head = fs.readFileSync(f.file, 'utf8').split('\n', 1)[0].trim();
      let line: Record<string, unknown>;
      try {
        line = dictOf(JSON.parse(head));
      } catch {
        throw new JournalError(f.path, 'its first line is not JSON');
      }
      const isodate = typeof line.timestamp === 'string' ? journalTime(line.timestamp) : null;
      if (isodate === null) throw new JournalError(f.path, `its first line has no time MVT can read (${JSON.stringify(line.timestamp ?? null)})`);
      return { isodate, os_version: line.os_version ?? null };
    }));
  },
  check: () => [],
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'version_history', event: 'ios_version', data: `Recorded iOS version ${r.os_version}` })),
};

/** The Cache.db a cache entry came from, relative to the dump, kept off the entry's own keys. */
const CACHE = Symbol('Cache.db');

export const cacheFiles: DeviceModule = {
  slug: 'cache_files',
  description: 'responses apps cached (every Cache.db: URL and time of each)',
  sources: ['fs'],
  extract({ source }) {
    const found = locate(source, /$^/, /\/Cache\.db$/, 'Cache.db');
    return found.flatMap((f) =>
      withEvidenceDb(f.file, f.path, (db) => {
        // A Cache.db of another kind holds no responses: MVT passes it by.
        if (db.columns('cfurl_cache_response').size === 0) return [];
        const key = f.path.replace(/^\//, '');
        // MVT takes the first six columns: entry_ID, version, hash_value, storage_policy, request_key, time_stamp.
        return (db.db.prepare('SELECT * FROM cfurl_cache_response').raw(true).all() as unknown[][]).map(([entry, version, hash, policy, url, stamp]) => {
          const r: Result = { entry_id: entry ?? null, version: version ?? null, hash_value: hash ?? null, storage_policy: policy ?? null, url: url ?? null, isodate: stamp ?? null };
          Object.defineProperty(r, CACHE, { value: key });
          return r;
        });
      }),
    );
  },
  // MVT writes { "path/of/Cache.db": [entries] }.
  json(records) {
    const by: Record<string, Result[]> = {};
    for (const r of records) (by[(r as { [CACHE]?: string })[CACHE] ?? ''] ??= []).push(r);
    return [mvtJson(by)];
  },
  fromJson(value) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([key, list]) =>
      (Array.isArray(list) ? list : []).map((x) => {
        const r = { ...(x as Result) };
        Object.defineProperty(r, CACHE, { value: key });
        return r;
      }),
    );
  },
  check: (records, { index }) => records.flatMap((r) => matchAlerts('cache_files', r, typeof r.isodate === 'string' ? r.isodate : null, index.url(String(r.url ?? '')), `response cached in ${(r as { [CACHE]?: string })[CACHE]} from`)),
  timeline: (records) => records.map((r) => ({ timestamp: typeof r.isodate === 'string' ? r.isodate : null, module: 'cache_files', event: 'cache_response', data: `${(r as { [CACHE]?: string })[CACHE]} recorded visit to URL ${r.url}` })),
};
