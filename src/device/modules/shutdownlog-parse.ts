// Pure parser of iOS shutdown.log: per reboot, the processes still running when shutdown began
// ("remaining client pid: N (path)"), how many times shutdown waited for them, and the reboot time
// ("SIGTERM: [epoch]"). Malformed lines are counted, never fatal.
import { mvtTimeOfUnix } from '../time.ts';

export interface ShutdownClient {
  pid: number;
  path: string;
}

export interface ShutdownEvent {
  isodate: string | null;
  clients: ShutdownClient[];
  /** "these clients are still here" lines before this reboot: how long shutdown was held up. */
  delays: number;
}

export function parseShutdownLog(text: string): { events: ShutdownEvent[]; skipped: number } {
  const events: ShutdownEvent[] = [];
  let clients: ShutdownClient[] = [];
  let delays = 0;
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^remaining client pid:\s*(\d+)\s*\((.*)\)\s*$/.exec(line))) {
      const path = m[2];
      if (!clients.some((c) => c.path === path)) clients.push({ pid: Number(m[1]), path });
    } else if (/these clients are still here/i.test(line)) delays++;
    else if ((m = /^SIGTERM:\s*\[(\d{1,12})\]/.exec(line))) {
      const secs = Number(m[1]);
      events.push({ isodate: mvtTimeOfUnix(secs), clients, delays });
      clients = [];
      delays = 0;
    } else skipped++;
  }
  if (clients.length > 0 || delays > 0) events.push({ isodate: null, clients, delays });
  return { events, skipped };
}
