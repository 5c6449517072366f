// Loads the hunt's data into DuckDB relations, one per logsource, without passing through JS:
// typed columns, plus the file and line (or Parquet row) of each record. A record that does not
// fit the format (unparseable time, unknown event, bad JSON) is counted with where it was and left
// out; a file whose columns do not fit the logsource is refused, naming the missing columns.
import { groupBy, InputError, sqlString, sqlStringList, type DuckDBConnection } from '../../core/index.ts';
import { LOGSOURCES, quoteIdent, type LogsourceDef, type ScanPlan } from '../compile/index.ts';
import { addKeyRows, bindPlan, createKeyRows, fillKeyTables, keepFilter, keptRelations, narrowText, type Keep } from './scan-passes.ts';
import type { DataFile } from './data-files.ts';
import { MAX_RECORD_BYTES } from './lines.ts';
import { rejectReason, telemetryColumns, type SourceRelations } from './telemetry-sql.ts';
import { csvRejects, loadTextTelemetry } from './telemetry-text.ts';
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
  /** Telemetry rows the rules read under the scan plan; absent without one. */
  ruleRows?: number;
  rejected: RejectedRecord[];
  rejectedTotal: number;
}

/** The telemetry records the pivot reads: every good one, or, narrowed, every good one of the accounts it may follow. */
export const PIVOT_CALLS = 'calls_pivot';
/** The columns the pivot reads of them. */
const PIVOT_COLUMNS = ['ts', 'caller', 'callee', 'call_id'];

const CALLS = LOGSOURCES.find((l) => l.id === 'call_telemetry')!;

interface TelemetryLoad {
  /** Records read, good and bad. */
  total: number;
}

/** Parquet telemetry, described: its reader (with each record's file and row) and the column types it gives. */
interface ParquetFiles {
  files: string[];
  from: string;
  /** Column types passed through uncast: those of the one file read (files may differ). */
  known: Record<string, string>;
}

async function describeParquet(c: DuckDBConnection, parquet: string[], ls: LogsourceDef): Promise<ParquetFiles> {
  let types: Record<string, string> = {};
  for (const f of parquet) {
    const desc = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(f)})`)).getRowObjectsJson();
    refuseMissing(f, desc.map((d) => String(d.column_name)), ls);
    types = Object.fromEntries(desc.map((d) => [String(d.column_name), String(d.column_type)]));
  }
  const from = `read_parquet(${sqlStringList(parquet)}, filename = true, file_row_number = true, union_by_name = true)`;
  return { files: parquet, from, known: parquet.length === 1 ? types : {} };
}

/** The typed columns of Parquet telemetry that `only` names, for the key rows: no record check, no place. */
const parquetColumns = (pq: ParquetFiles, only: string[]) => `SELECT ${telemetryColumns(quoteIdent, pq.known, only)} FROM ${pq.from}`;

async function loadParquet(c: DuckDBConnection, pq: ParquetFiles, keep?: Keep, pivotNarrowed = false, read?: ReadonlySet<string>): Promise<SourceRelations> {
  const q = (n: string) => quoteIdent(n);
  // The good records stay in the files, queried in place: filters reach the scan, and the record
  // check is a filter too, evaluated only on rows the query's own filters let through. Columns no
  // query reads are not decoded (the record check reads its own).
  const typed = telemetryColumns(q, pq.known, undefined, read);
  await c.run(`CREATE TEMP VIEW calls_parquet_valid AS SELECT ${typed} FROM ${pq.from} WHERE (${rejectReason(q)}) IS NULL`);
  // The row count is in the files' metadata: no pass over the data.
  const total = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlStringList(pq.files)}, union_by_name = true)`)).getRowObjectsJson()[0].n);
  const valid = 'SELECT * FROM calls_parquet_valid';
  if (!keep) {
    await c.run(`CREATE TEMP VIEW calls_parquet AS SELECT ${rejectReason(q)} AS _bad, filename AS _file, file_row_number + 1 AS _line FROM ${pq.from}`);
    return { loaded: 'SELECT _bad, _file, _line FROM calls_parquet', valid: 'calls_parquet_valid', forRules: valid, context: valid, pivotRows: valid, total };
  }
  // One scan does the record check and keeps the rows the plan wants: those are copied once, with
  // every bad record (to be listed with its file and row), and every rule reads the copy instead
  // of scanning the files again.
  const rows = `SELECT ${typed}, ${rejectReason(q)} AS _bad, filename, file_row_number FROM ${pq.from}`;
  await c.run(
    `CREATE OR REPLACE TEMP TABLE calls_parquet_hot AS
     SELECT * EXCLUDE (filename, file_row_number), filename AS _file, file_row_number + 1 AS _line, ${keep.flags}
     FROM (${rows}) AS e WHERE _bad IS NOT NULL OR ${keep.sql}`,
    keep.values,
    keep.types,
  );
  return { loaded: 'SELECT _bad, _file, _line FROM calls_parquet_hot', valid: 'calls_parquet_valid', total, ...keptRelations('calls_parquet_hot', pivotNarrowed, 'calls_parquet_valid') };
}

