// bench/indicators: `vigil iocs scan` against `rg -F -f domains.txt` on the same ≥200 MB file, in
// the same run. Prints MB/s, the time ratio, and both match counts with the difference explained.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatchIndex, scanFile } from '../../src/indicators/index.ts';
import { BUNDLED_IOCS_DIR, recordsFromFiles } from '../../src/indicators/service.ts';
import { generateCorpus } from './generate-lines.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../out');
const MB = 1024 * 1024;
const targetMb = Number(process.env.BENCH_SCAN_MB ?? 200);

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

fs.mkdirSync(OUT, { recursive: true });
const files = ['amnesty-pegasus-2021/pegasus.stix2', 'amnesty-cytrox-2021/cytrox.stix2'].map((f) => path.join(BUNDLED_IOCS_DIR, f));
const { records } = recordsFromFiles(files);
const domains = [...new Set(records.filter((r) => r.type === 'domain').map((r) => r.value))];
const domainsFile = path.join(OUT, 'domains.txt');
fs.writeFileSync(domainsFile, domains.join('\n') + '\n');

const corpusFile = path.join(OUT, 'scan-input.log');
const gen = time(() => generateCorpus(corpusFile, targetMb * MB, domains));
const corpus = gen.value;
console.log(`corpus: ${(corpus.bytes / MB).toFixed(0)} MB, ${corpus.lines} lines (${corpus.trueLines} with a planted indicator, ${corpus.decoyLines} decoys) written in ${(gen.ms / 1000).toFixed(1)} s`);
console.log(`indicators: ${records.length} (${domains.length} domains) from the Amnesty Pegasus and Predator STIX files`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`);

const build = time(() => new MatchIndex(records));
const index = build.value;
// Warm both once (page cache, JIT), then take the median of three runs each.
scanFile(corpusFile, index);
const rgArgs = ['-F', '-c', '-f', domainsFile, corpusFile];
const rg = () => Number(execFileSync('rg', rgArgs, { encoding: 'utf8' }).trim() || '0');
rg();
const vigilRuns: number[] = [];
const rgRuns: number[] = [];
let summary = scanFile(corpusFile, index);
let rgCount = 0;
for (let i = 0; i < 3; i++) {
  const v = time(() => scanFile(corpusFile, index));
  vigilRuns.push(v.ms);
  summary = v.value;
  const r = time(rg);
  rgRuns.push(r.ms);
  rgCount = r.value;
}
const vMs = median(vigilRuns);
const rMs = median(rgRuns);
const mbs = (ms: number) => corpus.bytes / MB / (ms / 1000);
const falseVigil = summary.matchedLines - corpus.trueLines;
console.log('');
console.log(`vigil iocs scan : ${vMs.toFixed(0)} ms  ${mbs(vMs).toFixed(0)} MB/s  ${summary.matchedLines} matching lines (index built in ${build.ms.toFixed(0)} ms)`);
console.log(`rg -F -f        : ${rMs.toFixed(0)} ms  ${mbs(rMs).toFixed(0)} MB/s  ${rgCount} matching lines`);
console.log(`ratio vigil/rg  : ${(vMs / rMs).toFixed(2)}×  (goal ≤ 2×)`);
console.log(`planted true lines ${corpus.trueLines}; vigil false matches ${falseVigil}, missed ${corpus.trueLines - summary.matchedLines + Math.max(0, falseVigil)}`);
console.log(`rg reports ${rgCount - corpus.trueLines} more lines than are true: the substring hits inside longer labels (${corpus.decoyLines} decoys planted)`);
if (summary.matchedLines !== corpus.trueLines) {
  console.error('vigil did not find exactly the planted lines');
  process.exitCode = 1;
}
if (!process.env.BENCH_KEEP) fs.rmSync(corpusFile);
