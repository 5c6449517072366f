// Each message of sms.db as MVT's sms.json gives it: every column of the `message` table (MVT
// selects `message.*`; iOS has 80-odd), binary values in base64, then MVT's own keys, one message
// to a line, in the table's order as MVT's query gives them. SQLite writes each row's JSON itself
// (json_object), and the lines go to the file as the rows are read: 80-key objects for every
// message, stringified after the checks, took twice as long, and the garbage collector moved them
// while the module ran.
import { parseExactJson, sqlString } from '../../core/index.ts';
import { JsonLineList } from '../json-chunks.ts';
import type { PieceWriter } from '../output-files.ts';
import type { EvidenceDb } from '../sqlite.ts';
import type { Result } from '../types.ts';

// Evidence may name its columns anyhow: quoted as SQLite quotes any identifier (hunt's quoteIdent refuses such names).
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
// json_object's arguments are capped (127 in older SQLite): columns go in groups of 60.
const GROUP = 60;

/**
 * SQL giving each message's columns as one JSON object without its closing brace.
 * `guardAll`: test every value for a blob (a value's type need not be its column's).
 */
export function messageJsonSql(db: EvidenceDb, guardAll: boolean): string {
  const cols = db.db.prepare('SELECT name, type FROM pragma_table_info(?)').all('message') as { name: string; type: string }[];
  const value = ({ name, type }: { name: string; type: string }) => {
    const c = `m.${ident(name)}`;
    // MVT writes a message with no text as an empty one.
    if (name === 'text') return `coalesce(${c}, '')`;
    return guardAll || type === '' || /BLOB/i.test(type) ? `iif(typeof(${c}) = 'blob', vigil_base64(${c}), ${c})` : c;
  };
  const groups: string[] = [];
  for (let i = 0; i < cols.length; i += GROUP) groups.push(`rtrim(json_object(${cols.slice(i, i + GROUP).map((c) => `${sqlString(c.name)}, ${value(c)}`).join(', ')}), '}')`);
  // Each group but the first loses its opening brace.
  return groups.map((g, i) => (i === 0 ? g : `',' || substr(${g}, 2)`)).join(' || ');
}

/** Registers the base64 function the SQL above calls (MVT writes binary columns in base64). */
export function withBase64(db: EvidenceDb): void {
  db.db.function('vigil_base64', { deterministic: true }, (v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
}

/** MVT's keys after the columns, and the closing brace. */
const tail = (r: Result) =>
  `,"phone_number":${JSON.stringify(r.phone_number ?? null)},"isodate":${JSON.stringify(r.isodate ?? null)},"isodate_read":${JSON.stringify(r.isodate_read ?? null)},"direction":${JSON.stringify(r.direction)},"links":${JSON.stringify(r.links ?? [])}}`;

const LINES = Symbol('sms.json lines');
const LINE = Symbol('line in sms.json');
// Lines per piece written: small enough (~100 KB) that a piece's text dies young.
const PER = 50;

/**
 * sms.json, written as the messages are read: "[\n", a message to a line, "\n]". Only the lines
 * of messages an alert may be about are kept (an alert's event is the message with every column);
 * the file's ~2 KB a message, kept whole until the module ended, took hundreds of megabytes of
 * fresh memory for a big phone, and its pages' first touch cost more than writing them.
 */
export class MessageLines {
  private readonly list: JsonLineList;
  private readonly kept = new Map<number, string>();

  /** `out`: sms.json, or undefined when the check writes no files. */
  constructor(out: PieceWriter | undefined) {
    this.list = new JsonLineList(out, PER);
  }

  /** Adds a message record and its columns' JSON (without the closing brace); `keep`: an alert may be about it. */
  add(r: Result, columns: string, keep: boolean): void {
    const marked = r as { [LINES]?: MessageLines; [LINE]?: number };
    marked[LINES] = this;
    marked[LINE] = this.list.count;
    const line = columns + tail(r);
    if (keep) this.kept.set(this.list.count, line);
    this.list.add(line);
  }

  /** Messages added. */
  get count(): number {
    return this.list.count;
  }

  /** Ends the file once every message is added. */
  finish(): void {
    this.list.finish();
  }

  /** The n-th message's line, parsed. */
  line(n: number): Result {
    const text = this.kept.get(n);
    // The module keeps the line of every message its check can alert on (sms.ts).
    if (text === undefined) throw new Error(`sms: message ${n} was not kept for its alerts`);
    // SQLite wrote its integers exactly (sms.db's dates, in nanoseconds, pass 2^53): read so too.
    return parseExactJson(text) as Result;
  }
}

/** A message record as sms.json holds it (every column); a record read back from a saved sms.json already is one. */
export function fullMessage(r: Result): Result {
  const { [LINES]: lines, [LINE]: n } = r as { [LINES]?: MessageLines; [LINE]?: number };
  return lines && n !== undefined ? lines.line(n) : r;
}
