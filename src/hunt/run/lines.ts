// Reads text files as their lines, numbered as they are in each file (blank ones included), for
// the readers that must say where a bad record is (JSON Lines telemetry, Zeek logs), and the keys
// the JSON objects of such files use.
import fs from 'node:fs';
import { sqlString, sqlStringList, type DuckDBConnection } from '../../core/index.ts';

/** The longest line read (64 MiB): one odd field must not stop a hunt (DuckDB's default is 2 MB). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * DuckDB reads lines as one-column CSV, which needs a column delimiter. These four control bytes
 * can occur in no valid record: JSON and Zeek's TSV write control characters escaped. The text
 * `\x1f` can (an escaped byte in a Zeek field, any string in a JSON value): as the delimiter it
 * split records, and a second one failed the whole hunt. A line holding these bytes is cut at
 * them (strict_mode off) instead of failing the read; it was not a valid record anyway.
 */
const NEVER_IN_A_RECORD = '\x1f\x1e\x1d\x1c';

const lineOptions = (maxLine: number) => `columns = {'j': 'VARCHAR'}, header = false, delim = ${sqlString(NEVER_IN_A_RECORD)},
    quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${maxLine}`;
const LINE_OPTIONS = lineOptions(MAX_RECORD_BYTES);

/**
 * The longest line of a key sample. DuckDB reads a buffer larger than the longest line allowed
 * before it yields a row: with 64 MiB lines, 100 lines of a large file cost half a second, with
 * 1 MiB a few milliseconds. A sample that meets a longer line is taken again with the full limit.
 */
const SAMPLE_LINE_BYTES = 1 << 20;

/** A relation of one column `j`, a line each, in file order; blank lines are NULL. */
function linesOf(file: string, maxLine = MAX_RECORD_BYTES): string {
  return `read_csv(${sqlString(file)}, ${lineOptions(maxLine)})`;
}

/**
 * The lines of several files in one scan (a window per file cost 4 ms a file: a month of hourly
 * logs took seconds): `j`, `_file`, and `_line`, the line's number in its file. Files are read
 * one after the other, in order, so each file's rows are numbered contiguously.
 */
export function numberedLinesOf(files: string[]): string {
  return `(SELECT j, filename AS _file, n - min(n) OVER (PARTITION BY filename) + 1 AS _line
    FROM (SELECT j, filename, row_number() OVER () AS n FROM ${linesOfFiles(files)}))`;
}

/** The lines of several files in one scan: `j` and `filename`, unnumbered. */
export function linesOfFiles(files: string[]): string {
  return `read_csv(${sqlStringList(files)}, ${LINE_OPTIONS}, filename = true)`;
}

/** True for a line holding something other than JSON's whitespace (space, tab, CR, LF); `trim` strips only spaces. */
export const hasContent = (line: string) => `trim(${line}, ' ' || chr(9) || chr(13) || chr(10)) <> ''`;

/** True for a line that is a JSON object; the JSON functions fail on text that is not JSON, hence the CASE. */
export const isJsonObject = (line: string) => `CASE WHEN json_valid(${line}) THEN json_type(${line}) = 'OBJECT' ELSE false END`;

/** JSON Lines files smaller than this have all their records' keys read, in one scan for all. */
const SMALL_FILE = 1 << 20;

/**
 * The keys the JSON objects of each file use: of every record in small files (one scan for them
 * all, since a query per file cost milliseconds each), of the first `sample` in larger ones.
 */
export async function jsonKeysByFile(c: DuckDBConnection, files: string[], sample: number): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>();
  const small = files.filter((f) => fs.statSync(f).size < SMALL_FILE);
  if (small.length > 0) {
    const r = await c.runAndReadAll(`SELECT filename AS f, list(DISTINCT k) AS keys FROM (SELECT filename, unnest(json_keys(j)) AS k FROM ${linesOfFiles(small)} WHERE ${isJsonObject('j')}) GROUP BY filename`);
    for (const row of r.getRowObjectsJson()) keys.set(String(row.f), (row.keys as unknown[]).map(String));
  }
  for (const f of files.filter((x) => !small.includes(x))) {
    const sampled = (maxLine: number) => c.runAndReadAll(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM (SELECT j FROM ${linesOf(f, maxLine)} WHERE ${isJsonObject('j')} LIMIT ${sample})`);
    // Any failure of the short sample (DuckDB words an over-long line in more than one way) is
    // left to the full one, which fails as the load would.
    const r = await sampled(SAMPLE_LINE_BYTES).catch(() => sampled(MAX_RECORD_BYTES));
    keys.set(f, r.getRowObjectsJson().map((row) => String(row.k)));
  }
  return keys;
}
