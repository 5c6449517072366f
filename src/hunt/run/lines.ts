// Reads a text file as its lines, numbered as they are in the file (blank ones included), for the
// readers that must say where a bad record is: JSON Lines telemetry and Zeek logs.
import { sqlString } from '../../core/index.ts';

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

const LINE_OPTIONS = `columns = {'j': 'VARCHAR'}, header = false, delim = ${sqlString(NEVER_IN_A_RECORD)},
    quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${MAX_RECORD_BYTES}`;

/** A relation of one column `j`, a line each, in file order; blank lines are NULL. */
export function linesOf(file: string): string {
  return `read_csv(${sqlString(file)}, ${LINE_OPTIONS})`;
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
  return `read_csv([${files.map(sqlString).join(', ')}], ${LINE_OPTIONS}, filename = true)`;
}

/** True for a line holding something other than JSON's whitespace (space, tab, CR, LF); `trim` strips only spaces. */
export const hasContent = (line: string) => `trim(${line}, ' ' || chr(9) || chr(13) || chr(10)) <> ''`;
