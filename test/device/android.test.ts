// Android checks on synthetic AndroidQF collections and bugreports: every planted indicator is found
// by the right module at the right level and nothing else is flagged; the same dumpsys results
// from dumpsys.txt, a bugreport.zip inside the collection, and a bugreport on its own; hostile zips
// are refused within bounds; the parsers give records or typed errors only (fast-check).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { adbKeyInfo, AndroidBackupError, androidqfSource, bugreportSource, parseAndroidBackupSms, bugreportText, DeviceError, MODULES, parseAccessibility, parseAppops, parseBatteryDaily, parseBatteryHistory, parseDbinfo, parseDumpsysPackages, parsePlatformCompat, parseFilesJson, parseGetprop, parsePackagesJson, parsePackagesRecords, parseFilesRecords, parseStringRecords, parsePs, parseResolverTable, parseSettings, recheckResults, runDeviceCheck, splitDumpsys, type Alert } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { ANDROID_PLANTED as P, androidBackupAb, androidTestStix, buildAndroidQF, buildBugreport, dumpstateText, writeZip } from '../../src/device/synthetic/index.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX, androidTestStix(path.join(tempDir(), 'android.stix2'))]).records);
const summary = (alerts: Alert[]) => alerts.map((a) => `${a.module}:${a.level}:${(a.matched_indicator?.value as string | undefined) ?? a.message}`).sort();

const DUMPSYS_EXPECTED = [
  `dumpsys_packages:CRITICAL:${P.appId}`,
  `dumpsys_packages:HIGH:${P.appId} was installed without an installer (adb or another method) and asks for 3 surveillance permissions (READ_SMS, RECORD_AUDIO, ACCESS_FINE_LOCATION)`,
  `dumpsys_packages:MEDIUM:${P.sideloaded} was installed from a browser or a file (installer com.google.android.packageinstaller)`,
  `dumpsys_receivers:CRITICAL:${P.appId}`,
  `dumpsys_receivers:INFORMATIONAL:${P.sideloaded}/.CallWatcher receives calls and telephony state`,
  `dumpsys_appops:CRITICAL:${P.appId}`,
  `dumpsys_appops:MEDIUM:Package '${P.sideloaded}' had risky permission 'REQUEST_INSTALL_PACKAGES' set to 'Access' at 2021-05-02 21:10:00.000000`,
  `dumpsys_battery_history:CRITICAL:${P.appId}`,
  `dumpsys_battery_history:CRITICAL:${P.appId}`,
  `dumpsys_battery_daily:CRITICAL:${P.appId}`,
  `dumpsys_battery_daily:MEDIUM:Detected uninstall of package ${P.sideloaded} (vers 0)`,
  'dumpsys_battery_daily:MEDIUM:Detected downgrade of package com.whatsapp from vers 211000 to vers 210900',
  `dumpsys_dbinfo:CRITICAL:${P.appId}`,
  `dumpsys_activities:CRITICAL:${P.appId}`,
  `dumpsys_platform_compat:CRITICAL:${P.appId}`,
  // Both enabled services, as MVT reports them: the dump names no bound component (Android 13's layout).
  'dumpsys_accessibility:MEDIUM:Found accessibility service: "com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService" (enabled)',
  `dumpsys_accessibility:MEDIUM:Found accessibility service: "${P.sideloaded}/${P.sideloaded}.ReaderService" (enabled)`,
  // dumpsys settings: the same two dangerous settings AndroidQF's settings files give, in MVT's words.
  'settings:MEDIUM:Found suspicious "global" setting "package_verifier_user_consent = -1" (disabled Google Play Protect)',
  'settings:MEDIUM:Found suspicious "secure" setting "accessibility_enabled = 1" (enabled accessibility services)',
  // The dumpstate's own threads, the planted process once for its two threads.
  `processes:CRITICAL:${P.process}`,
  // The dumpstate's own properties (a collection's from its bugreport.zip), as MVT's nested bugreport check reads them.
  'dumpsys_get_prop:MEDIUM:security patch level 2021-03-01 is more than six months old: known exploits may work on this phone',
];
// The bugreport's crash reports: the planted process (root), system_server, and a loader run by the shell.
const CRASHES_EXPECTED = [
  `tombstones:CRITICAL:${P.process}`,
  "tombstones:MEDIUM:Potentially suspicious crash in process 'system_server' running as UID '1000' in tombstone 'tombstone_01' at 2021-05-02 21:00:00.500000",
  "tombstones:MEDIUM:Potentially suspicious crash in process 'loader' running as UID '2000' in tombstone 'tombstone_02.pb' at 2021-05-03 08:15:00.123456",
];
// A bugreport's mountinfo (MOUNTINFO): /vendor writable, and a mount inside Predator's folder.
const MOUNTS_EXPECTED = [
  'mounts:CRITICAL:/data/local/tmp/wd/',
  'mounts:HIGH:System partition /vendor is mounted as read-write (rw). This may indicate system modifications.',
  'mounts:MEDIUM:Suspicious mount options found for /vendor: rw',
];
// Only a collection names the computer it was acquired with: a bugreport alone flags no trusted key.
const ADB_EXPECTED = [`dumpsys_adb_state:LOW:Found a trusted ADB host key different from the AndroidQF acquisition host: ${adbKeyInfo(P.adbOtherKey).fingerprint} (unknown@host)`];

