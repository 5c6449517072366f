// Runs the modules over a source, MVT's way: each extracts, checks and builds its timeline; a module
// that fails is logged with its typed error and the others go on. Writes MVT's outputs: per module
// <slug>.json and <slug>_detected.json, timeline.csv, alerts.json, alerts_timeline.csv, info.json.
import fs from 'node:fs';
import path from 'node:path';
import { exactJson } from '../core/index.ts';
import type { MatchIndex } from '../indicators/index.ts';
import { DeviceError } from './errors.ts';
import { evidenceHashes } from './evidence-hashes.ts';
import { forgetReadHashes } from './read-hashes.ts';
import { CheckWorkers } from './check-workers.ts';
import { mvtJson } from './json-chunks.ts';
import { runModule, type ModuleOutcome, type ModuleRun } from './module-run.ts';
import { MODULES } from './modules/index.ts';
import { byTime, mvtCsv } from './mvt-csv.ts';
import { OutputFiles } from './output-files.ts';
import type { ArtifactSource, SourceSpec } from './sources/types.ts';
import { privateTempDir, removeTempDir } from './temp.ts';
import { encodeRun } from './timeline-builder.ts';
import { TimelineRuns } from './timeline-runs.ts';
import { trackedSource } from './tracked-source.ts';
import { workerScript } from './worker-script.ts';
import type { Alert, DeviceModule, ModuleContext, TimelineRow } from './types.ts';

export type { ModuleOutcome };

export interface CheckResult {
  target: string;
  kind: string;
  modules: ModuleOutcome[];
  alerts: Alert[];
  timeline: TimelineRow[];
  /** How many modules worker threads ran (the others ran in the calling thread). */
  inWorkers: number;
}

type Write = (file: string, text: string) => void;
const writeNow: Write = (file, text) => fs.writeFileSync(file, text, { mode: 0o600 });

/** alerts.json and alerts_timeline.csv, as MVT writes them. */
export function writeAlerts(out: string, alerts: Alert[], write: Write = writeNow): void {
  write(path.join(out, 'alerts.json'), mvtJson(alerts));
  const timed = alerts.filter((a) => a.event_time).sort((a, b) => byTime(a.event_time, b.event_time));
  write(path.join(out, 'alerts_timeline.csv'), mvtCsv([['Event Time', 'Module', 'Message', 'Event'], ...timed.map((a) => [a.event_time, a.module, a.message, exactJson(a.event)])]));
}

export interface CheckOptions {
  /**
   * Threads that run modules, the check's own among them. More than one needs a source another
   * thread can open again (folders, backups plain or encrypted) and the built-in modules.
   */
  threads?: number;
  /**
   * Modules run in the workers only, so the calling thread stays free (a server's event loop);
   * with `threads` above one and a source the workers can open.
   */
  workersOnly?: boolean;
}

/** How a check's workers start: how many threads in all, the source's spec, a temporary folder for them. */
interface WorkerSetup {
  threads: number;
  spec: SourceSpec;
  tmp: string;
  only?: boolean;
}

/** Every module's run, in the modules' order, whichever thread ran it; the workers still writing their files. */
interface Runs {
  done: ModuleRun[];
  workers?: CheckWorkers;
}

/**
 * Runs `list` from one queue, in this thread and in `threads - 1` workers (each opens the evidence
 * again from `spec`, with its temporary files in `tmp`). `read` gets the files every thread read.
 */
