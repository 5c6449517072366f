// Synthetic Android intrusion logs (newline-delimited JSON, as the phone exports them): two daily
// files that overlap by one event, an older day zipped, a getprop.txt naming the phone's zone, and
// one damaged line. Planted: a Pegasus domain looked up by the planted app, a Predator domain in the
// zipped day, a connection to the test-only address, the planted app's process start, a trusted
// certificate installed and a boot with an unlocked bootloader. The rest is benign.
import fs from 'node:fs';
import path from 'node:path';
import { ANDROID_PLANTED as P, writeZip } from './android.ts';

export const INTRUSION_PLANTED = {
  pegasusDomain: 'c.14-tracking.com',
  predatorDomain: 'mobnetlink1.com',
  /** In androidTestStix, from TEST-NET-3: no real host. */
  address: '203.0.113.77',
  caSubject: 'CN=Secure Proxy Root CA,O=Example',
};

const ms = (iso: string) => Date.parse(iso);
const ns = (iso: string) => Date.parse(iso) * 1_000_000;
const line = (o: object) => JSON.stringify(o);

export function buildIntrusionLogs(dir: string): string {
  const I = INTRUSION_PLANTED;
  fs.mkdirSync(dir, { recursive: true });
  const shared = line({ dns_event: { event_time: ms('2026-03-01T23:59:00Z'), hostname: 'www.gstatic.com', package_name: 'com.android.chrome', ip_addresses: ['/142.250.74.3'] } });
  const day1 = [
    line({ dns_event: { event_time: ms('2026-03-01T08:00:00Z'), hostname: 'www.wikipedia.org', package_name: 'com.android.chrome', ip_addresses: ['/185.15.59.224', '/0.0.0.0'] } }),
    line({ dns_event: { event_time: ms('2026-03-01T08:05:12.345Z'), hostname: I.pegasusDomain, package_name: P.appId, ip_addresses: ['/198.51.100.20'] } }),
    line({ connect_event: { event_time: ms('2026-03-01T08:05:13Z'), ip_address: `/${I.address}`, port: 443, package_name: P.appId } }),
    line({ connect_event: { event_time: ms('2026-03-01T08:06:00Z'), ip_address: 'ip6-localhost/::1', port: 5037, package_name: 'com.android.shell' } }),
    line({ security_event: { event_time: ns('2026-03-01T07:59:00Z'), os_startup: { verified_boot_state: 'orange', dm_verity_mode: 'enforcing' } } }),
    line({ security_event: { event_time: ns('2026-03-01T08:04:00Z'), app_process_start: { process: `${P.appId}:remote`, uid: 10_231, pid: 4242, start_time: 0, seinfo: 'default:targetSdkVersion=30', sha256: '' } } }),
    line({ security_event: { event_time: ns('2026-03-01T08:10:00Z'), app_process_start: { process: 'com.android.chrome', uid: 10_077, pid: 4300 } } }),
    line({ security_event: { event_time: ns('2026-03-01T08:11:00Z'), cert_authority_installed: { subject: I.caSubject, success: true, user_id: 0 } } }),
    line({ security_event: { event_time: ns('2026-03-01T08:12:00Z'), adb_shell_cmd: { command: 'pm list packages' } } }),
    line({ security_event: { event_time: ns('2026-03-01T08:13:00Z'), keyguard_secured: {} } }),
    '{"dns_event": {"event_time": 17',
    shared,
  ];
  const day2 = [
    shared,
    line({ security_event: { event_time: ns('2026-03-02T09:00:00Z'), package_installed: { package_name: P.sideloaded, version_code: 3, user_id: 0 } } }),
    // A tag this reader does not know (a newer Android's): kept, and shown as it is.
    line({ security_event: { event_time: ns('2026-03-02T09:01:00Z'), future_tag: { field: "it's new" } } }),
    // An event type no module reads (a newer Android's): not checked, and the check says so.
    line({ future_event: { event_time: ms('2026-03-02T09:02:00Z'), detail: 'unknown to MVT too' } }),
  ];
  fs.writeFileSync(path.join(dir, 'intrusion-2026-03-01.txt'), day1.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'intrusion-2026-03-02.txt'), day2.join('\n') + '\n');
  writeZip(path.join(dir, 'older.zip'), [{ name: 'intrusion-2026-02-28.txt', data: line({ dns_event: { event_time: ms('2026-02-28T20:00:00Z'), hostname: I.predatorDomain, package_name: 'com.android.chrome', ip_addresses: [] } }) + '\n' }]);
  fs.writeFileSync(path.join(dir, 'getprop.txt'), '[persist.sys.timezone]: [Europe/Berlin]\n');
  return dir;
}
