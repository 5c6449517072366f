// Call telemetry as text (CSV and JSON Lines, gzip too), parsed once into one DuckDB table,
// calls_text, with each record's file and line. Files of one shape are read in one scan:
// telemetry split into hourly files must not pay a query per file (500 small files took 1.6–2 s).
import { sqlString, sqlStringList, type DuckDBConnection } from '../../core/index.ts';
import { MAY_BE_EMPTY, TELEMETRY_COLUMNS } from '../../telemetry/index.ts';
import { quoteIdent, type LogsourceDef } from '../compile/index.ts';
import { refuseMissing, refuseMissingJsonKeys } from './columns.ts';
import { head } from './data-files.ts';
import { hasContent, linesOfFiles, MAX_RECORD_BYTES, numberedLinesOf } from './lines.ts';
import type { RejectedRecord } from './sources.ts';
import { rejectReason, telemetryColumns, telemetrySelect, type SourceRelations } from './telemetry-sql.ts';

/** JSON Lines records of a large file whose keys are checked against the logsource's columns. */
const JSONL_SAMPLE = 100;

/**
 * The type of calls_text's `_file`: an ENUM of the files read. Each record's file name, kept as
 * text, was copied 10 M times (0.45 s of a 10 M-record load); as an ENUM it is a small number.
 */
const TEXT_FILE = 'vigil_text_file';

/** CSV files, one scan per header; the header names the columns (no sniffing, so a broken row cannot change how a file is read). */
function csvSelects(files: string[], ls: LogsourceDef, read?: ReadonlySet<string>): string[] {
  const groups = new Map<string, { header: string[]; files: string[] }>();
  for (const f of files) {
    const header = head(f).split(/\r?\n/)[0].split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
    refuseMissing(f, header, ls);
    const key = JSON.stringify(header);
    groups.set(key, { header, files: [...(groups.get(key)?.files ?? []), f] });
  }
  return [...groups.values()].map(({ header, files: group }, i) => {
    const cols = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
    // Line numbers: the header is line 1; files are read one after the other, rows in file order.
    return `SELECT ${telemetrySelect((n) => quoteIdent(n), {}, read)}, CAST(_vigil_file AS ${TEXT_FILE}) AS _file, _vigil_n - min(_vigil_n) OVER (PARTITION BY _vigil_file) + 2 AS _line
      FROM (SELECT *, filename AS _vigil_file, row_number() OVER () AS _vigil_n
            FROM read_csv(${sqlStringList(group)}, header = true, columns = ${cols}, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true, max_line_size = ${MAX_RECORD_BYTES},
                          ignore_errors = true, store_rejects = true, rejects_table = 'vigil_csv_rejects_${i}', rejects_scan = 'vigil_csv_scans_${i}'))`;
  });
}