async function loadTelemetry(c: DuckDBConnection, files: DataFile[], o: LoadOptions): Promise<TelemetryLoad | undefined> {
  const parquet = files.filter((f) => f.kind === 'telemetry' && f.format === 'parquet').map((f) => f.file);
  const jsonl = files.filter((f) => f.kind === 'telemetry' && f.format === 'jsonl').map((f) => f.file);
  const csv = files.filter((f) => f.kind === 'telemetry' && f.format === 'csv').map((f) => f.file);
  if (parquet.length + jsonl.length + csv.length === 0) return undefined;
  // Bound once: every source binds the same values (an indicator set read from its table).
  const plan = o.plan && (await bindPlan(c, o.plan));
  const pq = parquet.length > 0 ? await describeParquet(c, parquet, CALLS) : undefined;
  const read = o.columns && new Set([...o.columns, ...PIVOT_COLUMNS]);
  const text = await loadTextTelemetry(c, csv, jsonl, CALLS, read);
  // Narrowed only under a plan that knows the actors the pivot follows.
  const pivotNarrowed = plan?.actors !== undefined && o.pivotAccounts !== undefined;
  if (plan?.keyRows) {
    // The keys come from every source before any row is kept: a correlation's rows may be split
    // between a Parquet file and a JSON Lines one.
    await createKeyRows(c, plan);
    if (pq) await addKeyRows(c, plan, parquetColumns(pq, plan.keyRows.columns));
    if (text) await addKeyRows(c, plan, `SELECT * FROM ${text.valid}`);
  }
  if (plan) await fillKeyTables(c, plan, pivotNarrowed ? o.pivotAccounts : undefined);
  const keep = plan && keepFilter(plan, pivotNarrowed);
  const sources: SourceRelations[] = [];
  if (pq) sources.push(await loadParquet(c, pq, keep, pivotNarrowed, read));
  if (text) sources.push(keep ? await narrowText(c, text, keep, pivotNarrowed) : text);
  // calls_loaded: records with their place and, if bad, why (Parquet's good ones may be left out);
  // calls_pivot: what the pivot reads; src_call_telemetry: what the rules read; the context
  // relation: what correlations' deferred bases and derived fields' reads of other rows read.
  await c.run(`CREATE TEMP VIEW calls_loaded AS ${sources.map((x) => x.loaded).join(' UNION ALL ')}`);
  await c.run(`CREATE TEMP VIEW ${PIVOT_CALLS} AS ${sources.map((x) => x.pivotRows).join(' UNION ALL BY NAME ')}`);
  await c.run(`CREATE TEMP VIEW src_call_telemetry AS ${sources.map((x) => x.forRules).join(' UNION ALL BY NAME ')}`);
  await c.run(`CREATE TEMP VIEW ${CALLS.contextRelation} AS ${sources.map((x) => x.context).join(' UNION ALL BY NAME ')}`);
  return { total: sources.reduce((n, x) => n + x.total, 0) };
}

export interface LoadOptions {
  /** Narrows what the rules read from the telemetry (compile/scan-plan.ts). */
  plan?: ScanPlan;
  /**
   * With a plan: narrows what the pivot reads to every row of the accounts it may follow, the
   * callers of rows the plan's `actors` takes and these accounts (the indicators'). Given only
   * when every attacker the pivot can name is one of those.
   */
  pivotAccounts?: string[];
  /** The telemetry columns the hunt's queries read; the others are not decoded (Parquet) or parsed (text). All when absent. */
  columns?: ReadonlySet<string>;
  /** Bad records listed at most (all are counted). */
  maxListed?: number;
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
  const telemetry = await loadTelemetry(c, files, o);
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
    if (o.plan) ruleRows = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM ${CALLS.contextRelation}`)).getRowObjectsJson()[0].n);
    const unreadable = await csvRejects(c);
    rejectedTotal += unreadable.length;
    rejected.push(...unreadable.slice(0, maxListed));
    if (bad > 0) {
      await listBad('calls_loaded', groupBy(unreadable, (x) => x.file));
    }
  }
  rejected.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).splice(maxListed);
  return { present, rows, ruleRows, rejected, rejectedTotal };
}
