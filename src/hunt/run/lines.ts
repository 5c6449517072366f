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

/** A relation of one column `j`, a line each, in file order; blank lines are NULL. */
export function linesOf(file: string): string {
  return `read_csv(${sqlString(file)}, columns = {'j': 'VARCHAR'}, header = false, delim = ${sqlString(NEVER_IN_A_RECORD)},
    quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${MAX_RECORD_BYTES})`;
}

/** True for a line holding something other than JSON's whitespace (space, tab, CR, LF); `trim` strips only spaces. */
export const hasContent = (line: string) => `trim(${line}, ' ' || chr(9) || chr(13) || chr(10)) <> ''`;
