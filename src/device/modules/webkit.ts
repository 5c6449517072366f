// Safari's open tabs and their session history (BrowserState.db), and WebKit's own records of the
// sites pages loaded: resource-load statistics (observations.db) and browsing-session resource logs
// (redirect chains). Exploit links that were never "visited" in history often show up here.
import path from 'node:path';
import { parsePlist, type PlistValue } from '../plist.ts';
import { pythonJson } from '../python-values.ts';
import { realOf, withEvidenceDb } from '../sqlite.ts';
import { mvtTimeOfApple, mvtTimeOfDate, mvtTimeOfUnix } from '../time.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dictOf, fromListsByKey, listsByKey, locate, matchAlerts, readPlistDict } from './common.ts';

export const browserState: DeviceModule = {
  slug: 'safari_browser_state',
  description: 'Safari open tabs and their session history (BrowserState.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /-Library\/Safari\/BrowserState\.db$/, /\/Library\/Safari\/BrowserState\.db$/, 'BrowserState.db').flatMap((f) => {
      return withEvidenceDb(f.file, f.path, (db) => {
        db.require('tabs', ['title', 'url', 'user_visible_url', 'last_viewed_time']);
        // Before iOS 12 a tab kept its session in the tabs table itself.
        const sessions = db.columns('tab_sessions').has('session_data')
          ? 'SELECT t.title, t.url, t.user_visible_url, t.last_viewed_time, s.session_data FROM tabs t LEFT JOIN tab_sessions s ON s.tab_uuid = t.uuid ORDER BY t.last_viewed_time'
          : `SELECT title, url, user_visible_url, last_viewed_time, ${db.orNull('tabs', 'session_data')} AS session_data FROM tabs ORDER BY last_viewed_time`;
        const rows = db.db.prepare(sessions).all() as Result[];
        return rows.map((r) => {
          let entries: { entry_title: unknown; entry_url: unknown; data_length: number }[] = [];
          const blob = r.session_data as Buffer | null;
          // The session plist follows a 4-byte header; a damaged one leaves the tab without history.
          if (blob && blob.length > 4) {
            try {
              const history = dictOf(dictOf(parsePlist(blob.subarray(4), f.path)).SessionHistory).SessionHistoryEntries;
              entries = (Array.isArray(history) ? history : []).map((e) => {
                const entry = dictOf(e);
                const data = entry.SessionHistoryEntryData;
                return { entry_title: entry.SessionHistoryEntryTitle ?? null, entry_url: entry.SessionHistoryEntryURL ?? null, data_length: Buffer.isBuffer(data) ? data.length : 0 };
              });
            } catch {
              entries = [];
            }
          }
          return { tab_title: r.title, tab_url: r.url, tab_visible_url: r.user_visible_url, last_viewed_timestamp: mvtTimeOfApple(r.last_viewed_time), session_data: entries, safari_browser_state_db: f.path } as Result;
        });
      });
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => {
      const urls = new Set([r.tab_url, ...(r.session_data as { entry_url: unknown }[]).map((e) => e.entry_url)].filter((u): u is string => typeof u === 'string' && u !== ''));
      return [...urls].flatMap((u) => matchAlerts('safari_browser_state', r, r.last_viewed_timestamp as string | null, index.url(u), 'Safari tab URL'));
    });
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.last_viewed_timestamp as string | null, module: 'safari_browser_state', event: 'tab', data: `${r.tab_title ?? ''} - ${r.tab_url ?? ''}` })),
};

export const resourceLoadStatistics: DeviceModule = {
  slug: 'webkit_resource_load_statistics',
  description: 'domains WebKit loaded resources from (ResourceLoadStatistics/observations.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /-Library\/WebKit\/WebsiteData\/ResourceLoadStatistics\/observations\.db$/, /\/WebKit\/WebsiteData\/(ResourceLoadStatistics\/)?observations\.db$/, 'observations.db').flatMap((f) => {
      return withEvidenceDb(f.file, f.path, (db) => {
        db.require('ObservedDomains', ['domainID', 'registrableDomain', 'lastSeen', 'hadUserInteraction']);
        return (db.db.prepare('SELECT domainID, registrableDomain, lastSeen, hadUserInteraction FROM ObservedDomains').all() as Result[]).map((r) => ({
          domain_id: r.domainID, registrable_domain: r.registrableDomain, last_seen: realOf(r.lastSeen), had_user_interaction: Boolean(r.hadUserInteraction),
          last_seen_isodate: typeof r.lastSeen === 'number' ? mvtTimeOfUnix(r.lastSeen) : null, domain: f.domain ?? '', path: f.path,
        }) as Result);
      });
    });
  },
  check: (records, { index }) => records.flatMap((r) => matchAlerts('webkit_resource_load_statistics', r, r.last_seen_isodate as string | null, index.domain(String(r.registrable_domain ?? '')), 'WebKit loaded a resource from')),
  timeline: (records) => records.map((r) => ({ timestamp: r.last_seen_isodate as string | null, module: 'webkit_resource_load_statistics', event: 'visit', data: `WebKit resource loaded from ${r.registrable_domain}${r.domain ? ` by app in domain ${r.domain}` : ''}` })),
};

