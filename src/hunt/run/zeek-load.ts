// Zeek logs (TSV with their header, or JSON) into one relation per service. Each file is read line
// by line, so that a bad record (a line with the wrong number of fields, JSON that does not parse,
// a time that is none) is counted with its file and line and left out, as telemetry's are.
import { groupBy, sqlString, type DuckDBConnection } from '../../core/index.ts';
import { LOGSOURCES, quoteIdent, type LogsourceDef } from '../compile/index.ts';
import type { DataFile } from './data-files.ts';
import { refuseMissing, refuseMissingJsonKeys } from './columns.ts';
import { hasContent, isJsonObject, numberedLinesOf } from './lines.ts';
import { epochTimestamp, utcTimestamp, writableTime } from './sql-times.ts';
import { readZeekHeader, type ZeekHeader } from './zeek-header.ts';

type ZeekFile = Extract<DataFile, { kind: 'zeek' }>;

/** JSON records whose keys are read to learn a file's fields (DuckDB's own JSON sample size). */
const JSON_SAMPLE = 20_480;

/**
 * The logsource's typed columns, a reason for each bad record, and its place. `text(name)` is the
 * field's text, or NULL when the file does not have it or leaves it unset or empty; `shape` is why
 * a record is malformed (NULL when it is not); `from` gives `_file`, `_line` and what those read.
 */
function typedSelect(ls: LogsourceDef, text: (name: string) => string, shape: string, from: string): string {
  // Zeek writes epoch seconds; ISO 8601 (its JSON writer's other choice) is tried after them.
  const ts = `COALESCE(${epochTimestamp(text('ts'))}, ${utcTimestamp(text('ts'))})`;
  const cols = Object.entries(ls.fields).map(([name, def]) => {
    if (def.type === 'timestamp') return `${ts} AS ${quoteIdent(name)}`;
    const type = def.type === 'number' ? 'DOUBLE' : def.type === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
    return `TRY_CAST(${text(name)} AS ${type}) AS ${quoteIdent(name)}`;
  });
  return `SELECT * EXCLUDE (_shape), coalesce(_shape, CASE WHEN NOT ${writableTime('"ts"')} THEN 'ts is not a time' END) AS _bad
    FROM (SELECT ${cols.join(', ')}, ${shape} AS _shape, _file, _line FROM ${from})`;
}

/** TSV logs, one part per header (rotated logs share theirs, so a month of them is one scan). */
function tsvParts(files: ZeekFile[], ls: LogsourceDef): string[] {
  const groups = new Map<string, { h: ZeekHeader; files: string[] }>();
  for (const f of files) {
    const h = readZeekHeader(f.file);
    refuseMissing(f.file, h.fields, ls);
    const key = JSON.stringify([h.separator, h.fields, h.unset, h.empty]);
    groups.set(key, { h, files: [...(groups.get(key)?.files ?? []), f.file] });
  }
  return [...groups.values()].map(({ h, files: group }) => {
    const text = (name: string) => {
      const i = h.fields.indexOf(name);
      return i < 0 ? 'NULL' : `CASE WHEN p[${i + 1}] IN (${sqlString(h.unset)}, ${sqlString(h.empty)}) THEN NULL ELSE p[${i + 1}] END`;
    };
    const n = h.fields.length;
    const shape = `CASE WHEN len(p) <> ${n} THEN 'wrong number of fields: ' || len(p) || ' (the header names ${n})' END`;
    return typedSelect(ls, text, shape,
      `(SELECT string_split(j, ${sqlString(h.separator)}) AS p, _file, _line FROM ${numberedLinesOf(group)} WHERE j IS NOT NULL AND j <> '' AND NOT starts_with(j, '#'))`);
  });
}

async function jsonPart(c: DuckDBConnection, files: ZeekFile[], ls: LogsourceDef): Promise<string> {
  // Zeek's JSON writer leaves unset fields out: the fields are those of many records together.
  await refuseMissingJsonKeys(c, files.map((f) => f.file), ls, JSON_SAMPLE);
  // A container (DNS answers) is written as TSV writes it, joined by commas, so rules read both
  // alike; an empty one is no value, as TSV's `(empty)` is.
  const text = (name: string) => {
    const at = sqlString(`$."${name}"`);
    return `CASE json_type(o, ${at}) WHEN 'ARRAY' THEN NULLIF(array_to_string(CAST(json_extract(o, ${at}) AS VARCHAR[]), ','), '') ELSE json_extract_string(o, ${at}) END`;
  };
  // `o` is the line if it is a JSON object, else NULL.
  return typedSelect(ls, text, `CASE WHEN o IS NULL THEN 'not a JSON object' END`,
    `(SELECT CASE WHEN ${isJsonObject('j')} THEN j END AS o, _file, _line FROM ${numberedLinesOf(files.map((f) => f.file))} WHERE ${hasContent('j')})`);
}

/**
 * Loads every Zeek log, grouped by service, into `<relation>_loaded` (every record, with `_bad`,
 * `_file` and `_line`) and the view the rules read, of the good ones. Returns the logsource ids.
 */
export async function loadZeek(c: DuckDBConnection, files: DataFile[]): Promise<string[]> {
  const present: string[] = [];
  const byService = groupBy(files.filter((f): f is ZeekFile => f.kind === 'zeek'), (f) => f.service);
  for (const [service, group] of byService) {
    const ls = LOGSOURCES.find((l) => l.id === `zeek_${service}`);
    if (!ls) continue;
    const tsv = group.filter((f) => f.encoding === 'tsv');
    const json = group.filter((f) => f.encoding === 'json');
    const parts = [...tsvParts(tsv, ls), ...(json.length > 0 ? [await jsonPart(c, json, ls)] : [])];
    await c.run(`CREATE TEMP TABLE ${zeekLoaded(ls)} AS ${parts.join(' UNION ALL ')}`);
    await c.run(`CREATE TEMP VIEW ${ls.relation} AS SELECT * EXCLUDE (_bad, _file, _line) FROM ${zeekLoaded(ls)} WHERE _bad IS NULL`);
    present.push(ls.id);
  }
  return present;
}

/** The table of a Zeek logsource's records, good and bad. */
export const zeekLoaded = (ls: LogsourceDef) => `${ls.relation}_loaded`;
