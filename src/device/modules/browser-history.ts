// Browser history modules (Safari, Chrome, Firefox) differ only in where the database is, its
// tables and its clock: one factory builds each, reading visits and checking every URL.
import { ArtifactNotFound } from '../errors.ts';
import { appleTime, withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { DeviceModule, Result } from '../types.ts';
import { isoOfEpochMs } from '../time.ts';
import { matchAlerts, withModuleDb } from './common.ts';

interface HistorySpec {
  slug: string;
  description: string;
  backup: { domain: string; path: string } | null;
  fsPaths: string[];
  /** Found by name anywhere in the source when its place varies (app containers). */
  find?: RegExp;
  tables: [string, string[]][];
  /** Selects url, time and title (or NULL) per visit, in that order. */
  sql: string;
  time: (v: unknown) => string | null;
}

function withHistoryDb<T>(source: ArtifactSource, s: HistorySpec, read: (db: EvidenceDb) => T): T {
  const found = s.find && source.find(s.find)[0]?.file;
  if (found) return withEvidenceDb(found, s.slug, read);
  if (!s.backup && s.fsPaths.every((p) => !source.file(p))) throw new ArtifactNotFound(`${s.slug} database`);
  return withModuleDb(source, s.backup, s.fsPaths, read);
}

function browserHistory(s: HistorySpec): DeviceModule {
  return {
    slug: s.slug,
    description: s.description,
    sources: ['backup', 'fs'],
    extract({ source }) {
      return withHistoryDb(source, s, (db) => {
        for (const [table, cols] of s.tables) db.require(table, cols);
        // Rows as arrays (url, time, title): half the allocations of row objects, for histories of millions of visits.
        return (db.db.prepare(s.sql).raw(true).all() as unknown[][]).map(([url, time, title]) => ({ isodate: s.time(time), url, title: title ?? null }));
      });
    },
    check: (records, { index }) => records.flatMap((r) => matchAlerts(s.slug, r, r.isodate as string | null, index.url(String(r.url)), 'visited URL')),
    timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: s.slug, event: 'visit', data: String(r.url) })),
  };
}

const micros = (offsetMs: number) => (v: unknown) => (v == null ? null : isoOfEpochMs(Number(v) / 1000 - offsetMs));

export const safariHistory = browserHistory({
  slug: 'safari_history',
  description: 'Safari history visits (History.db)',
  backup: { domain: 'AppDomain-com.apple.mobilesafari', path: 'Library/Safari/History.db' },
  fsPaths: ['/private/var/mobile/Library/Safari/History.db'],
  tables: [['history_items', ['id', 'url']], ['history_visits', ['id', 'history_item', 'visit_time']]],
  sql: 'SELECT i.url, v.visit_time AS time, v.title FROM history_visits v JOIN history_items i ON i.id = v.history_item ORDER BY v.visit_time',
  time: appleTime,
});

export const chromeHistory = browserHistory({
  slug: 'chrome_history',
  description: 'Chrome browsing history (History)',
  backup: { domain: 'AppDomain-com.google.chrome.ios', path: 'Library/Application Support/Google/Chrome/Default/History' },
  fsPaths: ['/private/var/mobile/Containers/Data/Application/Chrome/Library/Application Support/Google/Chrome/Default/History'],
  tables: [['urls', ['id', 'url']], ['visits', ['url', 'visit_time']]],
  sql: 'SELECT u.url, v.visit_time AS time, u.title FROM visits v JOIN urls u ON u.id = v.url ORDER BY v.visit_time',
  // Chrome counts microseconds from 1601-01-01.
  time: micros(11_644_473_600_000),
});

export const firefoxHistory = browserHistory({
  slug: 'firefox_history',
  description: 'Firefox browsing history (places.sqlite / browser.db)',
  backup: null,
  fsPaths: [],
  find: /(places\.sqlite|browser\.db)$/,
  tables: [['moz_places', ['id', 'url']], ['moz_historyvisits', ['place_id', 'visit_date']]],
  sql: 'SELECT p.url, v.visit_date AS time, NULL AS title FROM moz_historyvisits v JOIN moz_places p ON p.id = v.place_id ORDER BY v.visit_date',
  time: micros(0),
});
