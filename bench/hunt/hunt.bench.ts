// bench/hunt: the full hunt (CVE-2019-3568 rule pack + indicators + pivot) over 10M generated
// events, as Parquet and as JSON Lines, against one hand-written DuckDB query computing the same
// targets in the same run. Prints events/s, the ratio, and checks both found the same targets.
// Every step runs in a process of its own (the data's generation, each anchor, each hunt), as a
// user runs `vigil hunt run`: none pays for another's memory. The anchor and the hunt take turns,
// ROUNDS times each, and the ratio is that of their medians.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(here, '../out/hunt');
const EVENTS = Number(process.env.BENCH_HUNT_EVENTS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_HUNT_ROUNDS ?? 3);

interface Run {
  ms: number;
  targets: string[];
}
interface HuntRun extends Run {
  attackers: number;
  phases: Record<string, number>;
  queries: { name: string; ms: number; matches: number }[];
}

const once = <T>(script: string, ...args: string[]): T => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] })) as T;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const sameSet = (a: string[], b: string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`);
for (const format of ['parquet', 'jsonl']) {
  const dir = path.join(OUT, format);
  fs.rmSync(dir, { recursive: true, force: true });
  const g = once<{ dataFile: string; iocFile: string; events: number; targets: number; ms: number }>('generate-once.ts', dir, String(EVENTS), format);
  const size = fs.statSync(g.dataFile).size / 1024 ** 2;
  console.log(`\n${format}: ${g.events} events, ${size.toFixed(0)} MB, generated in ${seconds(g.ms)}`);
  const anchors: Run[] = [];
  const hunts: HuntRun[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    execFileSync('sync');
    anchors.push(once<Run>('anchor-once.ts', g.dataFile, g.iocFile));
    execFileSync('sync');
    hunts.push(once<HuntRun>('hunt-once.ts', g.dataFile, g.iocFile));
    console.log(`  round ${i + 1}: hand-written query ${seconds(anchors[i].ms)}, vigil hunt run ${seconds(hunts[i].ms)} (${(hunts[i].ms / anchors[i].ms).toFixed(2)}×)`);
  }
  const a = median(anchors.map((r) => r.ms));
  const h = median(hunts.map((r) => r.ms));
  const same = hunts.every((r) => anchors.every((x) => sameSet(r.targets, x.targets)));
  const last = hunts[hunts.length - 1];
  const eps = (ms: number) => (g.events / (ms / 1000) / 1e6).toFixed(2);
  console.log(`  hand-written query : ${seconds(a)}  ${eps(a)} M events/s  ${anchors[0].targets.length} targets (median of ${ROUNDS})`);
  console.log(`  vigil hunt run     : ${seconds(h)}  ${eps(h)} M events/s  ${last.targets.length} targets (${last.queries.length} queries, ${last.attackers} attackers; median of ${ROUNDS})`);
  console.log(`  ratio hunt/anchor  : ${(h / a).toFixed(2)}×  (goal ≤ 1.3×)   same targets in every run: ${same ? 'yes' : 'NO'}   truth: ${g.targets}`);
  console.log(`  phases of the last hunt: ${Object.entries(last.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  for (const q of last.queries) console.log(`    ${q.name.padEnd(36)} ${String(q.ms).padStart(6)} ms  ${q.matches} matches`);
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
