// Pure parser of iOS shutdown.log, read as MVT reads it: each "remaining client pid: N (path)"
// line is a record with how long shutdown had waited so far ("After 1.84s, these clients are
// still here:" adds its seconds) and how many times; a "SIGTERM: [epoch]" line (or "@epoch")
// closes a reboot and dates its records. Malformed lines are counted, never fatal.
import { mvtTimeOfUnix } from '../time.ts';

export interface ShutdownClient {
  pid: string;
  path: string;
  /** Seconds shutdown had waited when the client was listed. */
  delay: number;
  /** Waits before the client was listed. */
  timesDelayed: number;
}

export interface ShutdownEvent {
  isodate: string | null;
  /** Every listing of a client, as MVT records them (a client still running after each wait is listed again). */
  clients: ShutdownClient[];
  /** "these clients are still here" waits before this reboot: how long shutdown was held up. */
  delays: number;
}

const epochOf = (line: string): number | null => {
  const m = /\[(\d{1,12})\]/.exec(line) ?? / @(\d{10})/.exec(line);
  return m ? Number(m[1]) : null;
};

export function parseShutdownLog(text: string): { events: ShutdownEvent[]; skipped: number } {
  const events: ShutdownEvent[] = [];
  let clients: ShutdownClient[] = [];
  let delays = 0;
  let delay = 0;
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^remaining client pid:\s*(\d+)\s*\((.*)\)\s*$/.exec(line))) clients.push({ pid: m[1], path: m[2], delay, timesDelayed: delays });
    else if ((m = /^After (\d+(?:\.\d+)?)s\b.*these clients are still here/i.exec(line)) || /these clients are still here/i.test(line)) {
      delays++;
      if (m) delay += Number(m[1]);
    } else if (line.startsWith('SIGTERM: ')) {
      const epoch = epochOf(line);
      // MVT's time of 0 (no time on the line) is its "never".
      events.push({ isodate: epoch ? mvtTimeOfUnix(epoch) : null, clients, delays });
      clients = [];
      delays = 0;
      delay = 0;
    } else skipped++;
  }
  if (clients.length > 0 || delays > 0) events.push({ isodate: null, clients, delays });
  return { events, skipped };
}
