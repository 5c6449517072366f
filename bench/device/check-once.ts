// One device check of the bench's backup in a process of its own, as a user's `vigil device
// check-backup` runs it (the bench starts it with the launcher's V8 flags): prints
// its seconds, each module's outcome and what it found, as JSON.
// Usage: check-once.ts BACKUP OUT THREADS IOC_FILE...
import { backupSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { exactJson } from '../../src/core/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';

const [backup, out, threads, ...iocs] = process.argv.slice(2);
const index = new MatchIndex(recordsFromFiles(iocs).records);
const t0 = performance.now();
const r = await runDeviceCheck(backupSource(backup), MODULES, index, out, iocs, undefined, { threads: Number(threads) });
const seconds = (performance.now() - t0) / 1000;
const real = r.alerts.filter((a) => a.level !== 'INFORMATIONAL');
const bySlug = (slug: string) => ({
  // Records an indicator matched, and alerts of heuristics (no indicator).
  found: new Set(real.filter((a) => a.module === slug && a.matched_indicator).map((a) => exactJson(a.event))).size,
  heuristic: real.filter((a) => a.module === slug && !a.matched_indicator).length,
});
console.log(JSON.stringify({ seconds, alerts: r.alerts.length, inWorkers: r.inWorkers, modules: r.modules.map((m) => ({ ...m, ...bySlug(m.slug) })) }));
