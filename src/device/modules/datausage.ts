// Data and network usage (DataUsage.sqlite, netusage.sqlite): the processes that used the
// network, checked against process indicators (with iOS's truncated names), plus the
// triangle_check heuristic: BackupAgent, a process that never touches the network, using it.
import type { Alert, DeviceModule, Result } from '../types.ts';
import { matchAlerts, withModuleDb } from './common.ts';
import { appleTime } from '../sqlite.ts';
import type { ArtifactSource } from '../sources/types.ts';

export const DATAUSAGE_IN_BACKUP = { domain: 'WirelessDomain', path: 'Library/Databases/DataUsage.sqlite' };
export const DATAUSAGE_IN_DUMP = '/private/var/wireless/Library/Databases/DataUsage.sqlite';

/** Bytes in and out over wifi and cellular, of one process's usage record. */
export const trafficOf = (r: Result) => ['wifi_in', 'wifi_out', 'wwan_in', 'wwan_out'].reduce((n, k) => n + Number(r[k] ?? 0), 0);

// datausage and triangle_check both read DataUsage.sqlite: read once per check (per source object).
const usageCache = new WeakMap<ArtifactSource, Map<string, Result[]>>();

export function readUsage(source: ArtifactSource, backup: { domain: string; path: string } | null, fsPath: string): Result[] {
  const key = backup ? `${backup.domain}-${backup.path}` : fsPath;
  let bySource = usageCache.get(source);
  if (!bySource) usageCache.set(source, (bySource = new Map()));
  const cached = bySource.get(key);
  if (cached) return cached;
  const rows = readUsageDb(source, backup, fsPath);
  bySource.set(key, rows);
  return rows;
}

function readUsageDb(source: ArtifactSource, backup: { domain: string; path: string } | null, fsPath: string): Result[] {
  return withModuleDb(source, backup, [fsPath], (db) => {
    db.require('ZPROCESS', ['Z_PK', 'ZPROCNAME', 'ZBUNDLENAME', 'ZFIRSTTIMESTAMP', 'ZTIMESTAMP']);
    db.require('ZLIVEUSAGE', ['ZHASPROCESS', 'ZWIFIIN', 'ZWIFIOUT', 'ZWWANIN', 'ZWWANOUT']);
    const rows = db.db.prepare(
      `SELECT p.ZPROCNAME AS proc_name, p.ZBUNDLENAME AS bundle_id, p.ZFIRSTTIMESTAMP AS first, p.ZTIMESTAMP AS last,
              sum(u.ZWIFIIN) AS wifi_in, sum(u.ZWIFIOUT) AS wifi_out, sum(u.ZWWANIN) AS wwan_in, sum(u.ZWWANOUT) AS wwan_out
       FROM ZPROCESS p LEFT JOIN ZLIVEUSAGE u ON u.ZHASPROCESS = p.Z_PK GROUP BY p.Z_PK ORDER BY p.ZFIRSTTIMESTAMP`,
    ).all() as Result[];
    return rows.map((r) => ({ ...r, first_isodate: appleTime(r.first), isodate: appleTime(r.last) }));
  });
}

function usageModule(slug: string, description: string, backup: { domain: string; path: string } | null, fsPath: string): DeviceModule {
  return {
    slug,
    description,
    sources: backup ? ['backup', 'fs'] : ['fs'],
    extract: ({ source }) => readUsage(source, backup, fsPath),
    check(records, { index }) {
      const alerts: Alert[] = [];
      for (const r of records) {
        const name = String(r.proc_name ?? '').split('/')[0];
        alerts.push(...matchAlerts(slug, r, r.first_isodate as string | null, index.process(name), 'process'));
        if (name === 'BackupAgent' && trafficOf(r) > 0) {
          alerts.push({ level: 'HIGH', module: slug, message: 'BackupAgent used the network: seen in Operation Triangulation infections (triangle_check heuristic)', event_time: r.first_isodate as string | null, event: r, matched_indicator: null });
        }
      }
      return alerts;
    },
    timeline: (records) =>
      records.map((r) => ({ timestamp: r.first_isodate as string | null, module: slug, event: 'first_usage', data: `${r.proc_name} (bundle ${r.bundle_id ?? '-'}) wifi in ${r.wifi_in ?? 0} out ${r.wifi_out ?? 0}, cellular in ${r.wwan_in ?? 0} out ${r.wwan_out ?? 0}` })),
  };
}

export const datausage = usageModule('datausage', 'processes using cellular and wifi data (DataUsage.sqlite)', DATAUSAGE_IN_BACKUP, DATAUSAGE_IN_DUMP);
export const netusage = usageModule('netusage', 'processes using the network (netusage.sqlite)', null, '/private/var/networkd/netusage.sqlite');
