// Data and network usage (DataUsage.sqlite, netusage.sqlite): the processes that used the
// network, checked against process indicators (with iOS's truncated names) and MVT's heuristics
// for deleted records (usage-heuristics.ts), plus the triangle_check heuristic: BackupAgent, a
// process that never touches the network, using it.
import { byTime } from '../mvt-csv.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { heuristic, matchAlerts, withModuleDb } from './common.ts';
import { deletedAlerts, MANIPULATED, manipulatedAlerts, unknownBinaryAlerts } from './usage-heuristics.ts';
import type { ArtifactSource } from '../sources/types.ts';
import { realOf, type EvidenceDb } from '../sqlite.ts';
import { mvtTimeOfApple } from '../time.ts';

const DATAUSAGE_IN_BACKUP = { domain: 'WirelessDomain', path: 'Library/Databases/DataUsage.sqlite' };
const DATAUSAGE_IN_DUMP = '/private/var/wireless/Library/Databases/DataUsage.sqlite';

/** Bytes in and out over wifi and cellular (ZWIFIIN, ZWIFIOUT, ZWWANIN, ZWWANOUT; absent ones count 0). */
const totalBytes = (counts: unknown[]) => counts.reduce<number>((n, v) => n + Number(v ?? 0), 0);

/** The same of one process's usage record. */
const trafficOf = (r: Result) => totalBytes([r.wifi_in, r.wifi_out, r.wwan_in, r.wwan_out]);

function requireUsageTables(db: EvidenceDb): void {
  db.require('ZPROCESS', ['Z_PK', 'ZPROCNAME', 'ZBUNDLENAME', 'ZFIRSTTIMESTAMP', 'ZTIMESTAMP']);
  db.require('ZLIVEUSAGE', ['Z_PK', 'ZHASPROCESS', 'ZWWANIN', 'ZWWANOUT', 'ZTIMESTAMP']);
}

/**
 * The first and latest use of BackupAgent's process, once per usage row of it with any traffic:
 * all that triangle_check needs of DataUsage.sqlite (reading every record took it 0.25 s on a big phone).
 */
export function backupAgentUses(source: ArtifactSource): { first: string | null; last: string | null }[] {
  return withModuleDb(source, DATAUSAGE_IN_BACKUP, [DATAUSAGE_IN_DUMP], (db) => {
    requireUsageTables(db);
    const rows = db.db.prepare(
      `SELECT p.ZFIRSTTIMESTAMP, p.ZTIMESTAMP, ${db.orNull('ZLIVEUSAGE', 'ZWIFIIN', 'u')}, ${db.orNull('ZLIVEUSAGE', 'ZWIFIOUT', 'u')}, u.ZWWANIN, u.ZWWANOUT
       FROM ZLIVEUSAGE u JOIN ZPROCESS p ON u.ZHASPROCESS = p.Z_PK WHERE p.ZPROCNAME = 'BackupAgent'`,
    ).raw(true).all() as unknown[][];
    return rows
      .filter(([, , ...traffic]) => totalBytes(traffic) > 0)
      .map(([first, last]) => ({ first: mvtTimeOfApple(first), last: mvtTimeOfApple(last) }));
  });
}