/** The origins and domains of a list of redirect entries: dictionaries, as MVT reads them, or plain names. */
const origins = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((e) => [dictOf(e).origin, dictOf(e).domain, typeof e === 'string' ? e : undefined].filter((x): x is string => typeof x === 'string')) : []);
/** The log a record came from: MVT's results are keyed by it, so it is kept beside the record's own keys. */
const LOG = Symbol('resource log');

export const sessionResourceLog: DeviceModule = {
  slug: 'webkit_session_resource_log',
  description: 'redirect chains of browsing sessions (full_browsing_session_resourceLog.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /-Library\/WebKit\/WebsiteData\/ResourceLoadStatistics\/full_browsing_session_resourceLog\.plist$/, /full_browsing_session_resourceLog\.plist$/, 'full_browsing_session_resourceLog.plist').flatMap((f) => {
      const stats = readPlistDict(f.file, f.path).browsingStatistics;
      // MVT keys a backup's log by its stored file, a dump's by its path in the dump. An encrypted
      // backup's is named by where it is stored, not by the temporary file it was decrypted to.
      const log = source.kind === 'backup' ? (f.fileID ? path.join(source.root, f.fileID.slice(0, 2), f.fileID) : f.file) : f.path.replace(/^\//, '');
      return (Array.isArray(stats) ? stats : []).map((s) => {
        const d = dictOf(s);
        const raw = (k: string) => (k in d ? pythonJson(d[k] as PlistValue) : '');
        const r: Result = {
          origin: typeof d.PrevalentResourceOrigin === 'string' ? d.PrevalentResourceOrigin : '',
          redirect_source: raw('topFrameUniqueRedirectsFrom'), redirect_destination: raw('topFrameUniqueRedirectsTo'),
          subframe_under_origin: raw('subframeUnderTopFrameOrigins'), subresource_under_origin: raw('subresourceUnderTopFrameOrigins'),
          user_interaction: d.hadUserInteraction ?? null, most_recent_interaction: mvtTimeOfDate(d.mostRecentUserInteraction) ?? '', last_seen: mvtTimeOfDate(d.lastSeen) ?? '',
        };
        Object.defineProperty(r, LOG, { value: log });
        return r;
      });
    });
  },
  // MVT writes { log: [entries] }.
  json: (records) => listsByKey(records, (r) => String((r as { [LOG]?: string })[LOG] ?? '')),
  fromJson: (value) => fromListsByKey(value),
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const from = origins(r.redirect_source);
      const to = origins(r.redirect_destination);
      const all = new Set([r.origin as string, ...from, ...to].filter(Boolean));
      // MVT's wording of the chain.
      const chain = [from.length > 0 ? `SOURCE: ${from.map((x) => `"${x}"`).join(', ')}` : '', `ORIGIN: "${r.origin}"`, to.length > 0 ? `DESTINATION: ${to.map((x) => `"${x}"`).join(', ')}` : ''].filter(Boolean).join(' -> ');
      for (const d of all) out.push(...matchAlerts('webkit_session_resource_log', r, (r.last_seen as string) || null, index.domain(d.replace(/^https?:\/\//, '')), `HTTP redirect ${chain}: domain`));
    }
    return out;
  },
  // MVT gives this module no timeline; vigil gives each entry a row at its last sighting.
  timeline: (records) => records.map((r) => ({ timestamp: (r.last_seen as string) || null, module: 'webkit_session_resource_log', event: 'session', data: `${r.origin} (from ${origins(r.redirect_source).join(', ') || '-'} to ${origins(r.redirect_destination).join(', ') || '-'})` })),
};
