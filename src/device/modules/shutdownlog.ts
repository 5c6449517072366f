// shutdown.log (filesystem dumps, sysdiagnose): processes still running at each reboot, checked
// against process and path indicators, with Kaspersky's iShutdown heuristics: clients running from
// /private/var/db/ or /private/var/tmp/, and reboots held up by three or more waits.
import fs from 'node:fs';
import { ArtifactNotFound } from '../errors.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { matchAlerts } from './common.ts';
import { parseShutdownLog } from './shutdownlog-parse.ts';

const LOG_PATHS = ['/private/var/db/diagnostics/shutdown.log', '/system_logs.logarchive/Extra/shutdown.log'];

export const shutdownlog: DeviceModule = {
  slug: 'shutdownlog',
  description: 'processes running at each reboot (shutdown.log), with iShutdown heuristics',
  sources: ['fs', 'sysdiagnose'],
  extract({ source }) {
    const file = LOG_PATHS.map((p) => source.file(p)).find(Boolean) ?? source.find(/\/shutdown\.log$/)[0]?.file;
    if (!file) throw new ArtifactNotFound('shutdown.log');
    const { events } = parseShutdownLog(fs.readFileSync(file, 'utf8'));
    return events.flatMap((e) => e.clients.map((c) => ({ isodate: e.isodate, pid: c.pid, client: c.path, delays: e.delays }) as Result));
  },
  check(records, { index }) {
    const alerts: Alert[] = [];
    const flaggedDelay = new Set<string>();
    for (const r of records) {
      const client = String(r.client);
      const name = client.slice(client.lastIndexOf('/') + 1);
      alerts.push(...matchAlerts('shutdownlog', r, r.isodate as string | null, [...index.process(name), ...index.filePath(client)], 'process at shutdown'));
      if (/^\/private\/var\/(db|tmp)\//.test(client)) {
        alerts.push({ level: 'MEDIUM', module: 'shutdownlog', message: `process ${client} was running from an unusual location at shutdown (iShutdown heuristic)`, event_time: r.isodate as string | null, event: r, matched_indicator: null });
      }
      const key = String(r.isodate);
      if (Number(r.delays) >= 3 && !flaggedDelay.has(key)) {
        flaggedDelay.add(key);
        alerts.push({ level: 'LOW', module: 'shutdownlog', message: `reboot at ${r.isodate} was held up ${r.delays} times by running clients (iShutdown heuristic)`, event_time: r.isodate as string | null, event: r, matched_indicator: null });
      }
    }
    return alerts;
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'shutdownlog', event: 'shutdown', data: `client pid ${r.pid} ${r.client}` })),
};
