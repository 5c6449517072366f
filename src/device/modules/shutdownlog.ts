// shutdown.log (filesystem dumps, sysdiagnose): processes still running at each reboot, checked
// against process and path indicators, with Kaspersky's iShutdown heuristics: clients running from
// /private/var/db/ or /private/var/tmp/, and reboots held up by three or more waits.
import fs from 'node:fs';
import { ArtifactNotFound } from '../errors.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { byTime } from '../mvt-csv.ts';
import { heuristic, matchAlerts } from './common.ts';
import { parseShutdownLog } from './shutdownlog-parse.ts';

const LOG_PATHS = ['/private/var/db/diagnostics/shutdown.log', '/system_logs.logarchive/Extra/shutdown.log'];

export const shutdownlog: DeviceModule = {
  slug: 'shutdown_log',
  description: 'processes running at each reboot (shutdown.log), with iShutdown heuristics',
  sources: ['fs', 'sysdiagnose'],
  extract({ source }) {
    const file = LOG_PATHS.map((p) => source.file(p)).find(Boolean) ?? source.find(/\/shutdown\.log$/)[0]?.file;
    if (!file) throw new ArtifactNotFound('shutdown.log');
    const { events } = parseShutdownLog(fs.readFileSync(file, 'utf8'));
    // MVT's records, one per listing, in time order (a stable sort, as Python's).
    const records = events.flatMap((e) => e.clients.map((c) => ({ isodate: e.isodate ?? '', pid: c.pid, client: c.path, delay: c.delay, times_delayed: c.timesDelayed }) as Result));
    return records.sort((a, b) => byTime(a.isodate as string, b.isodate as string));
  },
  check(records, { index }) {
    const alerts: Alert[] = [];
    // A client is listed again after each wait: one alert per client and reboot.
    const seen = new Set<string>();
    // Per reboot, the first listing made after the most waits.
    const mostWaited = new Map<string, Result>();
    for (const r of records) {
      const client = String(r.client);
      const time = (r.isodate as string) || null;
      const held = mostWaited.get(String(r.isodate));
      if (!held || (Number(r.times_delayed) || 0) > (Number(held.times_delayed) || 0)) mostWaited.set(String(r.isodate), r);
      const key = `${r.isodate}\u0000${client}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const name = client.slice(client.lastIndexOf('/') + 1);
      alerts.push(...matchAlerts('shutdown_log', r, time, [...index.process(name), ...index.filePath(client)], 'process at shutdown'));
      if (/^\/private\/var\/(db|tmp)\//.test(client)) {
        alerts.push(heuristic('shutdown_log', 'MEDIUM', `process ${client} was running from an unusual location at shutdown (iShutdown heuristic)`, r, time));
      }
    }
    for (const [isodate, r] of mostWaited) {
      const times = Number(r.times_delayed) || 0;
      if (times >= 3) alerts.push(heuristic('shutdown_log', 'LOW', `reboot at ${isodate || 'an unknown time'} was held up ${times} times by running clients (iShutdown heuristic)`, r, isodate || null));
    }
    return alerts;
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string, module: 'shutdown_log', event: 'shutdown', data: `Client ${r.client} with PID ${r.pid} was running when the device was shut down` })),
};