describe('device check: AndroidQF', () => {
  it('finds every planted indicator and heuristic with the right module and level, and nothing else', async () => {
    const r = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), MODULES, index);
    assert.deepEqual(r.modules.filter((m) => m.error), []);
    assert.deepEqual(summary(r.alerts), [
      `aqf_packages:CRITICAL:${P.appId}`,
      `aqf_packages:CRITICAL:${P.apkSha256}`,
      `aqf_packages:CRITICAL:${P.certSha256}`,
      `aqf_packages:HIGH:${P.appId} was installed without an installer (adb or another method)`,
      `aqf_packages:MEDIUM:${P.sideloaded} was installed from a browser or a file (installer com.google.android.packageinstaller)`,
      `aqf_processes:CRITICAL:${P.process}`,
      'aqf_get_prop:MEDIUM:security patch level 2021-03-01 is more than six months old: known exploits may work on this phone',
      'aqf_settings:MEDIUM:Found suspicious "global" setting "package_verifier_user_consent = -1" (disabled Google Play Protect)',
      'aqf_settings:MEDIUM:Found suspicious "secure" setting "accessibility_enabled = 1" (enabled accessibility services)',
      'aqf_files:CRITICAL:/data/local/tmp/wd/',
      `aqf_files:CRITICAL:${P.filePath}`,
      'aqf_files:HIGH:Found executable file at suspicious path "/data/local/tmp/.x/loader"',
      `aqf_sms:CRITICAL:${P.smsDomain}`,
      'mounts:HIGH:Root detected /system partition is mounted as read-write (rw)',
      'mounts:MEDIUM:Suspicious mount options found for /system: rw',
      'root_binaries:HIGH:Found root binary "magisk" at path "/debug_ramdisk/magisk"',
      'root_binaries:HIGH:Found root binary "su" at path "/system/xbin/su"',
      `magisk_modules:CRITICAL:${P.smsDomain}`,
      `browser_history:CRITICAL:${P.smsDomain}`,
      ...DUMPSYS_EXPECTED,
      ...ADB_EXPECTED,
      ...CRASHES_EXPECTED,
    ].sort());
    // Predator's path indicator is Predator's, with its provenance.
    assert.equal(r.alerts.find((a) => a.matched_indicator?.value === P.filePath)?.matched_indicator?.collection, 'Predator');
  });

  it('reads the protobuf inventories of recent AndroidQF (files, packages, root binaries, mounts) with the same findings as their JSON', async () => {
    const json = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), MODULES, index);
    const pbRoot = buildAndroidQF(tempDir(), { protobuf: true });
    assert.ok(!fs.existsSync(path.join(pbRoot, 'packages.json')) && fs.existsSync(path.join(pbRoot, 'packages.pb')));
    const pb = await runDeviceCheck(androidqfSource(pbRoot), MODULES, index);
    assert.deepEqual(pb.modules.filter((m) => m.error), []);
    assert.deepEqual(summary(pb.alerts), summary(json.alerts));
    // files.pb holds one time per file, as MVT reads it for all three; here it is files.json's modified time.
    const filesOf = (r: typeof pb) => r.timeline.filter((t) => t.module === 'aqf_files' && t.event.startsWith('M')).map((t) => [t.timestamp, t.data.split(' ')[0]]).sort();
    assert.deepEqual(filesOf(pb), filesOf(json));
    // packages.pb decodes to packages.json's objects, key for key.
    const out = tempDir();
    await runDeviceCheck(androidqfSource(pbRoot), MODULES.filter((m) => m.slug === 'aqf_packages'), index, out);
    const fromPb = JSON.parse(fs.readFileSync(path.join(out, 'aqf_packages.json'), 'utf8'));
    const fromJson = JSON.parse(fs.readFileSync(path.join(buildAndroidQF(tempDir()), 'packages.json'), 'utf8'));
    assert.deepEqual(fromPb.map((p: { files: object[] }) => ({ ...p, files: p.files.map((f) => ({ ...f, error: undefined, verified_certificate: undefined, certificate_error: undefined, trusted_certificate: undefined })) })),
      fromJson.map((p: { files: { certificate: Record<string, string> }[] }) => ({ ...p, files: p.files.map((f) => ({ ...f, certificate: Object.fromEntries(Object.entries(f.certificate).filter(([, v]) => v)), error: undefined, verified_certificate: undefined, certificate_error: undefined, trusted_certificate: undefined })) })));
  });

  it('reads dumpsys from a bugreport.zip in the collection, and from a bugreport alone, with the same results', async () => {
    const dumpsysOnly = MODULES.filter((m) => m.slug.startsWith('dumpsys_') || m.slug === 'settings' || m.slug === 'processes');
    const own = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), dumpsysOnly, index);
    const inside = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir(), { dumpsysOnlyInBugreport: true })), dumpsysOnly, index);
    const alone = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), MODULES, index);
    assert.deepEqual(summary(own.alerts), [...DUMPSYS_EXPECTED, ...ADB_EXPECTED].sort());
    assert.deepEqual(summary(inside.alerts), summary(own.alerts));
    // A bugreport alone also gives its crash reports (tombstones.test.ts), as a collection's does.
    assert.deepEqual(summary(alone.alerts), [...DUMPSYS_EXPECTED, ...CRASHES_EXPECTED, ...MOUNTS_EXPECTED].sort());
    assert.deepEqual(alone.modules.map((m) => m.slug).sort(), [...dumpsysOnly.map((m) => m.slug), 'bugreport_timestamps', 'tombstones', 'mounts'].sort());
  });

  it('reads the crash reports of the collection\'s bugreport.zip, as MVT\'s nested bugreport check does; without one, finds none', async () => {
    const only = MODULES.filter((m) => m.slug === 'tombstones');
    const withZip = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), only, index);
    assert.deepEqual(summary(withZip.alerts), [...CRASHES_EXPECTED].sort());
    const root = buildAndroidQF(tempDir());
    fs.rmSync(path.join(root, 'bugreport.zip'));
    const without = await runDeviceCheck(androidqfSource(root), only, index);
    assert.deepEqual(without.modules.map((m) => [m.slug, m.records, m.error?.code]), [['tombstones', 0, 'DEVICE_NOT_FOUND']]);
    assert.deepEqual(without.alerts, []);
  });

  it('check-iocs re-checks saved Android results and finds what the first check found', async () => {
    const out = tempDir();
    const first = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), MODULES, index, out);
    const again = recheckResults(out, index);
    assert.deepEqual(summary(again.alerts), summary(first.alerts));
  });

  it('writes packages.json\'s packages as AndroidQF wrote them, and settings as MVT\'s namespaces of keys', async () => {
    const out = tempDir();
    const root = buildAndroidQF(tempDir());
    await runDeviceCheck(androidqfSource(root), MODULES.filter((m) => m.slug === 'aqf_packages' || m.slug === 'aqf_settings'), index, out);
    const packages = JSON.parse(fs.readFileSync(path.join(out, 'aqf_packages.json'), 'utf8'));
    assert.deepEqual(packages, JSON.parse(fs.readFileSync(path.join(root, 'packages.json'), 'utf8')));
    assert.equal(packages[0].installer, 'null');
    const settings = JSON.parse(fs.readFileSync(path.join(out, 'aqf_settings.json'), 'utf8'));
    assert.deepEqual(settings.global, { adb_enabled: '1', package_verifier_user_consent: '-1', wifi_on: '1' });
    assert.deepEqual(Object.keys(settings).sort(), ['global', 'secure', 'system']);
  });

  it('reads ps.txt into MVT\'s process records, ADDR under MVT\'s own key', () => {
    const { records } = parsePs(['LABEL                          USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME', 'u:r:init:s0                    root             1     0 10943680  4212 SyS_epoll_wait      0 S init', 'u:r:kernel:s0                  root             2     0       0      0 kthreadd            0 S [kthreadd]'].join('\n'));
    assert.deepEqual(records[1], { user: 'root', pid: 2, ppid: 0, virtual_memory_size: 0, resident_set_size: 0, wchan: 'kthreadd', aprocress: '0', stat: 'S', proc_name: 'kthreadd', label: 'u:r:kernel:s0' });
    assert.deepEqual(Object.keys(records[0]), ['user', 'pid', 'ppid', 'virtual_memory_size', 'resident_set_size', 'wchan', 'aprocress', 'stat', 'proc_name', 'label']);
  });

  it('a missing or broken file is a typed error of its module; the others go on', async () => {
    const root = buildAndroidQF(tempDir());
    fs.rmSync(path.join(root, 'ps.txt'));
    fs.writeFileSync(path.join(root, 'packages.json'), '{"name": "x", broken');
    const r = await runDeviceCheck(androidqfSource(root), MODULES, index);
    const errors = Object.fromEntries(r.modules.filter((m) => m.error).map((m) => [m.slug, m.error!.code]));
    assert.deepEqual(errors, { aqf_packages: 'DEVICE_COLLECTION', aqf_processes: 'DEVICE_NOT_FOUND' });
    assert.ok(r.alerts.some((a) => a.module === 'aqf_files' && a.level === 'CRITICAL'));
  });
});

