// Loads the hunt's data into DuckDB relations, one per logsource, without passing through JS:
// typed columns, plus the file and line (or Parquet row) of each record. A record that does not
// fit the format (unparseable time, unknown event, bad JSON) is counted with where it was and left
// out; a file whose columns do not fit the logsource is refused, naming the missing columns.
import type { DuckDBValue } from '@duckdb/node-api';
import { InputError, sqlString, type DuckDBConnection } from '../../core/index.ts';
import { TELEMETRY_COLUMNS, EVENT_TYPES, MAY_BE_EMPTY } from '../../telemetry/index.ts';
import { LOGSOURCES, quoteIdent, type LogsourceDef, type Prefilter } from '../compile/index.ts';
import { head, type DataFile } from './data-files.ts';
import { hasContent, linesOf, MAX_RECORD_BYTES } from './lines.ts';
import { utcTimestamp, writableText } from './sql-times.ts';
import { loadZeek, zeekLoaded } from './zeek-load.ts';
import { refuseMissing } from './columns.ts';

export interface RejectedRecord {
  file: string;
  line: number;
  reason: string;
}

export interface LoadedSources {
  /** Logsource ids with data. */
  present: Set<string>;
  rows: Record<string, number>;
  /** Telemetry rows the rules read after the pre-filter; absent when it was not applied. */
  ruleRows?: number;
  rejected: RejectedRecord[];
  rejectedTotal: number;
}

/** Every good telemetry record, whatever the rules' pre-filter: what the pivot reads. */
export const ALL_CALLS = 'calls_all';

/** JSON Lines records whose keys are checked against the logsource's columns. */
const JSONL_SAMPLE = 100;

const list = (files: string[]) => `[${files.map(sqlString).join(', ')}]`;
const TYPED: Record<string, string> = { BIGINT: 'BIGINT', BOOLEAN: 'BOOLEAN', VARCHAR: 'VARCHAR' };

/**
 * Typed projection of the telemetry columns. A column already of its type passes through
 * untouched, so a rule's filter on it reaches the Parquet scan.
 */
function telemetryColumns(raw: (c: string) => string, types: Record<string, string> = {}): string {
  return TELEMETRY_COLUMNS.map(([name, type]) => {
    const want = name === 'ts' ? 'TIMESTAMP' : TYPED[type];
    if (types[name] === want) return `${raw(name)} AS ${quoteIdent(name)}`;
    return `${name === 'ts' ? utcTimestamp(raw(name)) : `TRY_CAST(${raw(name)} AS ${want})`} AS ${quoteIdent(name)}`;
  }).join(', ');
}

/** Why a record does not fit format v1, or NULL when it does. */
function rejectReason(raw: (c: string) => string): string {
  const events = EVENT_TYPES.map((e) => `'${e}'`).join(', ');
  return `CASE
      WHEN ${utcTimestamp(raw('ts'))} IS NULL OR NOT ${writableText(`CAST(${raw('ts')} AS VARCHAR)`)} THEN 'ts is not an RFC 3339 time'
      WHEN ${raw('event')} IS NULL OR CAST(${raw('event')} AS VARCHAR) NOT IN (${events}) THEN 'unknown event'
      WHEN coalesce(CAST(${raw('call_id')} AS VARCHAR), '') = '' THEN 'no call_id'
      WHEN coalesce(CAST(${raw('caller')} AS VARCHAR), '') = '' OR coalesce(CAST(${raw('callee')} AS VARCHAR), '') = '' THEN 'no caller or callee'
      WHEN ${raw('payload_len')} IS NOT NULL AND TRY_CAST(${raw('payload_len')} AS BIGINT) IS NULL THEN 'payload_len is not an integer'
      WHEN ${raw('malformed')} IS NOT NULL AND TRY_CAST(${raw('malformed')} AS BOOLEAN) IS NULL THEN 'malformed is not a boolean'
    END`;
}

function telemetrySelect(raw: (c: string) => string, types: Record<string, string> = {}): string {
  return `${telemetryColumns(raw, types)}, ${rejectReason(raw)} AS _bad`;
}

