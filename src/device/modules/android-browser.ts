// browser_history: the Chromium browsers' History databases recent AndroidQF collects
// (browser_history/manifest.json names each: browser, package, profile, where it was on the phone
// and where in the collection), read as MVT's BrowserHistory reads them: every visit with its
// page, in time order, the visited URL against indicators (CRITICAL). A database the manifest
// names outside browser_history/ is not read; one that cannot be read is left out, and when none
// can, the module fails with the first database's error.
import fs from 'node:fs';
import { CollectionError, manifestList, manifestPath } from '../android/parse-json.ts';
import { ArtifactNotFound } from '../errors.ts';
import { exactRows, withEvidenceDb } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { mvtTimeOfChrome } from './browser-history.ts';
import { recordsOfEach } from './android-common.ts';
import { matchAlerts } from './common.ts';

const SLUG = 'browser_history';
const FIELDS = ['browser', 'package', 'profile', 'device_path', 'archive_path'] as const;
type Database = Record<(typeof FIELDS)[number], string>;

/** MVT's validate_manifest_database: every field a non-empty string, the archive path relative and under browser_history/ (given back normalized). */
export function manifestDatabase(entry: unknown, where: string): Database {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new CollectionError(where, 'a database entry is not an object');
  const e = entry as Record<string, unknown>;
  for (const f of FIELDS) if (typeof e[f] !== 'string' || e[f] === '') throw new CollectionError(where, `a database entry has an invalid ${f}`);
  const archivePath = manifestPath(e.archive_path, 'browser_history');
  if (!archivePath) throw new CollectionError(where, `unsafe browser history archive path: ${e.archive_path}`);
  return { ...(e as Database), archive_path: archivePath };
}

export const browserHistoryAndroid: DeviceModule = {
  slug: SLUG,
  description: 'Chromium browsers\' history (AndroidQF browser_history/)',
  sources: ['androidqf'],
  extract({ source }) {
    const manifest = source.find(/(^|\/)browser_history\/manifest\.json$/)[0];
    if (!manifest) throw new ArtifactNotFound('browser_history/manifest.json');
    // The databases' paths are relative to the folder holding browser_history/.
    const prefix = manifest.path.slice(0, -'browser_history/manifest.json'.length).replace(/^\/+|\/+$/g, '');
    const entries = manifestList(fs.readFileSync(manifest.file, 'utf8'), manifest.path, 'browser history', 'databases', true);
    return recordsOfEach(entries, (entry) => {
      const db = manifestDatabase(entry, manifest.path);
      const inCollection = prefix ? `${prefix}/${db.archive_path}` : db.archive_path;
      const file = source.file(inCollection);
      if (!file) throw new ArtifactNotFound(`browser history database ${db.archive_path}`);
      return withEvidenceDb(file, inCollection, (history) => {
        history.require('urls', ['id', 'url', 'title', 'visit_count', 'typed_count']);
        history.require('visits', ['id', 'url', 'visit_time', 'from_visit', 'transition']);
        const rows = exactRows(history, 'SELECT urls.id, urls.url, urls.title, urls.visit_count, urls.typed_count, visits.id, visits.visit_time, visits.from_visit, visits.transition, visits.visit_time / 1000000, visits.visit_time % 1000000 FROM urls JOIN visits ON visits.url = urls.id ORDER BY visits.visit_time');
        // MVT takes each visit's time as a whole number: a database with a visit of no time fails whole.
        if (rows.some((r) => typeof r[6] !== 'number' && typeof r[6] !== 'bigint')) throw new CollectionError(inCollection, 'a visit has no time');
        return rows.map(([id, url, title, visitCount, typedCount, visitId, time, from, transition, secs, micros]) => ({ id, url, title, visit_count: visitCount, typed_count: typedCount, visit_id: visitId, timestamp: time, isodate: mvtTimeOfChrome(secs, micros), redirect_source: from, transition, browser: db.browser, package: db.package, profile: db.profile, source_path: db.device_path }));
      });
    });
  },
  // MVT's alert gives no time ("").
  check: (records, { index }) => records.flatMap((r) => matchAlerts(SLUG, r, '', index.url(String(r.url)), 'visited URL')),
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: SLUG, event: 'browser_history', data: `${r.browser} visit to ${r.url} (visit ID: ${r.visit_id}, profile: ${r.profile})` })),
};