describe('bugreport zips', () => {
  it('refuses what is not a zip, a bomb past its bound, and a zip without dumpstate', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'not.zip'), 'PK but not really');
    assert.throws(() => bugreportText(path.join(dir, 'not.zip')), (e: unknown) => e instanceof DeviceError && e.code === 'DEVICE_ARCHIVE');
    // The header claims 100 bytes; the data inflates to 3 MB: inflation stops at the claimed bound.
    const bomb = writeZip(path.join(dir, 'bomb.zip'), [{ name: 'bugreport-x.txt', data: Buffer.alloc(3_000_000, 0x41), claimSize: 100 }]);
    assert.throws(() => bugreportText(bomb), /does not inflate within|past the bound/);
    const none = writeZip(path.join(dir, 'none.zip'), [{ name: 'version.txt', data: '2.0' }]);
    assert.throws(() => bugreportText(none), /no dumpstate text/);
  });
});

describe('Android parsers (fast-check): records or typed errors only', () => {
  const text = fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...dumpstateText().split('\n'))), { maxLength: 60 }).map((l) => l.join('\n'));
  it('text and dumpsys parsers are total', () => {
    fc.assert(fc.property(text, (t) => {
      parseGetprop(t);
      parseSettings(t, 'global');
      for (const p of parsePs(t).records) assert.ok(Number.isInteger(p.pid));
      for (const [, s] of splitDumpsys(t)) {
        for (const table of ['Receiver', 'Activity'] as const) for (const e of parseResolverTable(s, table)) assert.ok(e.package_name === e.component.split('/')[0] && e.filter_count >= 1);
        parseAppops(s);
        parseBatteryHistory(s);
        for (const d of parseBatteryDaily(s)) assert.ok(d.package_name && d.occurrences >= 1);
        for (const op of parseDbinfo(s)) assert.ok(op.path && op.isodate.length === 23);
        for (const p of parsePlatformCompat(s)) assert.equal(typeof p.package_name, 'string');
        parseAccessibility(s);
        parseDumpsysPackages(s);
      }
      parseResolverTable(t, 'Receiver');
      parseAppops(t);
      parseBatteryHistory(t);
      parseDumpsysPackages(t);
    }), { numRuns: 1500 });
  });

  it('JSON parsers give records or a typed error', () => {
    const json = fc.oneof(fc.string({ maxLength: 60 }), fc.json().map(String), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constant(JSON.stringify([{ name: 'a', files: [{ path: 1 }, null, { path: '/x', certificate: 'no' }] }])));
    fc.assert(fc.property(json, (t) => {
      for (const parse of [parsePackagesJson, parseFilesJson]) {
        try {
          for (const r of parse(t)) assert.equal(typeof r[('name' in r ? 'name' : 'path') as keyof typeof r], 'string');
        } catch (e) {
          assert.ok(e instanceof DeviceError && e.code === 'DEVICE_COLLECTION', String(e));
        }
      }
    }), { numRuns: 1500 });
  });

  it('the backup.ab reader gives messages or a typed error on mutated backups', () => {
    const good = androidBackupAb([{ address: '+1', body: 'hi https://a.example/x', date: 1620000000000, date_sent: 0 }]);
    assert.equal(parseAndroidBackupSms(good)[0].body, 'hi https://a.example/x');
    assert.throws(() => parseAndroidBackupSms(Buffer.from('ANDROID BACKUP\n5\n1\nAES-256\nxx')), /encrypted/);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (muts, cut) => {
      const b = Buffer.from(good.subarray(0, Math.max(cut, 10)));
      for (const [at, v] of muts) if (at < b.length) b[at] = v;
      try {
        for (const m of parseAndroidBackupSms(b)) assert.equal(typeof m.body, 'string');
      } catch (e) {
        assert.ok(e instanceof AndroidBackupError, String(e));
      }
    }), { numRuns: 1000 });
  });

  it('the protobuf readers give records or a typed error on mutated and random inventories', () => {
    const root = buildAndroidQF(tempDir(), { protobuf: true });
    const parsers = [[parsePackagesRecords, 'packages.pb'], [parseFilesRecords, 'files.pb'], [parseStringRecords, 'mounts.pb']] as const;
    for (const [parse, name] of parsers) {
      const good = fs.readFileSync(path.join(root, name));
      assert.ok(parse(good, name).length > 0);
      const check = (b: Buffer) => {
        try {
          assert.ok(Array.isArray(parse(b, name)));
        } catch (e) {
          assert.ok(e instanceof DeviceError && e.code === 'DEVICE_COLLECTION', String(e));
        }
      };
      fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (muts, cut) => {
        const b = Buffer.from(good.subarray(0, cut));
        for (const [at, v] of muts) if (at < b.length) b[at] = v;
        check(b);
      }), { numRuns: 500 });
      fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 500 });
    }
  });

  it('the zip reader gives entries or a typed error on mutated archives', () => {
    const good = fs.readFileSync(buildBugreport(path.join(tempDir(), 'b.zip')));
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (muts) => {
      const b = Buffer.from(good);
      for (const [at, v] of muts) b[at] = v;
      const f = path.join(tempDir('vigil-zipfuzz-'), 'm.zip');
      fs.writeFileSync(f, b);
      try {
        bugreportText(f);
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      } finally {
        fs.rmSync(path.dirname(f), { recursive: true, force: true });
      }
    }), { numRuns: 300 });
  });
});
