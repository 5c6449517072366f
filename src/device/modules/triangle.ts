// triangle_check's sliding window, after Kaspersky's tool for Operation Triangulation: in a backup,
// an SMS attachment written within minutes of ImageIO/locationd preference files appearing, a
// location bundle (WRMLinkSelection) stopping and BackupAgent using the network is the trace the
// zero-click chain left. Events come from Manifest.db's file times, locationd's clients.plist and
// DataUsage; a window holding an SMS attachment and two other kinds is flagged.
import { isPlistNumber } from '../plist.ts';
import type { ManifestEntry } from '../sources/backup.ts';
import { parseMBFile } from '../sources/mbfile.ts';
import { addSeconds, mvtTimeOfApple } from '../time.ts';
import { byTime } from '../mvt-csv.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dictOf, heuristic, readPlistDict } from './common.ts';
import { backupAgentUses } from './datausage.ts';

export const WINDOW_SECONDS = 300;

const FILE_KINDS: [RegExp, string][] = [
  [/^MediaDomain-Library\/SMS\/Attachments\//, 'sms_attachment'],
  [/^HomeDomain-Library\/Preferences\/com\.apple\.(ImageIO|locationd\.StatusBarIconManager|imservice\.ids\.FaceTime)\.plist$/, 'preference'],
];

function fileEvents(manifest: ManifestEntry[]): Result[] {
  const out: Result[] = [];
  for (const e of manifest) {
    const kind = FILE_KINDS.find(([re]) => re.test(`${e.domain}-${e.relativePath}`))?.[1];
    if (!kind || !e.file) continue;
    let times;
    try {
      times = parseMBFile(e.file, e.relativePath);
    } catch {
      continue;
    }
    for (const [what, t] of [['file birth', times.birth], ['file modification', times.lastModified], ['file attribute change', times.lastStatusChange]] as const) {
      if (t) out.push({ isodate: t, kind, what: `${what}: ${e.relativePath}` });
    }
  }
  return out;
}

export const triangleCheck: DeviceModule = {
  slug: 'triangle_check',
  description: 'Operation Triangulation traces: file, location, network and SMS-attachment events close in time',
  sources: ['backup'],
  extract({ source }) {
    const events = fileEvents((source as { manifest?: ManifestEntry[] }).manifest ?? []);
    const clients = source.file('Library/Caches/locationd/clients.plist', 'RootDomain');
    if (clients) {
      for (const [key, v] of Object.entries(readPlistDict(clients, 'clients.plist'))) {
        if (!key.includes('WRMLinkSelection.bundle')) continue;
        for (const [k, t] of Object.entries(dictOf(v))) if (/TimeStopped$/.test(k) && isPlistNumber(t)) events.push({ isodate: mvtTimeOfApple(t), kind: 'location', what: `location service stopped: ${key}` });
      }
    }
    try {
      for (const { first, last } of backupAgentUses(source)) for (const t of [first, last]) if (t) events.push({ isodate: t, kind: 'network', what: 'BackupAgent used the network' });
    } catch {
      // No network usage in this backup: the window is judged on the other events.
    }
    return events.filter((e) => e.isodate).sort((a, b) => byTime(a.isodate as string, b.isodate as string));
  },
  check(records) {
    const alerts: Alert[] = [];
    let coveredUntil = '';
    for (let i = 0; i < records.length; i++) {
      const start = records[i].isodate as string;
      if (start <= coveredUntil) continue;
      const end = addSeconds(start, WINDOW_SECONDS) ?? start;
      const window = records.slice(i).filter((r) => (r.isodate as string) <= end);
      const kinds = new Set(window.map((r) => r.kind));
      if (!kinds.has('sms_attachment') || kinds.size < 3) continue;
      coveredUntil = end;
      alerts.push(heuristic('triangle_check', 'HIGH', `suspicious combination of events within ${WINDOW_SECONDS / 60} minutes (${[...kinds].sort().join(', ')}): traces like Operation Triangulation's (triangle_check heuristic)`, { events: window }, start));
    }
    return alerts;
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'triangle_check', event: String(r.kind), data: String(r.what) })),
};
