// One module's run, the same in the check's own thread and in a worker: extract, check, write the
// timeline's run, and start writing <name>.json and <name>_detected.json. A module that fails
// gives its typed error as its outcome; the others go on.
import path from 'node:path';
import { DeviceError } from './errors.ts';
import { jsonChunks, mvtJson } from './json-chunks.ts';
import { pluginOf, resultsNameOf } from './modules/index.ts';
import type { OutputFiles, PieceWriter } from './output-files.ts';
import { encodeRun, RunBuilder } from './timeline-builder.ts';
import type { TimelineRun } from './timeline-runs.ts';
import { Streamed, type Alert, type DeviceModule, type ModuleContext, type Result } from './types.ts';

export interface ModuleOutcome {
  slug: string;
  records: number;
  alerts: number;
  /** Wall time of extract, check, its timeline's lines and building the JSON, in milliseconds (the disk write runs on). */
  duration_ms?: number;
  /** Why the module produced nothing (not found, corrupt, schema), if it did not run. */
  error?: { code: string; message: string };
  /** What it met and could not use, for the user (absent when nothing). */
  notes?: string[];
}

/** What a module's run leaves for the check: plain data, which a message between threads carries. */
export interface ModuleRun {
  outcome: ModuleOutcome;
  alerts: Alert[];
  timeline: TimelineRun;
}

// Records a module's timeline rows are made from at a time: the rows die young, once their lines are bytes.
const ROWS_OF = 4096;

/** The module's timeline run: `timeline` gives each record's rows alone, so it is asked a slice of records at a time. */
function timelineOf(m: DeviceModule, records: Result[]): TimelineRun {
  const b = new RunBuilder(m.slug, pluginOf(m.slug));
  for (let i = 0; i < records.length; i += ROWS_OF) for (const row of m.timeline(records.length <= ROWS_OF ? records : records.slice(i, i + ROWS_OF))) b.add(row);
  return b.finish();
}

export async function runModule(m: DeviceModule, ctx: ModuleContext, out: string | undefined, files: OutputFiles): Promise<ModuleRun> {
  const started = performance.now();
  const notes: string[] = [];
  const file = out && path.join(out, `${resultsNameOf(m)}.json`);
  // <name>.json of a module that writes it as it reads (sms), opened afresh when it starts again.
  let streamed: PieceWriter | undefined;
  const resultsFile = () => {
    streamed?.discard();
    return (streamed = files.open(file!));
  };
  // The run of a module that adds its rows as it reads, started afresh when it starts again.
  let rows: RunBuilder | undefined;
  const timelineRun = () => (rows = new RunBuilder(m.slug, pluginOf(m.slug)));
  ctx = { ...ctx, note: (text) => notes.push(text), timelineRun, ...(file && { resultsFile }) };
  let extracted: Result[] | Streamed;
  try {
    extracted = await m.extract(ctx);
  } catch (e) {
    streamed?.discard();
    const error = e instanceof DeviceError ? { code: e.code, message: e.oneLine() } : { code: 'DEVICE_MODULE', message: (e as Error).message };
    return { outcome: { slug: m.slug, records: 0, alerts: 0, error, ...(notes.length > 0 && { notes }) }, alerts: [], timeline: encodeRun(m.slug, pluginOf(m.slug), []) };
  }
  // A module that streamed wrote its rows (and its file, when the check writes files) as it read:
  // `kept` are only some of its records.
  if (extracted instanceof Streamed && (!rows || (file && !streamed))) throw new Error(`${m.slug} returned streamed records without its timeline run or ${file}`);
  const records = extracted instanceof Streamed ? extracted.kept : extracted;
  const count = extracted instanceof Streamed ? extracted.count : records.length;
  const alerts = m.check(records, ctx);
  const timeline = rows && extracted instanceof Streamed ? rows.finish() : timelineOf(m, records);
  if (streamed && count > 0) streamed.end();
  else streamed?.discard();
  if (out) {
    if (count > 0 && !streamed) files.write(file!, m.json?.(records) ?? jsonChunks(records));
    if (alerts.length > 0) files.write(path.join(out, `${resultsNameOf(m)}_detected.json`), mvtJson(alerts));
  }
  return { outcome: { slug: m.slug, records: count, alerts: alerts.length, duration_ms: Math.round(performance.now() - started), ...(notes.length > 0 && { notes }) }, alerts, timeline };
}
