// MVT's check-intrusion-logs modules over Android's intrusion logs: dns_event (host names asked,
// the addresses answered, the asking app), connect_event (addresses and ports apps connected to)
// and security_event (Android's SecurityLog: adb, app processes, packages, keys, certificates…).
// The logs are read once per check and shared by the three. Times are on the phone's clock when a
// getprop.txt beside the logs names its zone, else UTC, as MVT writes them.
import { addIntrusionLines, emptyIntrusionEvents, type IntrusionEvents } from '../android/parse-intrusion.ts';
import { ArtifactNotFound, IntrusionLogError } from '../errors.ts';
import { intrusionLogTexts } from '../sources/intrusion.ts';
import type { MatchIndex } from '../../indicators/index.ts';
import { mvtWallTimeOfUnix } from '../time.ts';
import type { Alert, DeviceModule, ModuleContext, Result, TimelineRow } from '../types.ts';
import { deviceZone } from './android-common.ts';
import { matchAlerts, oncePerSource } from './common.ts';
import { securityAlerts, securityEventTag, securityEventText } from './intrusion-security.ts';

/** The event types these modules read; MVT reads the same three. */
const READ_TYPES = new Set(['dns_event', 'connect_event', 'security_event']);

/** What reading the logs left out, said by each of the three modules (MVT logs it as it loads them). */
function notesOf(events: IntrusionEvents): string[] {
  const notes: string[] = [];
  if (events.skippedTotal > 0) {
    const first = events.skipped[0];
    notes.push(`lines that are no JSON object, skipped: ${events.skippedTotal} of ${events.lines} (the first at ${first.file}:${first.line})`);
  }
  if (events.duplicates > 0) notes.push(`events met more than once (log files overlap), kept once: ${events.duplicates}`);
  const unread = [...events.byType].filter(([type]) => !READ_TYPES.has(type));
  if (unread.length > 0) notes.push(`event types no module reads, not checked: ${unread.map(([type, list]) => `${type} (${list.length})`).join(', ')}`);
  return notes;
}

/** The events of a source's logs and the zone of its clock, read once and shared by the three modules. */
const logsOf = oncePerSource((source): { events: IntrusionEvents; zone: string; notes: string[] } => {
  const texts = intrusionLogTexts(source);
  if (texts.length === 0) throw new ArtifactNotFound('intrusion log files (.txt, or zips of them)', source.root);
  const events = emptyIntrusionEvents();
  for (const t of texts) addIntrusionLines(t.text, t.name, events);
  if (events.lines > 0 && events.skippedTotal === events.lines) {
    const first = events.skipped[0];
    throw new IntrusionLogError(`${first.file}:${first.line}`, 'no line of the intrusion logs is a JSON object: are these exported intrusion logs?');
  }
  return { events, zone: deviceZone(source), notes: notesOf(events) };
});

/** The events of one type as records: a copy of each, with MVT's `timestamp` from its `event_time` in `unit` seconds. */
function recordsOf({ source, note }: ModuleContext, type: string, unit: number): Result[] {
  const { events, zone, notes } = logsOf(source);
  for (const n of notes) note?.(n);
  return (events.byType.get(type) ?? []).map((e) => {
    const seconds = Number(e.event_time) / unit;
    return { ...e, timestamp: e.event_time && Number.isFinite(seconds) ? mvtWallTimeOfUnix(seconds, zone) : null };
  });
}

/** An address as the logs write it ("/1.2.3.4", "ip6-localhost/::1"): the part after the last slash. */
const bareAddress = (a: unknown): string => (typeof a === 'string' ? a.slice(a.lastIndexOf('/') + 1) : String(a));
const LOCAL = new Set(['', '0.0.0.0', '127.0.0.1', '::1']);
const at = (r: Result) => (r.timestamp as string | null) ?? null;
/** An address of the logs against IP and domain indicators (a log may write a host name there). */
const addressMatches = (index: MatchIndex, a: string) => [...index.ip(a), ...index.domain(a)];
/** The app a record names (`package_name`) against app ids. */
const appAlerts = (slug: string, r: Result, index: MatchIndex, what: string): Alert[] =>
  typeof r.package_name === 'string' && r.package_name ? matchAlerts(slug, r, at(r), index.exactOf('app_id', r.package_name), what) : [];

