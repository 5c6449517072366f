// iOS Messages (sms.db): every message with its sender and the links it carries, checked
// against domain and URL indicators (exploit links arrived this way in many campaigns), and
// Apple's own threat notification, which tells the owner state-sponsored attackers target them.
import { Streamed, type Alert, type DeviceModule, type Result, type TimelineRow } from '../types.ts';
import { heuristic, inTimeOrder, linkAlerts, mvtLinks, sqliteOrder, withModuleDb } from './common.ts';
import { fullMessage, MessageLines, messageJsonSql, withBase64 } from './sms-rows.ts';
import { rowsInPages } from '../sqlite.ts';
import { mvtTimeOfApple } from '../time.ts';

/** How Apple's threat notification begins when it arrives by iMessage (as MVT looks for it). */
const APPLE_THREAT_NOTIFICATION = 'ALERT: State-sponsored attackers may be targeting your iPhone';

/** A received message that is Apple's threat notification. */
const threatNotification = (r: Result) => r.direction === 'received' && (r.text as string).startsWith(APPLE_THREAT_NOTIFICATION);

// Columns the checks and timeline read beyond the required ones; older iOS versions lack some, read as null.
const OPTIONAL = ['service', 'account', 'date_read'] as const;

/** A message's timeline rows: sent or received, and read. */
function timelineOf(r: Result): TimelineRow[] {
  const data = `${r.service ?? 'SMS'}: ${r.guid} "${(r.text as string).replace(/\n/g, '\\n')}" ${r.direction === 'sent' ? 'to' : 'from'} ${r.phone_number ?? ''}${r.account ? ` (${r.account})` : ''}`;
  const rows = [{ timestamp: r.isodate as string | null, module: 'sms', event: `sms_${r.direction}`, data }];
  if (r.isodate_read) rows.push({ timestamp: r.isodate_read as string, module: 'sms', event: 'sms_read', data });
  return rows;
}

export const sms: DeviceModule = {
  slug: 'sms',
  description: 'SMS and iMessage messages, their links, and Apple threat notifications (sms.db)',
  sources: ['backup', 'fs'],
  extract({ source, index, resultsFile, timelineRun }) {
    return withModuleDb(source, { domain: 'HomeDomain', path: 'Library/SMS/sms.db' }, ['/private/var/mobile/Library/SMS/sms.db'], (db) => {
      db.require('message', ['ROWID', 'guid', 'text', 'date', 'handle_id', 'is_from_me']);
      db.require('handle', ['ROWID', 'id']);
      const optional = OPTIONAL.map((c) => db.orNull('message', c, 'm'));
      // Senders read apart and joined here: each message shares its sender's one number string
      // (joined in SQLite, every message brought its own copy, which the garbage collector moved
      // until the module ended). A message of no known sender has none, as the LEFT JOIN gave.
      const phones = new Map(db.db.prepare('SELECT ROWID, id FROM handle').raw(true).all() as [unknown, unknown][]);
      withBase64(db);
      // Rows read a small page at a time (a message's JSON is ~2 KB): each message's JSON goes
      // into sms.json as it comes. The check below alerts on a notification or a link an
      // indicator matches: those messages' lines are kept (an index's answers are remembered, so
      // the check asks again for nothing).
      const mayAlert = (r: Result) => threatNotification(r) || linkAlerts('sms', [r], index, '').length > 0;
      // In a check, each message's timeline rows are added as it is read and only the messages
      // the check can alert on are kept: 200,000 messages kept to the module's end were a third
      // of its time in the garbage collector. Each row's tie is its message's date, so that rows
      // of equal times keep the order of messages in time order, as when made from them.
      const read = (guardAll: boolean): Result[] | Streamed => {
        const lines = new MessageLines(resultsFile?.());
        const rows = timelineRun?.();
        const records: Result[] = [];
        const messages = rowsInPages(db, `m.guid, m.text, m.date, m.is_from_me, m.handle_id, ${optional.join(', ')}, ${messageJsonSql(db, guardAll)}`, 'message m', 'm.rowid', 128);
        for (const [, guid, text, date, fromMe, handleId, service, account, dateRead, columns] of messages) {
          const r: Result = {
            guid, text: text ?? '', service: service ?? null, account: account ?? null, date, date_read: dateRead ?? null, is_from_me: fromMe, handle_id: handleId,
            phone_number: phones.get(handleId) ?? null, isodate: mvtTimeOfApple(date), isodate_read: mvtTimeOfApple(dateRead), direction: fromMe ? 'sent' : 'received', links: mvtLinks(text),
          };
          const keep = mayAlert(r);
          lines.add(r, columns as string, keep);
          if (rows) for (const row of timelineOf(r)) rows.add(row, sqliteOrder(date));
          if (keep || !rows) records.push(r);
        }
        lines.finish();
        return rows ? new Streamed(lines.count, inTimeOrder(records, 'date')) : inTimeOrder(records, 'date');
      };
      try {
        return read(false);
      } catch (e) {
        // A blob where its column's type says otherwise: read again testing every value, which costs more.
        if (!/BLOB/i.test((e as Error).message)) throw e;
        return read(true);
      }
    });
  },
  check(records, { index }) {
    const warned: Alert[] = records
      .filter(threatNotification)
      .map((r) => heuristic('sms', 'HIGH', `Apple's threat notification: Apple believes state-sponsored attackers target this phone's owner (message of ${r.isodate ?? 'unknown date'}). It is not proof of infection; seek expert help, for example Access Now's Digital Security Helpline`, r, r.isodate as string | null));
    // An alert's event is the message with every column, as in sms.json (one object per message).
    const full = new Map<Result, Result>();
    const event = (r: Result) => full.get(r) ?? full.set(r, fullMessage(r)).get(r)!;
    return [...warned, ...linkAlerts('sms', records, index, 'link in a message')].map((a) => ({ ...a, event: event(a.event) }));
  },
  timeline: (records) => records.flatMap(timelineOf),
};
