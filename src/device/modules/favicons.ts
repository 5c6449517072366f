// Favicon caches, as MVT reads them: the pages whose icons Safari (Favicons.db, in a dump), Chrome
// (its Favicons database) and Firefox (browser.db's favicons) kept. A browser keeps a page's icon after its history is cleared,
// so an exploit link can outlive the visit in them.
import type { MatchIndex } from '../../indicators/index.ts';
import { exactRows, realOf, withEvidenceDb } from '../sqlite.ts';
import { mvtTimeOfApple, mvtTimeOfUnix } from '../time.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { mvtTimeOfChrome } from './browser-history.ts';
import { byIsodate, locate, matchAlerts, pyStr, withFirstDb } from './common.ts';

/** The alerts of the first of a record's URLs (each with what it is) that matches indicators, as MVT checks a page and its icon. */
function firstUrlAlerts(slug: string, index: MatchIndex, r: Result, time: string | null, urls: [unknown, string][]): Alert[] {
  for (const [url, what] of urls) {
    const hits = matchAlerts(slug, r, time, index.url(String(url ?? '')), what);
    if (hits.length > 0) return hits;
  }
  return [];
}

/** Safari's and Chrome's order: the page's URL, else the icon's. */
const pageOrIcon = (slug: string, index: MatchIndex, r: Result): Alert[] => firstUrlAlerts(slug, index, r, r.isodate as string | null, [[r.url, 'page with a cached icon'], [r.icon_url, 'cached icon']]);

export const safariFavicon: DeviceModule = {
  slug: 'safari_favicon',
  description: 'pages whose icons Safari cached, kept and rejected (Favicons.db)',
  sources: ['fs'],
  extract({ source }) {
    const found = locate(source, /$^/, /^\/private\/var\/mobile\/(Containers\/Data\/Application\/[^/]+\/)?Library\/Image Cache\/Favicons\/Favicons\.db$/, 'Favicons.db');
    return byIsodate(found.flatMap((f) => withEvidenceDb(f.file, f.path, (db) => {
      db.require('page_url', ['url', 'uuid']);
      db.require('icon_info', ['uuid', 'url', 'timestamp']);
      db.require('rejected_resources', ['page_url', 'icon_url', 'timestamp']);
      // MVT's record; the database named by its path in the dump, where MVT gives its path on the analyst's disk.
      const record = (type: string) => ([url, icon, ts]: unknown[]): Result => ({ url, icon_url: icon, timestamp: realOf(ts), isodate: mvtTimeOfApple(ts), type, safari_favicon_db_path: f.path });
      const valid = db.db.prepare('SELECT page_url.url, icon_info.url, icon_info.timestamp FROM page_url JOIN icon_info ON page_url.uuid = icon_info.uuid ORDER BY icon_info.timestamp').raw(true).all() as unknown[][];
      const rejected = db.db.prepare('SELECT page_url, icon_url, timestamp FROM rejected_resources ORDER BY timestamp').raw(true).all() as unknown[][];
      return [...valid.map(record('valid')), ...rejected.map(record('rejected'))];
    })));
  },
  check: (records, { index }) => records.flatMap((r) => pageOrIcon('safari_favicon', index, r)),
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'safari_favicon', event: 'safari_favicon', data: `Safari favicon from ${r.url} with icon URL ${r.icon_url} (${r.type})` })),
};

const CHROME_FAVICONS = {
  backup: /^AppDomain-com\.google\.chrome\.ios-Library\/Application Support\/Google\/Chrome\/Default\/Favicons$/,
  dump: /^\/private\/var\/mobile\/Containers\/Data\/Application\/[^/]+\/Library\/Application Support\/Google\/Chrome\/Default\/Favicons$/,
};

// In a dump, Firefox's app group or the path MVT names.
const FIREFOX_BROWSER_DB = {
  backup: /^AppDomainGroup-group\.org\.mozilla\.ios\.Firefox-profile\.profile\/browser\.db$/,
  dump: /^\/private\/var\/mobile\/(Containers\/Shared\/AppGroup\/[^/]+\/)?profile\.profile\/browser\.db$/,
};

export const chromeFavicon: DeviceModule = {
  slug: 'chrome_favicon',
  description: 'pages whose icons Chrome cached (Favicons)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    // As MVT: the first database found.
    return withFirstDb(source, CHROME_FAVICONS.backup, CHROME_FAVICONS.dump, 'Chrome Favicons', (db) => {
      db.require('icon_mapping', ['id', 'page_url', 'icon_id']);
      db.require('favicons', ['id', 'url']);
      db.require('favicon_bitmaps', ['icon_id', 'last_updated', 'last_requested']);
      // MVT takes the last update, or the last request when never updated; microseconds since 1601,
      // split in SQL so that no digit is lost to a double.
      const rows = exactRows(db, `SELECT page_url, url, t, t / 1000000, t % 1000000 FROM (
          SELECT icon_mapping.id AS id, icon_mapping.page_url AS page_url, favicons.url AS url,
                 CASE WHEN CAST(favicon_bitmaps.last_updated AS INTEGER) != 0 THEN CAST(favicon_bitmaps.last_updated AS INTEGER) ELSE CAST(favicon_bitmaps.last_requested AS INTEGER) END AS t
          FROM icon_mapping JOIN favicon_bitmaps ON icon_mapping.icon_id = favicon_bitmaps.icon_id JOIN favicons ON icon_mapping.icon_id = favicons.id
        ) ORDER BY id`);
      return byIsodate(rows.map(([url, icon, t, secs, micros]) => ({ url, icon_url: icon, timestamp: t, isodate: mvtTimeOfChrome(secs, micros) })));
    });
  },
  check: (records, { index }) => records.flatMap((r) => pageOrIcon('chrome_favicon', index, r)),
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'chrome_favicon', event: 'new_favicon', data: `${r.icon_url} from ${r.url}` })),
};

export const firefoxFavicon: DeviceModule = {
  slug: 'firefox_favicon',
  description: 'icons Firefox cached and the pages they came with (browser.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    // As MVT: the first database found.
    return withFirstDb(source, FIREFOX_BROWSER_DB.backup, FIREFOX_BROWSER_DB.dump, 'Firefox browser.db', (db) => {
      db.require('favicons', ['id', 'url', 'width', 'height', 'type', 'date']);
      db.require('favicon_sites', ['siteID', 'faviconID']);
      db.require('history', ['id', 'url']);
      const rows = db.db.prepare(`SELECT favicons.id, favicons.url, favicons.width, favicons.height, favicons.type, favicons.date, history.id, history.url
        FROM favicons INNER JOIN favicon_sites ON favicon_sites.faviconID = favicons.id INNER JOIN history ON favicon_sites.siteID = history.id`).raw(true).all() as unknown[][];
      // Seconds since 1970; MVT writes "" for a time it cannot convert.
      return rows.map(([id, url, width, height, type, date, historyId, historyUrl]) => ({
        id, url, width, height, type, isodate: date === null ? '' : (mvtTimeOfUnix(Number(date)) ?? ''), history_id: historyId, history_url: historyUrl,
      }));
    });
  },
  // As MVT: the icon's URL first, then the page's.
  check: (records, { index }) => records.flatMap((r) => firstUrlAlerts('firefox_favicon', index, r, (r.isodate as string) || null, [[r.url, 'cached icon'], [r.history_url, 'page with a cached icon']])),
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'firefox_favicon', event: 'firefox_history', data: `Firefox favicon ${pyStr(r.url)} when visiting ${pyStr(r.history_url)}` })),
};