export const dnsEvent: DeviceModule = {
  slug: 'dns_event',
  description: 'DNS lookups by app: host names and the addresses answered (intrusion logs)',
  sources: ['intrusion-logs'],
  extract: (ctx) => recordsOf(ctx, 'dns_event', 1000),
  check(records, { index }) {
    return records.flatMap((r) => {
      const out: Alert[] = [];
      if (typeof r.hostname === 'string' && r.hostname) out.push(...matchAlerts('dns_event', r, at(r), index.domain(r.hostname), 'host name looked up'));
      const addresses = Array.isArray(r.ip_addresses) ? r.ip_addresses.map(bareAddress).filter((a) => !LOCAL.has(a)) : [];
      const matched = addresses.filter((a) => {
        const m = addressMatches(index, a);
        out.push(...matchAlerts('dns_event', r, at(r), m, 'address answered'));
        return m.length > 0;
      });
      if (matched.length > 0) r.matched_ips = matched;
      out.push(...appAlerts('dns_event', r, index, 'app that looked it up'));
      return out;
    });
  },
  timeline: (records) =>
    records.map((r): TimelineRow => {
      const matched = (r.matched_ips as string[] | undefined) ?? [];
      const addresses = Array.isArray(r.ip_addresses) ? r.ip_addresses.map(bareAddress).filter((a) => a !== '' && a !== '0.0.0.0') : [];
      const tail = matched.length > 0 ? ` [Matched IPs: ${matched.join(', ')}]` : addresses.length > 0 ? ` [IPs: ${addresses.join(', ')}]` : '';
      return { timestamp: at(r), module: 'dns_event', event: 'dns_query', data: `DNS query for ${r.hostname ?? ''} by ${r.package_name ?? ''}${tail}` };
    }),
};

export const connectEvent: DeviceModule = {
  slug: 'connect_event',
  description: 'network connections by app: address and port (intrusion logs)',
  sources: ['intrusion-logs'],
  extract: (ctx) => recordsOf(ctx, 'connect_event', 1000),
  check(records, { index }) {
    return records.flatMap((r) => {
      const out: Alert[] = [];
      const address = bareAddress(r.ip_address ?? '');
      if (!LOCAL.has(address)) {
        const m = addressMatches(index, address);
        if (m.length > 0) r.matched_ip = address;
        out.push(...matchAlerts('connect_event', r, at(r), m, 'address connected to'));
      }
      out.push(...appAlerts('connect_event', r, index, 'app that connected'));
      return out;
    });
  },
  timeline: (records) =>
    records.map((r): TimelineRow => ({
      timestamp: at(r), module: 'connect_event', event: 'network_connection',
      data: `Connection to ${bareAddress(r.ip_address ?? '')}:${r.port ?? 0} by ${r.package_name ?? ''}${r.matched_ip ? ` [Matched IP: ${r.matched_ip}]` : ''}`,
    })),
};

export const securityEvent: DeviceModule = {
  slug: 'security_event',
  description: 'Android security log: adb, app processes, packages, keys, certificates, boot (intrusion logs)',
  sources: ['intrusion-logs'],
  // Nanoseconds since 1970.
  extract: (ctx) => recordsOf(ctx, 'security_event', 1e9),
  check: (records, { index }) => records.flatMap((r) => securityAlerts(r, index)),
  timeline: (records) =>
    records.map((r): TimelineRow => {
      const tag = securityEventTag(r);
      return { timestamp: at(r), module: 'security_event', event: tag ?? 'unknown', data: tag ? securityEventText(tag, r[tag]) : JSON.stringify(r) };
    }),
};