/**
 * Reads a JSON Lines file again, numbering lines, when the fast read found or dropped bad records.
 * After a strict read (nothing dropped) only records that do not fit the format send it back;
 * after a lenient one the lines are counted too, since DuckDB skipped the ones that are not JSON.
 */
async function relineJsonl(c: DuckDBConnection, file: string, lines: string, strict: boolean): Promise<void> {
  const stats = await c.runAndReadAll(
    `SELECT (SELECT count(*) FROM calls_text WHERE _file = $1) AS rows, (SELECT count(*) FROM calls_text WHERE _file = $1 AND _bad IS NOT NULL) AS bad,
            ${strict ? 'NULL' : `(SELECT count(*) FROM ${lines} WHERE ${hasContent('j')})`} AS lines`,
    [file],
  );
  const { rows, bad, lines: n } = stats.getRowObjectsJson()[0];
  if (Number(bad) === 0 && (strict || Number(rows) === Number(n))) return;
  const struct = JSON.stringify(Object.fromEntries(TELEMETRY_COLUMNS.map(([col]) => [col, 'VARCHAR'])));
  await c.run('DELETE FROM calls_text WHERE _file = $1', [file]);
  // Lines are numbered before blank ones are dropped, so every number is the line in the file.
  const raw = (col: string) => `r.${quoteIdent(col)}`;
  await c.run(`INSERT INTO calls_text BY NAME
    SELECT ${telemetryColumns(raw)}, CASE WHEN r IS NULL THEN 'not valid JSON' ELSE (${rejectReason(raw)}) END AS _bad, ${sqlString(file)} AS _file, _line
    FROM (SELECT CASE WHEN json_valid(j) THEN json_transform(j, ${sqlString(struct)}) END AS r, j, row_number() OVER () AS _line FROM ${lines})
    WHERE ${hasContent('j')}`);
}

interface TelemetryLoad {
  /** Records read, good and bad. */
  total: number;
  /** Set when the pre-filter narrowed what the rules read. */
  narrowed: boolean;
}

/** One source's relations: where its bad records are, its good records, and what the rules read. */
interface SourceRelations {
  loaded: string;
  valid: string;
  forRules: string;
  total: number;
}

async function loadParquet(c: DuckDBConnection, parquet: string[], ls: LogsourceDef, prefilter?: Prefilter): Promise<SourceRelations> {
  let types: Record<string, string> = {};
  for (const f of parquet) {
    const desc = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(f)})`)).getRowObjectsJson();
    refuseMissing(f, desc.map((d) => String(d.column_name)), ls);
    types = Object.fromEntries(desc.map((d) => [String(d.column_name), String(d.column_type)]));
  }
  // The good records stay in the files, queried in place (the pivot reads them there): filters
  // reach the scan, and the record check is a filter too, evaluated only on rows the query's own
  // filters let through.
  const from = `read_parquet(${list(parquet)}, filename = true, file_row_number = true, union_by_name = true)`;
  const q = (n: string) => quoteIdent(n);
  const typed = telemetryColumns(q, parquet.length === 1 ? types : {});
  await c.run(`CREATE TEMP VIEW calls_parquet_valid AS SELECT ${typed} FROM ${from} WHERE (${rejectReason(q)}) IS NULL`);
  // The row count is in the files' metadata: no pass over the data.
  const total = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${list(parquet)}, union_by_name = true)`)).getRowObjectsJson()[0].n);
  if (!prefilter) {
    await c.run(`CREATE TEMP VIEW calls_parquet AS SELECT ${rejectReason(q)} AS _bad, filename AS _file, file_row_number + 1 AS _line FROM ${from}`);
    return { loaded: 'SELECT _bad, _file, _line FROM calls_parquet', valid: 'calls_parquet_valid', forRules: 'SELECT * FROM calls_parquet_valid', total };
  }
  // One pass does the record check and the rules' pre-filter: the rows some rule can match are
  // copied once, with every bad record (to be listed), and every rule reads those instead of
  // scanning the files again. File and row are kept for bad records only: the file name repeated
  // on millions of rows cost a tenth of the pass.
  await c.run(
    `CREATE OR REPLACE TEMP TABLE calls_parquet_hot AS
     SELECT * EXCLUDE (filename, file_row_number), CASE WHEN _bad IS NOT NULL THEN filename END AS _file, CASE WHEN _bad IS NOT NULL THEN file_row_number + 1 END AS _line
     FROM (SELECT ${typed}, ${rejectReason(q)} AS _bad, filename, file_row_number FROM ${from}) AS e WHERE _bad IS NOT NULL OR (${prefilter.sql})`,
    prefilter.params as DuckDBValue[],
  );
  return {
    loaded: 'SELECT _bad, _file, _line FROM calls_parquet_hot',
    valid: 'calls_parquet_valid',
    forRules: 'SELECT * EXCLUDE (_bad, _file, _line) FROM calls_parquet_hot WHERE _bad IS NULL',
    total,
  };
}

