// Safari's History.db as iOS creates it (every column of the two tables the modules read), so a
// synthetic backup carries the redirect columns MVT's query and its injection heuristic need.
import type Database from 'better-sqlite3';

export const SAFARI_HISTORY_SCHEMA = `
  CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, domain_expansion TEXT NULL,
    visit_count INTEGER NOT NULL, daily_visit_counts BLOB NOT NULL, weekly_visit_counts BLOB NULL, autocomplete_triggers BLOB NULL,
    should_recompute_derived_visit_counts INTEGER NOT NULL, visit_count_score INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT,
    history_item INTEGER NOT NULL REFERENCES history_items(id) ON DELETE CASCADE, visit_time REAL NOT NULL, title TEXT NULL,
    load_successful BOOLEAN NOT NULL DEFAULT 1, http_non_get BOOLEAN NOT NULL DEFAULT 0, synthesized BOOLEAN NOT NULL DEFAULT 0,
    redirect_source INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,
    redirect_destination INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,
    origin INTEGER NOT NULL DEFAULT 0, generation INTEGER NOT NULL DEFAULT 0, attributes INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0);
  CREATE INDEX history_visits__last_visit ON history_visits (history_item, visit_time DESC, synthesized ASC);
  CREATE INDEX history_visits__origin ON history_visits (origin, generation);`;

/** Inserts into those tables: an item by URL (its id), a visit (its id), and a redirect between two visits. */
export function safariWriter(db: Database.Database) {
  const item = db.prepare(`INSERT INTO history_items (url, domain_expansion, visit_count, daily_visit_counts, should_recompute_derived_visit_counts, visit_count_score)
    VALUES (?, NULL, 1, X'', 0, 100) ON CONFLICT (url) DO UPDATE SET visit_count = visit_count + 1 RETURNING id`);
  const visit = db.prepare('INSERT INTO history_visits (history_item, visit_time, title) VALUES (?, ?, ?)');
  const from = db.prepare('UPDATE history_visits SET redirect_destination = ? WHERE id = ?');
  const to = db.prepare('UPDATE history_visits SET redirect_source = ? WHERE id = ?');
  return {
    visit(url: string, time: number, title: string | null = null): number {
      const id = (item.get(url) as { id: number }).id;
      return Number(visit.run(id, time, title).lastInsertRowid);
    },
    redirect(source: number, destination: number): void {
      from.run(destination, source);
      to.run(source, destination);
    },
  };
}