async function runModules(list: DeviceModule[], ctx: ModuleContext, out: string | undefined, files: OutputFiles, read: Map<string, string>, onModule: ((slug: string) => void) | undefined, workerSetup?: WorkerSetup): Promise<Runs> {
  const runs: (ModuleRun | undefined)[] = new Array(list.length);
  // The queue every thread takes modules from: counter[0] is the next place in `list`.
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = workerSetup && new CheckWorkers(await workerScript(), workerSetup.threads - 1, { spec: workerSetup.spec, index: ctx.index.portable(), slugs: list.map((m) => m.slug), counter, out, tmp: workerSetup.tmp }, (i) => onModule?.(list[i].slug));
  const ranHere = new Set<number>();
  // Stopped here if this thread fails; on success, once their files are written (see written()).
  try {
    while (!workerSetup?.only) {
      // Modules run synchronously; yielding between them lets Ctrl-C (and its cleanup) and the workers' messages through.
      await new Promise((resolve) => setImmediate(resolve));
      const i = Atomics.add(counter, 0, 1);
      if (i >= list.length) break;
      onModule?.(list[i].slug);
      ranHere.add(i);
      runs[i] = await runModule(list[i], ctx, out, files);
    }
    await workers?.runsIn(ranHere, list.length);
  } catch (e) {
    await workers?.stop();
    throw e;
  }
  for (const [k, f] of workers?.read ?? []) read.set(k, f);
  return { done: list.map((m, i) => runs[i] ?? workers?.runs.get(i) ?? lostRun(m.slug, workers?.lost.get(i))), workers };
}

/** The run of a module whose worker thread stopped before sending it. */
function lostRun(slug: string, why = 'the worker thread stopped'): ModuleRun {
  return { outcome: { slug, records: 0, alerts: 0, error: { code: 'DEVICE_WORKER', message: `${slug}: ${why}` } }, alerts: [], timeline: encodeRun(slug, slug, []) };
}

export async function runDeviceCheck(original: ArtifactSource, modules: DeviceModule[], index: MatchIndex, out?: string, iocFiles: string[] = [], onModule?: (slug: string) => void, o: CheckOptions = {}): Promise<CheckResult> {
  if (out) fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const read = new Map<string, string>();
  const source = trackedSource(original, read);
  const files = new OutputFiles();
  const list = modules.filter((x) => x.sources.includes(source.kind));
  const threads = Math.min(o.threads ?? 1, list.length);
  // Workers run the built-in modules only: they find a module by its slug.
  const setup: WorkerSetup | undefined = threads > 1 && original.spec && list.every((m) => MODULES.includes(m))
    ? { threads, spec: original.spec, tmp: privateTempDir('vigil-check-'), only: o.workersOnly }
    : undefined;
  let workers: CheckWorkers | undefined;
  try {
    const ran = await runModules(list, { source, index }, out, files, read, onModule, setup);
    const done = ran.done;
    workers = ran.workers;
    const outcomes = done.map((r) => r.outcome);
    const allAlerts = done.flatMap((r) => r.alerts);
    // Hashed in libuv's pool while this thread merges the timeline.
    const hashes = out ? evidenceHashes(original.root, read, iocFiles) : undefined;
    hashes?.catch(() => undefined);
    const timeline = new TimelineRuns();
    for (const r of done) timeline.add(r.timeline);
    if (out) {
      const csv = files.open(path.join(out, 'timeline.csv'));
      try {
        await timeline.csv(['UTC Timestamp', 'Plugin', 'Event', 'Description'], csv);
      } finally {
        csv.end();
      }
      const { ioc_hashes, hashes: evidence } = (await hashes)!;
      files.write(path.join(out, 'info.json'), mvtJson({
        target_path: source.root,
        source_kind: source.kind,
        vigil_version: '0.1.0',
        date: new Date().toISOString(),
        ioc_files: iocFiles,
        ioc_hashes,
        hashes: evidence,
        modules: outcomes,
      }));
      writeAlerts(out, allAlerts, (file, text) => files.write(file, text));
      await files.done();
    }
    // The workers' own <name>.json files, written while this thread wrote the timeline.
    await workers?.written();
    if (workers?.writeError) throw new DeviceError('DEVICE_OUTPUT', `could not write a module's results: ${workers.writeError.message}`, { where: out, hint: 'is there room on the disk, and may vigil write there?' });
    // The rows are read back from their lines only when asked for (tests, --json): a big phone's
    // timeline is kept as bytes, not as a million objects.
    return {
      target: original.root, kind: original.kind, modules: outcomes, alerts: allAlerts, inWorkers: workers?.runs.size ?? 0,
      get timeline() {
        return timeline.rows();
      },
    };
  } finally {
    forgetReadHashes(read.values());
    await workers?.stop();
    // The workers' decrypted files and database copies, once info.json has their hashes.
    if (setup) removeTempDir(setup.tmp);
  }
}