/** CSV rows DuckDB could not read (a short row, an unclosed quote), in file and line order. */
export async function csvRejects(c: DuckDBConnection): Promise<RejectedRecord[]> {
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

/** Reads one JSON Lines file again, line by line, so that each bad record has its line. */
async function reread(c: DuckDBConnection, file: string, read?: ReadonlySet<string>): Promise<void> {
  const struct = JSON.stringify(Object.fromEntries(TELEMETRY_COLUMNS.map(([col]) => [col, 'VARCHAR'])));
  await c.run('DELETE FROM calls_text WHERE _file = $1', [file]);
  const raw = (col: string) => `r.${quoteIdent(col)}`;
  await c.run(`INSERT INTO calls_text BY NAME
    SELECT ${telemetryColumns(raw, {}, undefined, read)}, CASE WHEN r IS NULL THEN 'not valid JSON' ELSE (${rejectReason(raw)}) END AS _bad, _file, _line
    FROM (SELECT CASE WHEN json_valid(j) THEN json_transform(j, ${sqlString(struct)}) END AS r, j, _file, _line FROM ${numberedLinesOf([file])})
    WHERE ${hasContent('j')}`);
}

/**
 * Reads again, line by line, the JSON Lines files the fast read found or dropped bad records in.
 * After a strict read (nothing dropped) only records that do not fit the format send a file back;
 * after a lenient one the lines are counted too, since DuckDB skipped the ones that are not JSON.
 */
async function relineJsonl(c: DuckDBConnection, files: string[], strict: boolean, read?: ReadonlySet<string>): Promise<void> {
  const stats = await c.runAndReadAll(`SELECT _file AS f, count(*) AS rows, count(*) FILTER (WHERE _bad IS NOT NULL) AS bad FROM calls_text WHERE _line IS NULL GROUP BY _file`);
  const counted = new Map(stats.getRowObjectsJson().map((r) => [String(r.f), { rows: Number(r.rows), bad: Number(r.bad) }]));
  const lines = new Map<string, number>();
  if (!strict) {
    const r = await c.runAndReadAll(`SELECT filename AS f, count(*) FILTER (WHERE ${hasContent('j')}) AS n FROM ${linesOfFiles(files)} GROUP BY filename`);
    for (const row of r.getRowObjectsJson()) lines.set(String(row.f), Number(row.n));
  }
  for (const f of files) {
    const { rows, bad } = counted.get(f) ?? { rows: 0, bad: 0 };
    if (bad === 0 && (strict || rows === (lines.get(f) ?? 0))) continue;
    await reread(c, f, read);
  }
}

/** Loads the CSV and JSON Lines telemetry into calls_text; undefined when there is none. */
export async function loadTextTelemetry(c: DuckDBConnection, csv: string[], jsonl: string[], ls: LogsourceDef, read?: ReadonlySet<string>): Promise<SourceRelations | undefined> {
  if (csv.length === 0 && jsonl.length === 0) return undefined;
  const text = csvSelects(csv, ls, read);
  // One record may lack a key (a bad record, counted later); keys of empty values may be left out.
  await refuseMissingJsonKeys(c, jsonl, ls, JSONL_SAMPLE, MAY_BE_EMPTY);
  // Fast path: DuckDB's own JSON reader, in parallel. First strictly: if every line is JSON (the
  // usual case) nothing was skipped and no file need be read again. Otherwise leniently, and the
  // lines are counted; a file with any bad record is read again, line by line, for exact lines.
  // A file even the lenient reader stops on (a record broken over lines can do that) is read
  // line by line from the start.
  const q = (n: string) => quoteIdent(n);
  const struct = `{${TELEMETRY_COLUMNS.map(([n]) => `${sqlString(n)}: 'VARCHAR'`).join(', ')}}`;
  const jsonSelect = (files: string[], strict: boolean) => `SELECT ${telemetrySelect(q, {}, read)}, CAST(filename AS ${TEXT_FILE}) AS _file, CAST(NULL AS BIGINT) AS _line
      FROM read_json(${sqlStringList(files)}, format = 'newline_delimited', columns = ${struct}, ignore_errors = ${strict ? 'false' : 'true'}, filename = true, maximum_object_size = ${MAX_RECORD_BYTES})`;
  // No row, but every column typed: the table has its shape whatever is read into it.
  await c.run(`CREATE TYPE ${TEXT_FILE} AS ENUM (${[...new Set([...csv, ...jsonl])].sort().map(sqlString).join(', ')})`);
  const shape = `SELECT ${telemetrySelect(q)}, CAST(NULL AS ${TEXT_FILE}) AS _file, CAST(NULL AS BIGINT) AS _line FROM (SELECT ${TELEMETRY_COLUMNS.map(([n]) => `CAST(NULL AS VARCHAR) AS ${q(n)}`).join(', ')}) WHERE false`;
  let fast = [...jsonl];
  const byLine: string[] = [];
  let strict = fast.length > 0;
  for (;;) {
    try {
      await c.run(`CREATE OR REPLACE TEMP TABLE calls_text AS ${[shape, ...text, ...(fast.length > 0 ? [jsonSelect(fast, strict)] : [])].join(' UNION ALL BY NAME ')}`);
      break;
    } catch (e) {
      const message = (e as Error).message;
      if (fast.length === 0 || !/JSON/.test(message)) throw e;
      if (strict) {
        strict = false;
        continue;
      }
      const stopped = fast.find((f) => message.includes(`"${f}"`));
      if (!stopped) throw e;
      fast = fast.filter((f) => f !== stopped);
      byLine.push(stopped);
    }
  }
  if (fast.length > 0) await relineJsonl(c, fast, strict, read);
  for (const f of byLine) await reread(c, f, read);
  await c.run(`CREATE TEMP VIEW calls_text_valid AS SELECT * EXCLUDE (_bad, _file, _line) FROM calls_text WHERE _bad IS NULL`);
  const total = Number((await c.runAndReadAll('SELECT count(*) AS n FROM calls_text')).getRowObjectsJson()[0].n);
  return { loaded: 'SELECT _bad, _file, _line FROM calls_text', valid: 'calls_text_valid', forRules: 'SELECT * FROM calls_text_valid', context: 'SELECT * FROM calls_text_valid', pivotRows: 'SELECT * FROM calls_text_valid', total };
}
