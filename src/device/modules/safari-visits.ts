// Safari's visits as MVT's safari_history records, read without SQL's join and sort. A history
// repeats each page's URL on every visit: joined in SQLite, each visit brought its own copy of the
// URL string, kept until the module ends, and a profile showed a quarter of the module's time in
// the garbage collector, which moves such strings. Read apart, the visits share their page's one.
import { realOf, rowsInPages, type EvidenceDb } from '../sqlite.ts';
import type { Result } from '../types.ts';
import { inTimeOrder } from './common.ts';
import { mvtTimeOfApple } from '../time.ts';

/** The visits of one History.db in the table's order, `where` its path. */
export function* safariVisitRows(db: EvidenceDb, where: string): Generator<Result> {
  const urls = new Map(db.db.prepare('SELECT id, url FROM history_items').raw(true).all() as [unknown, unknown][]);
  // Older iOS versions lack the redirect columns.
  const column = (name: string) => db.orNull('history_visits', name);
  for (const [, item, visitId, time, from, to, title] of rowsInPages(db, `history_item, id, visit_time, ${column('redirect_source')}, ${column('redirect_destination')}, ${column('title')}`, 'history_visits')) {
    const url = urls.get(item);
    // A visit of no known page is left out, as MVT's join leaves it.
    if (url === undefined) continue;
    yield { id: item, url, visit_id: visitId, timestamp: realOf(time), isodate: mvtTimeOfApple(time), redirect_source: from, redirect_destination: to, safari_history_db: where, title: title ?? null };
  }
}

/** The visits of one History.db in time order (equal times in the table's order), `where` its path. */
export const safariVisits = (db: EvidenceDb, where: string): Result[] => inTimeOrder([...safariVisitRows(db, where)], 'timestamp');
