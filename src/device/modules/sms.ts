// iOS Messages (sms.db): every message with its sender and the links it carries, checked
// against domain and URL indicators (exploit links arrived this way in many campaigns).
import { appleTime } from '../sqlite.ts';
import type { DeviceModule, Result } from '../types.ts';
import { linkAlerts, openModuleDb, urlsIn } from './common.ts';

export const sms: DeviceModule = {
  slug: 'sms',
  description: 'SMS and iMessage messages and their links (sms.db)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const db = openModuleDb(source, { domain: 'HomeDomain', path: 'Library/SMS/sms.db' }, ['/private/var/mobile/Library/SMS/sms.db']);
    try {
      db.require('message', ['ROWID', 'guid', 'text', 'date', 'handle_id', 'is_from_me']);
      db.require('handle', ['ROWID', 'id']);
      // Rows as arrays: one allocation fewer per message, for phones with hundreds of thousands.
      const rows = db.db.prepare(
        `SELECT m.guid, m.text, m.date, m.is_from_me, h.id AS handle FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.date`,
      ).raw(true).all() as unknown[][];
      return rows.map(([guid, text, date, fromMe, handle]): Result => ({ isodate: appleTime(date), guid, handle: handle ?? null, direction: fromMe ? 'sent' : 'received', text: text ?? '', links: urlsIn(text) }));
    } finally {
      db.close();
    }
  },
  check(records, { index }) {
    return linkAlerts('sms', records, index, 'link in a message');
  },
  timeline(records) {
    return records.map((r) => ({ timestamp: r.isodate as string | null, module: 'sms', event: `sms_${r.direction}`, data: `${r.handle ?? ''}: ${r.text}` }));
  },
};