// As MVT reads it: one record per usage row (ZLIVEUSAGE) with its process, and one per process
// without usage. A usage row whose process is gone keeps its place, named as MVT names it.
function readUsage(source: ArtifactSource, backup: { domain: string; path: string } | null, fsPath: string): Result[] {
  return withModuleDb(source, backup, [fsPath], (db) => {
    requireUsageTables(db);
    // Recent phones have no wifi columns.
    const rows = db.db.prepare(
      `SELECT p.ZFIRSTTIMESTAMP AS first, p.ZTIMESTAMP AS last, p.ZPROCNAME AS proc_name, p.ZBUNDLENAME AS bundle_id, p.Z_PK AS proc_id,
              ${db.orNull('ZLIVEUSAGE', 'ZWIFIIN', 'u')} AS wifi_in, ${db.orNull('ZLIVEUSAGE', 'ZWIFIOUT', 'u')} AS wifi_out, u.ZWWANIN AS wwan_in, u.ZWWANOUT AS wwan_out,
              u.Z_PK AS live_id, u.ZHASPROCESS AS live_proc_id, u.ZTIMESTAMP AS live_time
       FROM ZLIVEUSAGE u LEFT JOIN ZPROCESS p ON u.ZHASPROCESS = p.Z_PK
       UNION ALL
       SELECT ZFIRSTTIMESTAMP, ZTIMESTAMP, ZPROCNAME, ZBUNDLENAME, Z_PK, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM ZPROCESS WHERE Z_PK NOT IN (SELECT ZHASPROCESS FROM ZLIVEUSAGE WHERE ZHASPROCESS IS NOT NULL)`,
    ).raw(true).all() as unknown[][];
    const out: Result[] = rows.map(([first, last, procName, bundle, procId, wifiIn, wifiOut, wwanIn, wwanOut, liveId, liveProcId, liveTime]) => {
      const firstIso = mvtTimeOfApple(first);
      const liveIso = mvtTimeOfApple(liveTime) ?? firstIso;
      const gone = procId == null && liveProcId != null;
      return {
        first_isodate: gone ? liveIso : firstIso,
        isodate: gone ? liveIso : mvtTimeOfApple(last),
        proc_name: gone ? MANIPULATED : procName,
        bundle_id: bundle,
        proc_id: procId,
        // FLOAT columns: MVT writes 1000.0.
        wifi_in: realOf(wifiIn),
        wifi_out: realOf(wifiOut),
        wwan_in: realOf(wwanIn),
        wwan_out: realOf(wwanOut),
        live_id: liveId,
        live_proc_id: liveProcId,
        live_isodate: liveIso,
      };
    });
    return out.sort((a, b) => byTime(a.first_isodate as string | null, b.first_isodate as string | null));
  });
}

/** A record's process name, without what follows a slash (netusage names a process "name/bundle id"). */
const processName = (r: Result) => String(r.proc_name ?? '').split('/')[0];

function usageModule(slug: string, description: string, backup: { domain: string; path: string } | null, fsPath: string): DeviceModule {
  return {
    slug,
    description,
    sources: backup ? ['backup', 'fs'] : ['fs'],
    extract: ({ source }) => readUsage(source, backup, fsPath),
    check(records, { index, source }) {
      const alerts: Alert[] = [...manipulatedAlerts(slug, records), ...deletedAlerts(slug, records), ...unknownBinaryAlerts(slug, records, source)];
      const checked = new Set<unknown>();
      for (const r of records) {
        // A process is checked once, however many usage rows it has.
        if (r.proc_id == null || checked.has(r.proc_id)) continue;
        checked.add(r.proc_id);
        alerts.push(...matchAlerts(slug, r, r.first_isodate as string | null, index.process(processName(r)), 'process'));
      }
      const agent = records.find((r) => processName(r) === 'BackupAgent' && trafficOf(r) > 0);
      if (agent) alerts.push(heuristic(slug, 'HIGH', 'BackupAgent used the network: seen in Operation Triangulation infections (triangle_check heuristic)', agent, agent.first_isodate as string | null));
      return alerts;
    },
    // MVT's rows: each usage row, and the first and latest use of a process that still exists.
    timeline: (records) =>
      records.flatMap((r) => {
        const what = `${r.proc_name} (Bundle ID: ${r.bundle_id ?? 'None'}, ID: ${r.proc_id ?? 'None'})`;
        const rows = [{ timestamp: r.live_isodate as string | null, module: slug, event: 'live_usage', data: `${what} WIFI IN: ${r.wifi_in ?? 0}, WIFI OUT: ${r.wifi_out ?? 0}, WWAN IN: ${r.wwan_in ?? 0}, WWAN OUT: ${r.wwan_out ?? 0}` }];
        if (r.proc_id != null && r.live_proc_id != null) {
          rows.push({ timestamp: r.first_isodate as string | null, module: slug, event: 'first_usage', data: what }, { timestamp: r.isodate as string | null, module: slug, event: 'current_usage', data: what });
        }
        return rows;
      }),
  };
}

export const datausage = usageModule('datausage', 'processes using cellular and wifi data (DataUsage.sqlite)', DATAUSAGE_IN_BACKUP, DATAUSAGE_IN_DUMP);
export const netusage = usageModule('netusage', 'processes using the network (netusage.sqlite)', null, '/private/var/networkd/netusage.sqlite');
