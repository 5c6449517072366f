// The heuristics MVT runs on DataUsage.sqlite and netusage.sqlite, beyond indicators. Pegasus
// deleted its own process records (ZPROCESS) but left their usage rows (ZLIVEUSAGE) behind, as
// Amnesty's 2021 forensic methodology showed: a usage row whose process is gone is a manipulated
// database; a hole in the process numbering is a deleted process; and on a filesystem dump, a
// process with no bundle whose binary is nowhere on the phone is worth a look.
import { groupBy } from '../../core/index.ts';
import { byTime } from '../mvt-csv.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, Result } from '../types.ts';
import { heuristic } from './common.ts';

/** The name MVT gives a usage row whose process record was deleted. */
export const MANIPULATED = 'MANIPULATED [process record deleted]';

/** HIGH once per deleted process that usage rows still point to. */
export function manipulatedAlerts(slug: string, records: Result[]): Alert[] {
  const rowsOf = groupBy(records.filter((r) => r.proc_id == null && r.live_proc_id != null), (r) => r.live_proc_id);
  return [...rowsOf].map(([id, rows]) => {
    const first = rows.reduce((a, b) => (byTime(b.live_isodate as string | null, a.live_isodate as string | null) < 0 ? b : a));
    return heuristic(slug, 'HIGH', `Found manipulated process entry ${id}: ${rows.length} usage row${rows.length === 1 ? '' : 's'} point to a process record that was deleted (first on ${first.live_isodate ?? 'an unknown date'})`, first, (first.live_isodate as string | null) ?? null);
  });
}

/**
 * LOW for each hole in the process numbering (Z_PK), with the process before it. One alert per
 * run of missing numbers, where MVT gives one per number: a database that lost thousands of
 * records would bury everything else.
 */
export function deletedAlerts(slug: string, records: Result[]): Alert[] {
  const byId = new Map<number, Result>();
  for (const r of records) if (typeof r.proc_id === 'number' && !byId.has(r.proc_id)) byId.set(r.proc_id, r);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const alerts: Alert[] = [];
  for (let i = 1; i < ids.length; i++) {
    const from = ids[i - 1] + 1;
    const to = ids[i] - 1;
    if (to < from) continue;
    const before = byId.get(ids[i - 1])!;
    const which = from === to ? `Missing process ${from}` : `Missing processes ${from} to ${to} (${to - from + 1})`;
    const event = { proc_id: from, last_proc_id: to, prev_proc_id: ids[i - 1], prev_proc_name: before.proc_name ?? null, prev_proc_bundle: before.bundle_id ?? null, prev_proc_first: before.first_isodate ?? null };
    alerts.push(heuristic(slug, 'LOW', `${which}. Previous process at "${before.first_isodate ?? ''}" (${before.proc_name ?? ''})`, event, (before.first_isodate as string | null) ?? null));
  }
  return alerts;
}

/**
 * On a filesystem dump only (a backup holds no binaries): MEDIUM for a process without a bundle
 * whose binary is not in the dump. iOS keeps 15 characters of a process name, so a name of that
 * length is found by any file name it begins.
 */
export function unknownBinaryAlerts(slug: string, records: Result[], source: ArtifactSource): Alert[] {
  if (source.kind !== 'fs') return [];
  const files = source.find(/[^/]$/);
  // No files at all (results re-checked without the phone): nothing to judge by.
  if (files.length === 0) return [];
  const names = new Set(files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)));
  const found = (name: string) => names.has(name) || (name.length === 15 && [...names].some((n) => n.startsWith(name)));
  const seen = new Set<string>();
  const alerts: Alert[] = [];
  for (const r of records) {
    if (r.bundle_id || r.proc_id == null) continue;
    const name = String(r.proc_name ?? '');
    if (seen.has(name)) continue;
    seen.add(name);
    if (name && found(name)) continue;
    const message = name
      ? `Could not find the binary of process ${name}, which has no bundle ID${name.length === 15 ? ' (its name may have been cut to 15 characters)' : ''}`
      : `Found a process entry with an empty name: ${r.proc_id}`;
    alerts.push(heuristic(slug, 'MEDIUM', message, r, ((r.live_isodate ?? r.first_isodate) as string | null) ?? null));
  }
  return alerts;
}
