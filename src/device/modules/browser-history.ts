// Browser history modules (Safari, Chrome, Firefox) differ in where their databases are, their
// tables, clock and record fields, and Safari's redirect heuristic: one factory builds each,
// reading the visits of every database it finds and checking every URL.
import { ArtifactNotFound } from '../errors.ts';
import { jsonLines } from '../json-chunks.ts';
import { exactRows, withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { mvtTimeOfParts, mvtTimeOfUnix } from '../time.ts';
import { matchAlerts, withModuleDb } from './common.ts';
import { fastRedirects } from './redirects.ts';
import { safariVisits } from './safari-visits.ts';

interface HistorySpec {
  slug: string;
  description: string;
  backup: { domain: string; path: string } | null;
  fsPaths: string[];
  /** Every database found by path anywhere in the source when there may be several (profiles, app containers). */
  find?: RegExp;
  tables: [string, string[]][];
  /** The records of one database's visits in time order, given the database's path. */
  visits: (db: EvidenceDb, where: string) => Result[];
  /** Heuristics beyond indicators, over all records. */
  heuristics?: (records: Result[]) => Alert[];
  /** MVT's timeline rows: their event, and a record's description. */
  event: string;
  describe: (r: Result) => string;
}

function readHistories(source: ArtifactSource, s: HistorySpec): Result[] {
  const read = (where: string) => (db: EvidenceDb) => {
    for (const [table, cols] of s.tables) db.require(table, cols);
    return s.visits(db, where);
  };
  const found = s.find ? source.find(s.find) : [];
  // A backup's files come with their relative path; a dump's path loses its leading slash, as MVT writes it.
  if (found.length > 0) return found.flatMap((f) => withEvidenceDb(f.file, f.path, read(f.path.replace(/^\//, ''))));
  if (!s.backup && s.fsPaths.every((p) => !source.file(p))) throw new ArtifactNotFound(`${s.slug} database`);
  return withModuleDb(source, s.backup, s.fsPaths, read(s.backup?.path ?? s.fsPaths[0].replace(/^\//, '')));
}

function browserHistory(s: HistorySpec): DeviceModule {
  return {
    slug: s.slug,
    description: s.description,
    sources: ['backup', 'fs'],
    extract: ({ source }) => readHistories(source, s),
    check: (records, { index }) => [...(s.heuristics?.(records) ?? []), ...records.flatMap((r) => matchAlerts(s.slug, r, r.isodate as string | null, index.url(String(r.url)), 'visited URL'))],
    timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: s.slug, event: s.event, data: s.describe(r) })),
    // A visit to a line, as sms.json has a message: a big history's indent cost a third of writing it.
    json: (records) => jsonLines(records),
  };
}

/**
 * A count of microseconds, split by SQLite into whole seconds and the rest (exact integers: the
 * count itself passes 2^53 and would lose digits as a double), from an epoch `offset` seconds
 * before 1970. Chrome counts from 1601-01-01; MVT adds it as a timedelta, to the microsecond.
 */
function ofMicros(secs: unknown, micros: unknown, offset: number): string | null {
  if (typeof secs !== 'number' || typeof micros !== 'number') return null;
  return micros < 0 ? mvtTimeOfParts(secs - offset - 1, micros + 1e6) : mvtTimeOfParts(secs - offset, micros);
}
const CHROME_EPOCH = 11_644_473_600;

/** A Chrome time (microseconds since 1601, split by SQLite into seconds and the rest) as MVT's text, as MVT converts it. */
export const mvtTimeOfChrome = (secs: unknown, micros: unknown): string | null => ofMicros(secs, micros, CHROME_EPOCH);

/** Chrome's visits as MVT's records, with the page title; rows as arrays, half the allocations of row objects. */
function chromeVisits(db: EvidenceDb): Result[] {
  const rows = exactRows(db, 'SELECT u.id, u.url, v.id, v.visit_time, v.from_visit, u.title, v.visit_time / 1000000, v.visit_time % 1000000 FROM visits v JOIN urls u ON u.id = v.url ORDER BY v.visit_time');
  return rows.map(([id, url, visitId, time, from, title, secs, micros]) => ({ id, url, visit_id: visitId, timestamp: time, isodate: time == null ? null : ofMicros(secs, micros, CHROME_EPOCH), redirect_source: from, title: title ?? null }));
}

/**
 * Firefox's visits. Firefox for iOS keeps `history` and `visits` in browser.db (MVT's records:
 * id, isodate, url, title, is_local, type); Gecko's places.sqlite, `moz_places` and `moz_historyvisits`.
 */
function firefoxVisits(db: EvidenceDb): Result[] {
  const ios = db.columns('visits').has('siteID') && db.columns('history').has('url');
  if (ios) {
    // MVT divides in SQL: whole seconds.
    const rows = db.db.prepare('SELECT v.id, v.date / 1000000, h.url, h.title, v.is_local, v.type FROM visits v JOIN history h ON h.id = v.siteID ORDER BY v.date').raw(true).all() as unknown[][];
    return rows.map(([id, secs, url, title, local, type]) => ({ id, isodate: typeof secs === 'number' ? mvtTimeOfUnix(secs) : null, url, title: title ?? null, is_local: local, type }));
  }
  db.require('moz_places', ['id', 'url']);
  db.require('moz_historyvisits', ['id', 'place_id', 'visit_date']);
  const rows = db.db.prepare(`SELECT v.id, v.visit_date / 1000000, v.visit_date % 1000000, p.url, ${db.orNull('moz_places', 'title', 'p')} FROM moz_historyvisits v JOIN moz_places p ON p.id = v.place_id ORDER BY v.visit_date`).raw(true).all() as unknown[][];
  return rows.map(([id, secs, micros, url, t]) => ({ id, isodate: ofMicros(secs, micros, 0), url, title: t ?? null }));
}

export const safariHistory = browserHistory({
  slug: 'safari_history',
  description: 'Safari history visits (History.db, each profile\'s too), with redirects faster than a person',
  backup: { domain: 'AppDomain-com.apple.mobilesafari', path: 'Library/Safari/History.db' },
  fsPaths: ['/private/var/mobile/Library/Safari/History.db'],
  // iOS 17 gives each Safari profile its own History.db beside the default one.
  find: /^(AppDomain-com\.apple\.mobilesafari-Library\/Safari\/(Profiles\/[^/]+\/)?History\.db|\/private\/var\/mobile\/(Containers\/Data\/Application\/[^/]+\/)?Library\/Safari\/(Profiles\/[^/]+\/)?History\.db)$/,
  tables: [['history_items', ['id', 'url']], ['history_visits', ['id', 'history_item', 'visit_time']]],
  // MVT's fields, and the page title.
  visits: safariVisits,
  heuristics: (records) => fastRedirects('safari_history', records),
  event: 'safari_history',
  describe: (r) => `Safari visit to ${r.url} (ID: ${r.id}, Visit ID: ${r.visit_id})`,
});

export const chromeHistory = browserHistory({
  slug: 'chrome_history',
  description: 'Chrome browsing history (History)',
  backup: { domain: 'AppDomain-com.google.chrome.ios', path: 'Library/Application Support/Google/Chrome/Default/History' },
  fsPaths: ['/private/var/mobile/Containers/Data/Application/Chrome/Library/Application Support/Google/Chrome/Default/History'],
  find: /^(AppDomain-com\.google\.chrome\.ios-Library\/Application Support\/Google\/Chrome\/Default\/History|\/private\/var\/mobile\/Containers\/Data\/Application\/[^/]+\/Library\/Application Support\/Google\/Chrome\/Default\/History)$/,
  tables: [['urls', ['id', 'url']], ['visits', ['id', 'url', 'visit_time', 'from_visit']]],
  visits: chromeVisits,
  event: 'visit',
  describe: (r) => `${r.id} - ${r.url} (visit ID: ${r.visit_id}, redirect source: ${r.redirect_source})`,
});

export const firefoxHistory = browserHistory({
  slug: 'firefox_history',
  description: 'Firefox browsing history (browser.db of Firefox for iOS; places.sqlite)',
  backup: null,
  fsPaths: [],
  find: /(\/profile\.profile\/browser\.db|-profile\.profile\/browser\.db|places\.sqlite)$/i,
  tables: [],
  visits: firefoxVisits,
  event: 'firefox_history',
  describe: (r) => `Firefox visit with ID ${r.id} to URL: ${r.url}`,
});
