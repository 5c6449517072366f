// Safari browsing history (History.db): every visit, checked against domain and URL indicators.
import { appleTime } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { matchAlerts, openModuleDb } from './common.ts';

export const safariHistory: DeviceModule = {
  slug: 'safari_history',
  description: 'Safari history visits (History.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const db = openModuleDb(source, { domain: 'AppDomain-com.apple.mobilesafari', path: 'Library/Safari/History.db' }, ['/private/var/mobile/Library/Safari/History.db']);
    try {
      db.require('history_items', ['id', 'url']);
      db.require('history_visits', ['id', 'history_item', 'visit_time']);
      const rows = db.db.prepare(
        `SELECT v.id, v.visit_time, i.url, v.title FROM history_visits v JOIN history_items i ON i.id = v.history_item ORDER BY v.visit_time`,
      ).all() as Result[];
      return rows.map((r) => ({ id: r.id, isodate: appleTime(r.visit_time), url: r.url, title: r.title ?? null }));
    } finally {
      db.close();
    }
  },
  check(records, { index }) {
    return records.flatMap((r) => matchAlerts('safari_history', r, r.isodate as string | null, index.url(String(r.url)), 'visited URL'));
  },
  timeline(records) {
    return records.map((r) => ({ timestamp: r.isodate as string | null, module: 'safari_history', event: 'safari_history', data: String(r.url) }));
  },
};
