// bench/device: a synthetic iOS backup with 200k messages, 500k Safari visits and 50k data-usage
// processes, checked with every module and all of Amnesty's Pegasus and Predator indicators.
// Prints seconds and rows/s per module, and the same three modules' work done by the Python
// anchor (bench/device/anchor.py: MVT's steps for them, heuristics included, written anew; not MVT
// itself) in the same run, with the ratio and whether both found the same records.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDeviceThreads, nodeFlagsFor } from '../../src/cli/node-flags.mjs';
import type { ModuleOutcome } from '../../src/device/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const IOCS = [path.join(ROOT, 'data/iocs/amnesty-pegasus-2021/pegasus.stix2'), path.join(ROOT, 'data/iocs/amnesty-cytrox-2021/cytrox.stix2')];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-device-'));
const lists = path.join(tmp, 'lists');
fs.mkdirSync(lists);
// The lists and the backup come from a process of its own (bench/device/prepare.ts says why); this
// one holds no more than the checks' JSON.
const prepared = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'prepare.ts'), lists, ...IOCS], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { backup: string; domains: number; processes: number };
const backup = prepared.backup;
// Each check in a process of its own, as a user runs one (with the flags the launcher would start
// its Node with, src/cli/node-flags.mjs): on one thread first (each module's time alone), then on the
// CLI's default threads (modules taken from one queue by the check's thread and its workers).
interface Check {
  seconds: number;
  alerts: number;
  inWorkers: number;
  modules: (ModuleOutcome & { found: number; heuristic: number })[];
}
// Before each run, the previous run's hundreds of megabytes reach the disk (sync), so that no run
// pays for another's writes.
const checkOnce = (out: string, threads: number): Check => (execFileSync('sync'),
  JSON.parse(execFileSync(process.execPath, [...nodeFlagsFor(['device', 'check-backup', '--threads', String(threads)], os.availableParallelism()), '--import', 'tsx', path.join(here, 'check-once.ts'), backup, path.join(tmp, out), String(threads), ...IOCS], { encoding: 'utf8', maxBuffer: 1 << 26 })));
const r = checkOnce('vigil', 1);
const total = r.seconds;
// As the CLI runs it by default.
const THREADS = defaultDeviceThreads(os.availableParallelism());
const threaded = checkOnce('vigil-threads', THREADS);
const totalThreaded = threaded.seconds;
// Debian's python3 has python3-tld and python3-ahocorasick when installed; another python3 on PATH may not.
const python = ['/usr/bin/python3', 'python3'].find((p) => {
  try {
    execFileSync(p, ['-c', 'import tld, ahocorasick'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}) ?? 'python3';
execFileSync('sync');
const a0 = performance.now();
const anchor = JSON.parse(execFileSync(python, [path.join(here, 'anchor.py'), backup, path.join(tmp, 'anchor'), path.join(lists, 'domains.txt'), path.join(lists, 'processes.txt')], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<string, { rows: number; seconds: number; hits: number; heuristic_seconds: number; heuristic_hits: number }>;
const anchorTotal = (performance.now() - a0) / 1000;
const flavour = anchor._flavour as unknown as string;
const anchorTimeline = anchor._timeline as unknown as { rows: number; seconds: number };
delete anchor._flavour;
delete anchor._timeline;
// Compared after the anchor ran, so that the anchor's process too starts beside no big garbage.
const sameFiles = ['timeline.csv', 'alerts.json', 'sms.json', 'safari_history.json', 'datausage.json'].every((f) => fs.readFileSync(path.join(tmp, 'vigil', f)).equals(fs.readFileSync(path.join(tmp, 'vigil-threads', f))));

console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`indicators: ${prepared.domains} domains, ${prepared.processes} processes (Amnesty Pegasus + Predator)`);
console.log(`anchor: bench/device/anchor.py with ${python}, URL checks by ${flavour}\n`);
console.log('module                          rows    vigil s     rows/s   anchor s (heuristics s)  anchor/vigil  indicator findings  heuristic findings (vigil / anchor)');
for (const m of r.modules) {
  const s = (m.duration_ms ?? 0) / 1000;
  const a = anchor[m.slug];
  const pair = (x: number, y: number) => `${x} / ${y}${x === y ? '' : '  (differ)'}`;
  const anchorCols = a ? `${a.seconds.toFixed(3).padStart(10)} (${a.heuristic_seconds.toFixed(3).padStart(7)})  ${`${(a.seconds / Math.max(s, 0.001)).toFixed(2)}×`.padStart(12)}  ${pair(m.found, a.hits).padEnd(18)}  ${pair(m.heuristic, a.heuristic_hits)}` : m.error ? m.error.code : '';
  console.log(`${m.slug.padEnd(28)} ${String(m.records).padStart(7)} ${s.toFixed(3).padStart(10)} ${(s > 0 ? Math.round(m.records / s) : 0).toLocaleString('en').padStart(10)} ${anchorCols}`);
}
const heuristicsTotal = Object.values(anchor).reduce((n, a) => n + a.heuristic_seconds, 0);
const anchorWork = Object.values(anchor).reduce((n, a) => n + a.seconds, 0) + anchorTimeline.seconds;
console.log(`\nwhole check, ${r.modules.length} modules, one thread: ${total.toFixed(2)} s (${r.alerts} alerts)`);
console.log(`whole check on ${THREADS} threads (${threaded.inWorkers} modules in workers): ${totalThreaded.toFixed(2)} s (${threaded.alerts} alerts; timeline, alerts and the three big modules' files the same bytes: ${sameFiles ? 'yes' : 'NO'})`);
console.log(`anchor: its three modules and their timeline.csv (${anchorTimeline.rows} rows, ${anchorTimeline.seconds.toFixed(2)} s) ${anchorWork.toFixed(2)} s, of which MVT's heuristics ${heuristicsTotal.toFixed(2)} s; the process ${anchorTotal.toFixed(2)} s`);
console.log(`anchor's work ÷ vigil's whole check: ${(anchorWork / total).toFixed(2)}× on one thread, ${(anchorWork / totalThreaded).toFixed(2)}× on ${THREADS}`);
fs.rmSync(tmp, { recursive: true, force: true });
