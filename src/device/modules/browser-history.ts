// Browser history modules (Safari, Chrome, Firefox) differ in where their databases are, their
// tables, clock and record fields, and Safari's redirect heuristic: one factory builds each,
// reading the visits of every database it finds and checking every URL.
import { ArtifactNotFound } from '../errors.ts';
import { withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { isoOfEpochMs } from '../time.ts';
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
    timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: s.slug, event: 'visit', data: String(r.url) })),
  };
}

const micros = (offsetMs: number) => (v: unknown) => (v == null ? null : isoOfEpochMs(Number(v) / 1000 - offsetMs));
/** Visits selected as (url, time, title) rows in time order; rows as arrays, half the allocations of row objects. */
const urlTimeTitle = (sql: string, time: (v: unknown) => string | null) => (db: EvidenceDb): Result[] =>
  (db.db.prepare(sql).raw(true).all() as unknown[][]).map(([url, t, title]) => ({ isodate: time(t), url, title: title ?? null }));

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
});

export const chromeHistory = browserHistory({
  slug: 'chrome_history',
  description: 'Chrome browsing history (History)',
  backup: { domain: 'AppDomain-com.google.chrome.ios', path: 'Library/Application Support/Google/Chrome/Default/History' },
  fsPaths: ['/private/var/mobile/Containers/Data/Application/Chrome/Library/Application Support/Google/Chrome/Default/History'],
  tables: [['urls', ['id', 'url']], ['visits', ['url', 'visit_time']]],
  // Chrome counts microseconds from 1601-01-01.
  visits: urlTimeTitle('SELECT u.url, v.visit_time AS time, u.title FROM visits v JOIN urls u ON u.id = v.url ORDER BY v.visit_time', micros(11_644_473_600_000)),
});

export const firefoxHistory = browserHistory({
  slug: 'firefox_history',
  description: 'Firefox browsing history (places.sqlite / browser.db)',
  backup: null,
  fsPaths: [],
  find: /(places\.sqlite|browser\.db)$/,
  tables: [['moz_places', ['id', 'url']], ['moz_historyvisits', ['place_id', 'visit_date']]],
  visits: urlTimeTitle('SELECT p.url, v.visit_date AS time, NULL AS title FROM moz_historyvisits v JOIN moz_places p ON p.id = v.place_id ORDER BY v.visit_date', micros(0)),
});
