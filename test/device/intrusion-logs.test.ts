// Android intrusion logs (MVT's check-intrusion-logs): DNS lookups, connections and the security
// log, read from a folder or a zip (zips inside too), events met twice kept once, damaged lines
// skipped, times on the phone's clock; indicators CRITICAL, the security heuristics MEDIUM with or
// without indicators; MVT's timeline text; bounds and typed errors; the line reader fuzzed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, intrusionLogsSource, MODULES, recheckResults, runDeviceCheck, type Result } from '../../src/device/index.ts';
import { addIntrusionLines, emptyIntrusionEvents, sortedJson } from '../../src/device/android/parse-intrusion.ts';
import { securityAlerts } from '../../src/device/modules/intrusion-security.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, androidTestStix, buildIntrusionLogs, INTRUSION_PLANTED as I, writeZip, zipFolder } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX, androidTestStix(path.join(tempDir(), 'a.stix2'))]).records);
const only = MODULES.filter((m) => m.sources.includes('intrusion-logs'));
const summary = (alerts: { module: string; level: string; event_time: string | null; matched_indicator: Record<string, unknown> | null; message: string }[]) =>
  alerts.map((a) => [a.module, a.level, a.event_time, (a.matched_indicator?.value as string | undefined) ?? a.message]);

const EXPECTED = [
  ['dns_event', 'CRITICAL', '2026-03-01 09:05:12.345000', '14-tracking.com'],
  ['dns_event', 'CRITICAL', '2026-03-01 09:05:12.345000', P.appId],
  ['dns_event', 'CRITICAL', '2026-02-28 21:00:00.000000', I.predatorDomain],
  ['connect_event', 'CRITICAL', '2026-03-01 09:05:13.000000', I.address],
  ['connect_event', 'CRITICAL', '2026-03-01 09:05:13.000000', P.appId],
  ['security_event', 'MEDIUM', '2026-03-01 08:59:00.000000', 'The phone started with verified boot orange and dm-verity enforcing: its system may have been modified'],
  ['security_event', 'CRITICAL', '2026-03-01 09:04:00.000000', P.appId],
  ['security_event', 'MEDIUM', '2026-03-01 09:11:00.000000', `Certificate authority installed: ${I.caSubject}`],
];

