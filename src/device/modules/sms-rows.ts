// Each message of sms.db as MVT's sms.json gives it: every column of the `message` table (MVT
// selects `message.*`; iOS has 80-odd), binary values in base64, then MVT's own keys, one message
// to a line, in the table's order as MVT's query gives them. SQLite writes each row's JSON itself
// (json_object), and the lines are joined into the file's text as the rows are read: 80-key
// objects for every message, stringified after the checks, took twice as long, and the garbage
// collector moved them while the module ran. The pieces stay strings until written: as Buffers,
// their bytes (~300 MB for 200 k messages) grew memory outside V8's heap, which made V8 start
// full collections; the module took ~10% longer.
import { parseExactJson, sqlString } from '../../core/index.ts';
import { jsonChunks } from '../json-chunks.ts';
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
// Lines per piece: small enough that a piece's strings die young, before the collector moves them.
const PER = 1000;

/** sms.json's text, built as the messages are read: "[\n", then pieces of PER lines, then "\n]". */
export class MessageLines {
  readonly pieces: string[] = ['[\n'];
  private parts: string[] = [];
  private count = 0;

  /** Adds a message record and its columns' JSON (without the closing brace). */
  add(r: Result, columns: string): void {
    if (this.count > 0) this.parts.push(',\n');
    this.parts.push(columns, tail(r));
    const marked = r as { [LINES]?: MessageLines; [LINE]?: number };
    marked[LINES] = this;
    marked[LINE] = this.count++;
    if (this.count % PER === 0) this.flush();
  }

  private flush(): void {
    if (this.parts.length > 0) this.pieces.push(this.parts.join(''));
    this.parts = [];
  }

  /** Ends the file once every message is added. */
  finish(): void {
    this.flush();
    this.pieces.push('\n]');
  }

  /** The n-th message's line, parsed. */
  line(n: number): Result {
    const piece = this.pieces[1 + Math.floor(n / PER)];
    // A piece after the first begins with the ",\n" that ends its predecessor's last line.
    let at = n >= PER ? 2 : 0;
    for (let k = n % PER; k > 0; k--) at = piece.indexOf('\n', at) + 1;
    const end = piece.indexOf('\n', at);
    const text = piece.slice(at, end < 0 ? piece.length : end);
    // SQLite wrote its integers exactly (sms.db's dates, in nanoseconds, pass 2^53): read so too.
    return parseExactJson(text.endsWith(',') ? text.slice(0, -1) : text) as Result;
  }
}

/** A message record as sms.json holds it (every column); a record read back from a saved sms.json already is one. */
export function fullMessage(r: Result): Result {
  const { [LINES]: lines, [LINE]: n } = r as { [LINES]?: MessageLines; [LINE]?: number };
  return lines && n !== undefined ? lines.line(n) : r;
}

/** sms.json's text: the lines built while reading (every record of one read shares them), or (for records from elsewhere) their JSON. */
export function messagesJson(records: Result[]): Iterable<string | Buffer> {
  const lines = (records[0] as { [LINES]?: MessageLines } | undefined)?.[LINES];
  return lines ? lines.pieces : jsonChunks(records);
}
