// Runs the modules over a source, MVT's way: each extracts, checks and builds its timeline; a module
// that fails is logged with its typed error and the others go on. Writes MVT's outputs: per module
// <slug>.json and <slug>_detected.json, timeline.csv, alerts.json, alerts_timeline.csv, info.json.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MatchIndex } from '../indicators/index.ts';
import { DeviceError } from './errors.ts';
import { jsonChunks } from './json-chunks.ts';
import { byTime, mvtCsv } from './mvt-csv.ts';
import { TimelineRuns } from './timeline-runs.ts';
import { pluginOf, resultsNameOf } from './modules/index.ts';
import { OutputFiles } from './output-files.ts';
import type { ArtifactSource } from './sources/types.ts';
import type { Alert, DeviceModule, Result, TimelineRow } from './types.ts';

export interface ModuleOutcome {
  slug: string;
  records: number;
  alerts: number;
  /** Wall time of extract, check, timeline and building the JSON, in milliseconds (the disk write runs on). */
  duration_ms?: number;
  /** Why the module produced nothing (not found, corrupt, schema), if it did not run. */
  error?: { code: string; message: string };
}

export interface CheckResult {
  target: string;
  kind: string;
  modules: ModuleOutcome[];
  alerts: Alert[];
  timeline: TimelineRow[];
}

// MVT writes its JSON with an indent of four.
const json = (value: unknown) => JSON.stringify(value, null, 4);

type Write = (file: string, text: string) => void;
const writeNow: Write = (file, text) => fs.writeFileSync(file, text, { mode: 0o600 });

/** alerts.json and alerts_timeline.csv, as MVT writes them. */
export function writeAlerts(out: string, alerts: Alert[], write: Write = writeNow): void {
  write(path.join(out, 'alerts.json'), json(alerts));
  const timed = alerts.filter((a) => a.event_time).sort((a, b) => byTime(a.event_time, b.event_time));
  write(path.join(out, 'alerts_timeline.csv'), mvtCsv([['Event Time', 'Module', 'Message', 'Event'], ...timed.map((a) => [a.event_time, a.module, a.message, JSON.stringify(a.event)])]));
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The source, noting every file the modules read, so info.json can give their hashes (chain of custody). */
function tracked(source: ArtifactSource, read: Map<string, string>): ArtifactSource {
  return {
    ...source,
    file(p, domain) {
      const f = source.file(p, domain);
      if (f) read.set(domain ? `${domain}-${p}` : p, f);
      return f;
    },
    find(re) {
      const found = source.find(re);
      for (const x of found) read.set(x.domain ? `${x.domain}-${x.path}` : x.path, x.file);
      return found;
    },
  };
}

export async function runDeviceCheck(original: ArtifactSource, modules: DeviceModule[], index: MatchIndex, out?: string, iocFiles: string[] = [], onModule?: (slug: string) => void): Promise<CheckResult> {
  if (out) fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const read = new Map<string, string>();
  const source = tracked(original, read);
  const outcomes: ModuleOutcome[] = [];
  const files = new OutputFiles();
  const allAlerts: Alert[] = [];
  const timeline = new TimelineRuns();
  for (const m of modules.filter((x) => x.sources.includes(source.kind))) {
    onModule?.(m.slug);
    // Modules run synchronously; yielding between them lets Ctrl-C (and its cleanup) through.
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let records: Result[];
    try {
      records = await m.extract({ source, index });
    } catch (e) {
      const err = e instanceof DeviceError ? { code: e.code, message: e.oneLine() } : { code: 'DEVICE_MODULE', message: (e as Error).message };
      outcomes.push({ slug: m.slug, records: 0, alerts: 0, error: err });
      continue;
    }
    const alerts = m.check(records, { source, index });
    const rows = m.timeline(records);
    // A loop, not push(...alerts): a module can return more than the call stack takes as arguments.
    for (const a of alerts) allAlerts.push(a);
    timeline.add(m.slug, pluginOf(m.slug), rows);
    if (out) {
      if (records.length > 0) files.write(path.join(out, `${resultsNameOf(m)}.json`), m.json?.(records) ?? jsonChunks(records));
      if (alerts.length > 0) files.write(path.join(out, `${resultsNameOf(m)}_detected.json`), json(alerts));
    }
    outcomes.push({ slug: m.slug, records: records.length, alerts: alerts.length, duration_ms: Math.round(performance.now() - started) });
  }
  if (out) {
    files.write(path.join(out, 'timeline.csv'), timeline.csv(['UTC Timestamp', 'Plugin', 'Event', 'Description']));
    files.write(path.join(out, 'info.json'), json({
      target_path: source.root,
      source_kind: source.kind,
      vigil_version: '0.1.0',
      date: new Date().toISOString(),
      ioc_files: iocFiles,
      ioc_hashes: iocFiles.map((f) => ({ file_path: f, sha256: sha256(f) })),
      // The evidence as read: the archive itself for a bugreport or sysdiagnose, else each file a module opened.
      hashes: [
        ...(fs.existsSync(original.root) && fs.statSync(original.root).isFile() ? [{ file_path: original.root, sha256: sha256(original.root) }] : []),
        ...[...read].sort(([a], [b]) => a.localeCompare(b)).map(([logical, f]) => ({ file_path: logical, sha256: sha256(f) })),
      ],
      modules: outcomes,
    }));
    writeAlerts(out, allAlerts, (file, text) => files.write(file, text));
    await files.done();
  }
  // The rows are read back from their lines only when asked for (tests, --json): a big phone's
  // timeline is kept as bytes, not as a million objects.
  return {
    target: original.root, kind: original.kind, modules: outcomes, alerts: allAlerts,
    get timeline() {
      return timeline.rows();
    },
  };
}