describe('Android intrusion logs', () => {
  it('finds every planted event at its level, each event once, on the phone\'s clock', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(intrusionLogsSource(buildIntrusionLogs(tempDir())), only, index, out);
    // The shared line of the two days once; the damaged line skipped; the zipped day read.
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['dns_event', 4, undefined], ['connect_event', 2, undefined], ['security_event', 8, undefined]]);
    assert.deepEqual(summary(r.alerts), EXPECTED);
    // What was left out is said, by each module reading the logs (MVT logs it as it loads them).
    // Every .txt is read as a log, as MVT reads them: getprop.txt's line is no event either.
    for (const m of r.modules) assert.deepEqual(m.notes, [
      'lines that are no JSON object, skipped: 2 of 18 (the first at /getprop.txt:1)',
      'events met more than once (log files overlap), kept once: 1',
      'event types no module reads, not checked: future_event (1)',
    ]);
    const rows = (module: string) => r.timeline.filter((t) => t.module === module).map((t) => [t.event, t.data]);
    assert.deepEqual(rows('dns_event'), [
      ['dns_query', 'DNS query for mobnetlink1.com by com.android.chrome'],
      ['dns_query', 'DNS query for www.wikipedia.org by com.android.chrome [IPs: 185.15.59.224]'],
      ['dns_query', `DNS query for ${I.pegasusDomain} by ${P.appId} [IPs: 198.51.100.20]`],
      ['dns_query', 'DNS query for www.gstatic.com by com.android.chrome [IPs: 142.250.74.3]'],
    ]);
    assert.deepEqual(rows('connect_event'), [['network_connection', `Connection to ${I.address}:443 by ${P.appId} [Matched IP: ${I.address}]`], ['network_connection', 'Connection to ::1:5037 by com.android.shell']]);
    assert.deepEqual(rows('security_event'), [
      ['os_startup', 'OS startup (verified boot: orange, dm-verity: enforcing)'],
      ['app_process_start', `Process started: ${P.appId}:remote (UID: 10231, PID: 4242)`],
      ['app_process_start', 'Process started: com.android.chrome (UID: 10077, PID: 4300)'],
      ['cert_authority_installed', `Cert installed: ${I.caSubject}`],
      ['adb_shell_cmd', 'ADB shell command: pm list packages'],
      ['keyguard_secured', 'Device locked'],
      ['package_installed', `Package Installed: ${P.sideloaded} (v3, user: 0)`],
      ['future_tag', "future_tag: {'field': \"it's new\"}"],
    ]);
    // Written as records, with MVT's timestamp; check-iocs reads them back to the same alerts.
    const dns = JSON.parse(fs.readFileSync(path.join(out, 'dns_event.json'), 'utf8'));
    assert.equal(dns.length, 4);
    assert.deepEqual(Object.keys(dns[1]), ['event_time', 'hostname', 'package_name', 'ip_addresses', 'timestamp']);
    assert.deepEqual(summary(recheckResults(out, index).alerts), EXPECTED);
  });

  it('reads the same from the folder zipped, zips inside it included, and in UTC without getprop.txt', async () => {
    const dir = buildIntrusionLogs(tempDir());
    // A zip's getprop.txt is not read for the zone: its times are UTC, an hour before Berlin's.
    const zipped = await runDeviceCheck(intrusionLogsSource(zipFolder(dir, path.join(tempDir(), 'logs.zip'))), only, index);
    const hourBefore = (t: string) => new Date(Date.parse(`${t.replace(' ', 'T')}Z`) - 3_600_000).toISOString().replace('T', ' ').replace('Z', '000');
    assert.deepEqual(summary(zipped.alerts), EXPECTED.map(([m, l, t, v]) => [m, l, hourBefore(t), v]));
    fs.rmSync(path.join(dir, 'getprop.txt'));
    const utc = await runDeviceCheck(intrusionLogsSource(dir), only, index);
    assert.deepEqual(summary(utc.alerts), summary(zipped.alerts));
  });

  it('raises the security heuristics with no indicator at all', () => {
    const empty = new MatchIndex([]);
    const alert = (r: Result) => securityAlerts({ event_time: 1, timestamp: '2026-01-01 00:00:00.000000', ...r }, empty).map((a) => [a.level, a.message]);
    assert.deepEqual(alert({ cert_authority_installed: { subject: 'CN=Unexpected Root CA', success: true } }), [['MEDIUM', 'Certificate authority installed: CN=Unexpected Root CA']]);
    assert.deepEqual(alert({ cert_authority_installed: { subject: 'CN=X', success: false } }), [['LOW', 'Certificate authority install failed: CN=X']]);
    assert.deepEqual(alert({ cert_validation_failure: 'chain validation failed' }), [['MEDIUM', 'Certificate validation failure: chain validation failed']]);
    assert.deepEqual(alert({ wipe_failure: { reason: 'x' } }), [['MEDIUM', 'Device wipe failure detected']]);
    assert.deepEqual(alert({ key_integrity_violation: { key_id: 'k1' } }), [['MEDIUM', "Key integrity violation detected: {'key_id': 'k1'}"]]);
    assert.deepEqual(alert({ crypto_self_test_completed: 0 }), [['MEDIUM', 'Cryptographic self test failed']]);
    assert.deepEqual(alert({ crypto_self_test_completed: { success: true } }), []);
    assert.deepEqual(alert({ os_startup: { verified_boot_state: 'green', dm_verity_mode: 'enforcing' } }), []);
    assert.deepEqual(alert({ os_startup: { verified_boot_state: 'green', dm_verity_mode: 'disabled' } }).map((a) => a[0]), ['MEDIUM']);
    assert.deepEqual(alert({ keyguard_secured: {} }), []);
  });

  it('matches app ids in a process\'s parts, the packages installed, an adb command\'s words, and the paths adb moved', () => {
    const alerts = (r: Result) => securityAlerts({ event_time: 1, timestamp: null, ...r }, index).map((a) => a.matched_indicator?.value);
    assert.deepEqual(alerts({ app_process_start: { process: `com.android.webview:sandboxed:${P.appId}` } }), [P.appId]);
    assert.deepEqual(alerts({ app_process_start: { process: `${P.appId}:remote` } }), [P.appId]);
    assert.deepEqual(alerts({ app_process_start: { process: 'com.android.chrome:sandboxed_process0' } }), []);
    assert.deepEqual(alerts({ package_uninstalled: { package_name: P.appId } }), [P.appId]);
    assert.deepEqual(alerts({ adb_shell_cmd: { command: `am start -n ${P.appId}/.Main` } }), []);
    assert.deepEqual(alerts({ adb_shell_cmd: { command: `pm uninstall ${P.appId}` } }), [P.appId]);
    assert.ok(alerts({ adb_sync_send_file: { path: P.filePath } }).length > 0);
    assert.deepEqual(alerts({ adb_sync_recv_file: { path: '/sdcard/DCIM/a.jpg' } }), []);
  });

  it('says what is wrong: no logs, logs with no JSON event, zips nested too deep', async () => {
    const run = async (target: string) => (await runDeviceCheck(intrusionLogsSource(target), only, index)).modules.map((m) => m.error?.code);
    const empty = tempDir();
    fs.writeFileSync(path.join(empty, 'notes.md'), 'nothing');
    assert.deepEqual(await run(empty), ['DEVICE_NOT_FOUND', 'DEVICE_NOT_FOUND', 'DEVICE_NOT_FOUND']);
    const garbage = tempDir();
    fs.writeFileSync(path.join(garbage, 'log.txt'), 'not json\n[1, 2]\n');
    assert.deepEqual(await run(garbage), ['DEVICE_INTRUSION_LOGS', 'DEVICE_INTRUSION_LOGS', 'DEVICE_INTRUSION_LOGS']);
    let nested = fs.readFileSync(writeZip(path.join(tempDir(), 'z0.zip'), [{ name: 'x.txt', data: '{}' }]));
    for (let i = 1; i <= 5; i++) nested = fs.readFileSync(writeZip(path.join(tempDir(), `z${i}.zip`), [{ name: `z${i - 1}.zip`, data: nested }]));
    const deep = tempDir();
    fs.writeFileSync(path.join(deep, 'deep.zip'), nested);
    const codes = await run(deep);
    assert.ok(codes.every((c) => c === 'DEVICE_ARCHIVE'), String(codes));
    assert.throws(() => intrusionLogsSource(path.join(empty, 'missing')), DeviceError);
  });

  it('reads any text into events without throwing, each event kept once (fast-check)', () => {
    const event = fc.record({ event_time: fc.integer(), hostname: fc.string({ maxLength: 8 }) });
    const lineOf = fc.oneof(
      fc.record({ dns_event: event }).map((o) => JSON.stringify(o)),
      fc.record({ security_event: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })) }).map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 30 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''),
    );
    fc.assert(fc.property(fc.array(lineOf, { maxLength: 25 }), fc.array(lineOf, { maxLength: 10 }), (a, b) => {
      const into = emptyIntrusionEvents();
      addIntrusionLines(a.join('\n'), 'a.txt', into);
      addIntrusionLines([...b, ...a].join('\n'), 'b.txt', into);
      const all = [...into.byType.values()].flat().map(sortedJson);
      assert.equal(new Set(all).size, all.length);
      assert.equal(all.length + into.duplicates <= into.lines * 50, true);
      assert.ok(into.skippedTotal <= into.lines && into.skipped.length <= 20);
    }), { numRuns: 1000 });
  });
});
