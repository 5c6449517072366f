// The device bench's preparation, in a process of its own: reads Amnesty's indicators, writes the
// domain and process lists the Python anchor reads, and builds the synthetic backup when it is
// missing. Apart from the bench's process so that none of its garbage (the indicator index, a
// backup's build) is in the memory of the process that starts the timed checks: with it there,
// the checks ran ~20% slower on this VM.
// Usage: prepare.ts LISTS_DIR IOC_FILE...   prints {"backup": DIR} as JSON.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBulkBackup } from '../../src/device/synthetic/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZES = { sms: Number(process.env.BENCH_DEVICE_SMS ?? 200_000), history: Number(process.env.BENCH_DEVICE_HISTORY ?? 500_000), usage: Number(process.env.BENCH_DEVICE_USAGE ?? 50_000) };
const [lists, ...iocs] = process.argv.slice(2);

const index = new MatchIndex(recordsFromFiles(iocs).records);
const domains = index.valuesOf('domain').map((r) => r.value);
const processes = index.valuesOf('process').map((r) => r.value);
fs.writeFileSync(path.join(lists, 'domains.txt'), domains.join('\n'));
fs.writeFileSync(path.join(lists, 'processes.txt'), processes.join('\n'));

// Built once and kept; named by the builders' code too, so a changed builder builds it anew.
const builders = fs.readdirSync(path.join(ROOT, 'src/device/synthetic')).sort().map((f) => fs.readFileSync(path.join(ROOT, 'src/device/synthetic', f)));
const version = crypto.createHash('sha256').update(Buffer.concat(builders)).digest('hex').slice(0, 8);
const backup = path.join(ROOT, 'bench/out/device', `backup-${SIZES.sms}-${SIZES.history}-${SIZES.usage}-${version}`);
if (!fs.existsSync(path.join(backup, 'Manifest.db'))) {
  for (const old of fs.existsSync(path.dirname(backup)) ? fs.readdirSync(path.dirname(backup)) : []) if (old.startsWith('backup-')) fs.rmSync(path.join(path.dirname(backup), old), { recursive: true, force: true });
  const t = performance.now();
  buildBulkBackup(backup, SIZES, domains.filter((_, i) => i % 50 === 0), processes.filter((p) => p.length < 15));
  // On stderr: stdout carries only the JSON the bench reads.
  console.error(`built the backup in ${((performance.now() - t) / 1000).toFixed(1)} s: ${backup}`);
}
console.log(JSON.stringify({ backup, domains: domains.length, processes: processes.length }));