async function loadTelemetry(c: DuckDBConnection, files: DataFile[], prefilter?: Prefilter): Promise<TelemetryLoad | undefined> {
  const text: string[] = [];
  const parquet = files.filter((f) => f.kind === 'telemetry' && f.format === 'parquet').map((f) => f.file);
  const jsonl = files.filter((f) => f.kind === 'telemetry' && f.format === 'jsonl').map((f) => f.file);
  const csv = files.filter((f) => f.kind === 'telemetry' && f.format === 'csv').map((f) => f.file);
  const ls = LOGSOURCES.find((l) => l.id === 'call_telemetry')!;
  const sources: SourceRelations[] = [];
  if (parquet.length > 0) sources.push(await loadParquet(c, parquet, ls, prefilter));
  for (const [i, f] of csv.entries()) {
    // The header names the columns; no sniffing, so a broken row cannot change how the file is read.
    const header = head(f).split(/\r?\n/)[0].split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
    refuseMissing(f, header, ls);
    const cols = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
    // Line numbers: the header is line 1; rows keep file order.
    text.push(`SELECT ${telemetrySelect((n) => quoteIdent(n))}, filename AS _file, row_number() OVER () + 1 AS _line
      FROM read_csv(${sqlString(f)}, header = true, columns = ${cols}, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true, max_line_size = ${MAX_RECORD_BYTES},
                    ignore_errors = true, store_rejects = true, rejects_table = 'vigil_csv_rejects_${i}', rejects_scan = 'vigil_csv_scans_${i}')`);
  }
  const jsonlStruct = `{${TELEMETRY_COLUMNS.map(([n]) => `${sqlString(n)}: 'VARCHAR'`).join(', ')}}`;
  for (const f of jsonl) {
    // The keys of the first records, together: one record may lack a key (a bad record, counted
    // later), and keys of empty values may be left out of a record.
    const sample = await c.runAndReadAll(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM (SELECT j FROM ${linesOf(f)} WHERE json_valid(j) AND json_type(j) = 'OBJECT' LIMIT ${JSONL_SAMPLE})`);
    const keys = sample.getRowObjectsJson().map((r) => String(r.k));
    if (keys.length > 0) refuseMissing(f, [...keys, ...MAY_BE_EMPTY], ls);
  }
  // Fast path: DuckDB's own JSON reader, in parallel. First strictly: if every line is JSON (the usual
  // case) nothing was skipped and the file need not be read again. Otherwise leniently, and the lines
  // are counted; a file with any bad record is read again, line by line, for exact line numbers.
  const jsonSelect = (strict: boolean) => `SELECT ${telemetrySelect((n) => quoteIdent(n))}, filename AS _file, CAST(NULL AS BIGINT) AS _line
      FROM read_json(${list(jsonl)}, format = 'newline_delimited', columns = ${jsonlStruct}, ignore_errors = ${strict ? 'false' : 'true'}, filename = true, maximum_object_size = ${MAX_RECORD_BYTES})`;
  if (text.length > 0 || jsonl.length > 0) {
    // Text is parsed once into a table; every rule then reads typed columns.
    const create = (strict: boolean) => c.run(`CREATE OR REPLACE TEMP TABLE calls_text AS ${[...text, ...(jsonl.length > 0 ? [jsonSelect(strict)] : [])].join(' UNION ALL BY NAME ')}`);
    let strict = jsonl.length > 0;
    try {
      await create(strict);
    } catch (e) {
      if (!strict || !/JSON/.test((e as Error).message)) throw e;
      strict = false;
      await create(false);
    }
    for (const f of jsonl) await relineJsonl(c, f, linesOf(f), strict);
    await c.run(`CREATE TEMP VIEW calls_text_valid AS SELECT * EXCLUDE (_bad, _file, _line) FROM calls_text WHERE _bad IS NULL`);
    const total = Number((await c.runAndReadAll('SELECT count(*) AS n FROM calls_text')).getRowObjectsJson()[0].n);
    sources.push({ loaded: 'SELECT _bad, _file, _line FROM calls_text', valid: 'calls_text_valid', forRules: 'SELECT * FROM calls_text_valid', total });
  }
  if (sources.length === 0) return undefined;
  // calls_loaded: records with their place and, if bad, why (Parquet's good ones may be left out);
  // calls_all: every good record, which the pivot reads; src_call_telemetry: what the rules read.
  await c.run(`CREATE TEMP VIEW calls_loaded AS ${sources.map((x) => x.loaded).join(' UNION ALL ')}`);
  await c.run(`CREATE TEMP VIEW ${ALL_CALLS} AS ${sources.map((x) => `SELECT * FROM ${x.valid}`).join(' UNION ALL BY NAME ')}`);
  await c.run(`CREATE TEMP VIEW src_call_telemetry AS ${sources.map((x) => x.forRules).join(' UNION ALL BY NAME ')}`);
  return { total: sources.reduce((n, x) => n + x.total, 0), narrowed: Boolean(prefilter && parquet.length > 0) };
}

export interface LoadOptions {
  /** Narrows what the rules read from Parquet telemetry (see loadParquet); text is read whole. */
  prefilter?: Prefilter;
  /** Bad records listed at most (all are counted). */
  maxListed?: number;
}

/** CSV rows DuckDB could not read (a short row, an unclosed quote), in file and line order. */
async function csvRejects(c: DuckDBConnection): Promise<RejectedRecord[]> {
  const out: RejectedRecord[] = [];
  const tables = await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'vigil_csv_rejects_%' ORDER BY table_name`);
  for (const t of tables.getRowObjectsJson().map((r) => String(r.table_name))) {
    const scans = t.replace('rejects', 'scans');
    // DuckDB reports a short row once per missing column; one line is one rejected record.
    const cr = await c.runAndReadAll(
      `SELECT s.file_path AS file, e.line AS line, first(e.error_message ORDER BY e.column_idx NULLS FIRST) AS msg
       FROM ${t} e JOIN ${scans} s USING (scan_id, file_id) GROUP BY s.file_path, e.line ORDER BY file, line`,
    );
    for (const row of cr.getRowObjectsJson()) out.push({ file: String(row.file), line: Number(row.line), reason: `CSV: ${String(row.msg).split('\n')[0]}` });
  }
  return out;
}

/**
 * The line of a CSV record numbered by the rows read (header + index). Rows DuckDB could not read
 * were skipped before the numbering: each one at or before the record moves it a line down.
 */
function lineInFile(numbered: number, skipped: RejectedRecord[] = []): number {
  let line = numbered;
  for (const s of skipped) if (s.line <= line) line++;
  return line;
}

/**
 * DuckDB's failures to read the data, as the user's errors they are: an over-long line or JSON
 * object, or a file it cannot read (truncated or corrupt Parquet, a .gz that is not gzip), named.
 */
export function readError(e: unknown, files: DataFile[]): unknown {
  const message = e instanceof Error ? e.message : '';
  if (/maximum line size|maximum_object_size/i.test(message)) {
    const file = /file = (.+)/.exec(message)?.[1]?.trim() ?? files.map((f) => f.file).join(' ');
    return new InputError('DATA_RECORD_TOO_LONG', `a record is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`, { where: file, hint: 'format v1 records are a few hundred bytes: is this a telemetry file?' });
  }
  // DuckDB names the file for most failures; a corrupt Parquet page can fail deeper, as an I/O or
  // "Invalid" (broken invariant) error without a name. Other errors (a regex RE2 refuses) are not the data's.
  const file = files.find((f) => message.includes(f.file))?.file;
  if (!file && !/^(IO Error|Invalid Error):/.test(message)) return e;
  const what = message.split('\n')[0].replace(/^[\w ]*Error: /, '').slice(0, 200);
  return new InputError('DATA_UNREADABLE', `cannot read the ${file ? 'file' : 'data'}: ${what}`, {
    where: file ?? files.map((f) => f.file).join(' '),
    hint: 'is it complete, and of the format its name says?',
  });
}

export function loadSources(c: DuckDBConnection, files: DataFile[], o: LoadOptions = {}): Promise<LoadedSources> {
  return loadAll(c, files, o).catch((e: unknown) => {
    throw readError(e, files);
  });
}

async function loadAll(c: DuckDBConnection, files: DataFile[], o: LoadOptions): Promise<LoadedSources> {
  const maxListed = o.maxListed ?? 100;
  const telemetry = await loadTelemetry(c, files, o.prefilter);
  const present = new Set([...(telemetry ? ['call_telemetry'] : []), ...(await loadZeek(c, files))]);
  const rows: Record<string, number> = {};
  const rejected: RejectedRecord[] = [];
  let rejectedTotal = 0;
  let ruleRows: number | undefined;
  // Bad records, in file and line order: the first maxListed are listed, all are counted.
  const listBad = async (relation: string, skipped: Map<string, RejectedRecord[]> = new Map()) => {
    const r = await c.runAndReadAll(`SELECT _file, _line, _bad FROM ${relation} WHERE _bad IS NOT NULL ORDER BY _file, _line LIMIT ${Math.floor(maxListed)}`);
    for (const row of r.getRowObjectsJson()) {
      const file = String(row._file);
      rejected.push({ file, line: lineInFile(Number(row._line), skipped.get(file)), reason: String(row._bad) });
    }
  };
  for (const id of present) {
    if (id === 'call_telemetry') continue;
    const loaded = zeekLoaded(LOGSOURCES.find((l) => l.id === id)!);
    const r = (await c.runAndReadAll(`SELECT count(*) FILTER (WHERE _bad IS NULL) AS good, count(*) FILTER (WHERE _bad IS NOT NULL) AS bad FROM ${loaded}`)).getRowObjectsJson()[0];
    rows[id] = Number(r.good);
    rejectedTotal += Number(r.bad);
    if (Number(r.bad) > 0) await listBad(loaded);
  }
  if (telemetry) {
    // Telemetry counts come from its bad records.
    const bad = Number((await c.runAndReadAll('SELECT count(*) AS n FROM calls_loaded WHERE _bad IS NOT NULL')).getRowObjectsJson()[0].n);
    rows.call_telemetry = telemetry.total - bad;
    rejectedTotal += bad;
    if (telemetry.narrowed) ruleRows = Number((await c.runAndReadAll('SELECT count(*) AS n FROM src_call_telemetry')).getRowObjectsJson()[0].n);
    const unreadable = await csvRejects(c);
    rejectedTotal += unreadable.length;
    rejected.push(...unreadable.slice(0, maxListed));
    if (bad > 0) {
      const skipped = new Map<string, RejectedRecord[]>();
      for (const x of unreadable) skipped.set(x.file, [...(skipped.get(x.file) ?? []), x]);
      await listBad('calls_loaded', skipped);
    }
  }
  rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).splice(maxListed);
  return { present, rows, ruleRows, rejected, rejectedTotal };
}
