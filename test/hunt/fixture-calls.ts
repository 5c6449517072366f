// Eight hand-made telemetry records (one per call id) that the rule cases in cases.ts are
// checked against, and the indicators their `expand` placeholders bind to.
import fs from 'node:fs';
import path from 'node:path';

type Rec = [id: string, time: string, event: string, caller: string, callee: string, sender: string, src: string, relay: string, client: string, len: number, bad: boolean, dur: number | null, end: string];

const A = '+5215500000001';
const B = '+4915100000002';
const C = '+97333000003';

export const FIXTURE_ROWS: Rec[] = [
  ['c1', '10:00', 'call_offer', A, B, 'caller', '198.51.100.1', '', 'android/2.19.1', 500, false, null, ''],
  ['c2', '10:05', 'call_end', B, A, 'callee', '198.51.100.2', '', 'Android/2.19.1', 100, false, 4000, 'hangup'],
  ['c3', '10:10', 'call_offer', A, C, 'caller', '185.141.24.5', '', 'ios/2.19.50', 5000, true, null, ''],
  ['c4', '10:20', 'call_offer', B, A, 'caller', '185.141.24.9', 'r1.evil.example.org', 'ios/2.29.0', 1200, false, null, ''],
  ['c5', '10:30', 'rtcp', C, C, 'caller', '10.0.0.1%', '', 'web/1.0', 60, false, null, 'starfish'],
  ['c6', '10:15', 'call_end', B, A, 'caller', '198.51.100.3', 'a.b.evil.example.org', 'android-business/2.19.40 business', 80, false, 2000, 'star*'],
  ['c7', '10:50', 'call_offer', A, B, 'caller', '194.36.188.77', '', 'android/2.19.1x', 9000, true, null, ''],
  ['c8', '10:12', 'call_end', A, C, 'caller', '198.51.100.4', 'xevil.example.org.example', 'kaios/1.0', 90, false, 30000, 'cancelled'],
];

export function writeFixtureJsonl(dir: string): string {
  const file = path.join(dir, 'calls.jsonl');
  const lines = FIXTURE_ROWS.map(([call_id, t, event, caller, callee, sender, src_ip, relay_ip, client, payload_len, malformed, duration_ms, end_reason]) =>
    JSON.stringify({ ts: `2019-05-01T${t}:00.000Z`, event, call_id, caller, callee, sender, src_ip, relay_ip, client, payload_len, malformed, duration_ms, end_reason }),
  );
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** STIX indicators for the expand cases: an account, a domain (subdomains match), an address range and an address. */
export function writeFixtureIocs(dir: string): string {
  const file = path.join(dir, 'iocs.json');
  const patterns = [`[user-account:account_login = '${A}']`, "[domain-name:value = 'evil.example.org']", "[ipv4-addr:value ISSUBSET '185.141.24.0/29']", "[ipv4-addr:value = '194.36.188.77']"];
  fs.writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--f', objects: patterns.map((pattern, i) => ({ type: 'indicator', id: `indicator--f${i}`, pattern, pattern_type: 'stix' })) }));
  return file;
}
