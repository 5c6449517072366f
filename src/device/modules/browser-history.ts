// Browser history modules (Safari, Chrome, Firefox) differ in where their databases are, their
// tables, clock and record fields, and Safari's redirect heuristic: one factory builds each,
// reading the visits of every database it finds and checking every URL.
import { ArtifactNotFound } from '../errors.ts';
import { exactJson } from '../../core/index.ts';
import { JsonLineList, jsonLines } from '../json-chunks.ts';
import { exactRows, withEvidenceDb, type EvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';
import { Streamed, type Alert, type DeviceModule, type ModuleContext, type Result, type TimelineRow } from '../types.ts';
import { mvtTimeOfParts, mvtTimeOfUnix } from '../time.ts';
import { matchAlerts, sqliteOrder, withModuleDb } from './common.ts';
import { fastRedirects, redirectNeeds } from './redirects.ts';
import { safariVisitRows, safariVisits } from './safari-visits.ts';

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
  /**
   * For a check that streams the visits (streamHistories): a database's visits in the table's
   * order, and whether the heuristics read a visit and which visit (by `visit_id`) they read with it.
   */
  stream?: {
    visits: (db: EvidenceDb, where: string) => Iterable<Result>;
    needs: (r: Result) => { needed: boolean; names?: unknown };
  };
  /** MVT's timeline rows: their event, and a record's description. */
  event: string;
  describe: (r: Result) => string;
}

/** `read` over every database of the module's (each profile's, each app container's), given its path as MVT writes it. */
function eachHistory<T>(source: ArtifactSource, s: HistorySpec, read: (db: EvidenceDb, where: string) => T): T[] {
  const open = (where: string) => (db: EvidenceDb) => {
    for (const [table, cols] of s.tables) db.require(table, cols);
    return read(db, where);
  };
  const found = s.find ? source.find(s.find) : [];
  // A backup's files come with their relative path; a dump's path loses its leading slash, as MVT writes it.
  if (found.length > 0) return found.map((f) => withEvidenceDb(f.file, f.path, open(f.path.replace(/^\//, ''))));
  if (!s.backup && s.fsPaths.every((p) => !source.file(p))) throw new ArtifactNotFound(`${s.slug} database`);
  return [withModuleDb(source, s.backup, s.fsPaths, open(s.backup?.path ?? s.fsPaths[0].replace(/^\//, '')))];
}

function readHistories(source: ArtifactSource, s: HistorySpec): Result[] {
  return eachHistory(source, s, s.visits).flat();
}

const rowOf = (s: HistorySpec, r: Result): TimelineRow => ({ timestamp: r.isodate as string | null, module: s.slug, event: s.event, data: s.describe(r) });

/**
 * In a check, each visit's line of <slug>.json and timeline row are made as it is read, and only
 * the visits the check can alert on are kept (an indicator matches its URL, or the heuristics read
 * it): half a million visits kept to the module's end were a third of its time in the garbage
 * collector. The file and rows are those of the visits in time order, so this holds only where
 * each database's visits are in time order in its table, as a phone appends them, and where every
 * visit the heuristics read with a kept one is kept too; otherwise undefined, and the visits are
 * read again and kept (visits synced from another device can come out of order).
 */
function streamHistories(ctx: ModuleContext, s: HistorySpec, stream: NonNullable<HistorySpec['stream']>): Streamed | undefined {
  const rows = ctx.timelineRun!();
  const list = new JsonLineList(ctx.resultsFile?.());
  const kept: Result[] = [];
  const whole = eachHistory(ctx.source, s, (db, where) => {
    let last = -Infinity;
    const keptIds = new Set<unknown>();
    const named: unknown[] = [];
    // Whether an indicator matches a page's URL, by the page's id: a visit's page is asked once.
    const matched = new Map<unknown, boolean>();
    const matches = (r: Result) => matched.get(r.id) ?? matched.set(r.id, ctx.index.url(String(r.url)).length > 0).get(r.id)!;
    for (const r of stream.visits(db, where)) {
      const time = sqliteOrder(r.timestamp);
      if (time < last) return false;
      last = time;
      list.add(exactJson(r));
      rows.add(rowOf(s, r));
      const { needed, names } = stream.needs(r);
      if (names != null) named.push(names);
      if (needed || matches(r)) {
        kept.push(r);
        keptIds.add(r.visit_id);
      }
    }
    return named.every((id) => keptIds.has(id));
  });
  if (!whole.every(Boolean)) return undefined;
  list.finish();
  return new Streamed(list.count, kept);
}

function browserHistory(s: HistorySpec): DeviceModule {
  return {
    slug: s.slug,
    description: s.description,
    sources: ['backup', 'fs'],
    extract: (ctx) => {
      const streamed = s.stream && ctx.timelineRun && streamHistories(ctx, s, s.stream);
      if (streamed) return streamed;
      const records = readHistories(ctx.source, s);
      // The file a stream began, begun again with every visit in time order.
      if (s.stream && ctx.timelineRun && ctx.resultsFile) {
        const file = ctx.resultsFile();
        for (const piece of jsonLines(records)) file.push(piece);
      }
      return records;
    },
    check: (records, { index }) => [...(s.heuristics?.(records) ?? []), ...records.flatMap((r) => matchAlerts(s.slug, r, r.isodate as string | null, index.url(String(r.url)), 'visited URL'))],
    timeline: (records) => records.map((r) => rowOf(s, r)),
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
  stream: { visits: safariVisitRows, needs: redirectNeeds },
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
