// The Android modules' records are MVT's, key for key: getprop.txt read with MVT's pattern (empty
// values skipped), files.json kept whole with its times on the phone's clock and MVT's MACB rows,
// backup.ab's messages whole with MVT's keys, dumpsys's packages, receivers (a dictionary by
// intent), app ops (MVT's time text), battery history (MVT's reading of each line), daily updates,
// database operations and accessibility services. Links and zone times are compared
// with Python running MVT's own expressions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, MODULES, parseAppops, parseBatteryHistory, parseDumpsysPackages, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { mvtLinks } from '../../src/device/links.ts';
import { splitLines } from '../../src/device/android/lines.ts';
import { mvtWallTimeOfUnix } from '../../src/device/time.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { ANDROID_PLANTED as P, androidTestStix, buildAndroidQF } from '../../src/device/synthetic/index.ts';
import { python } from '../helpers/python.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
/** A Python program's JSON answer to `input` (given as JSON on its standard input). */
const pythonJson = (program: string, input: unknown) => JSON.parse(python(program, [], JSON.stringify(input)));

describe('MVT records of the Android modules', () => {
  it('writes each AndroidQF and dumpsys module\'s JSON as MVT does', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), MODULES, index, out);
    const json = (slug: string) => JSON.parse(fs.readFileSync(path.join(out, `${slug}.json`), 'utf8'));

    // getprop: an empty value is no property for MVT.
    const props = json('aqf_get_prop');
    assert.deepEqual(props[0], { name: 'persist.sys.timezone', value: 'Europe/Berlin' });
    assert.ok(!props.some((p: { name: string }) => p.name === 'ro.boot.vbmeta.digest'));

    // files.json whole; 1619800000 is 16:26:40 UTC, 18:26:40 on the phone's clock in Berlin (CEST).
    const files = json('aqf_files');
    assert.deepEqual(files[0], {
      path: '/sdcard/DCIM/Camera/IMG_0001.jpg', size: 1000, mode: '-rw-rw----', user_id: 2000, user_name: 'shell', group_id: 2000, group_name: 'shell',
      changed_time: '2021-04-30 18:26:40.000000', modified_time: '2021-04-30 18:26:40.000000', access_time: '2021-04-30 18:27:40.000000',
      error: '', context: 'u:object_r:media_rw_data_file:s0', sha1: '', sha256: '1'.repeat(64), sha512: '', md5: '',
    });
    const macb = r.timeline.filter((t) => t.module === 'aqf_files' && t.data.startsWith('/sdcard/')).map((t) => [t.timestamp, t.event, t.data]).sort();
    assert.deepEqual(macb, [
      ['2021-04-30 18:26:40.000000', 'M-C-', '/sdcard/DCIM/Camera/IMG_0001.jpg (u:object_r:media_rw_data_file:s0)'],
      ['2021-04-30 18:27:40.000000', '-A--', '/sdcard/DCIM/Camera/IMG_0001.jpg (u:object_r:media_rw_data_file:s0)'],
    ]);

    // backup.ab's messages whole, then isodate, direction, and links only when there are some.
    const sms = json('sms');
    assert.deepEqual(sms[0], { address: '+491510000001', body: 'see you at 8', date: Date.parse('2021-05-01T18:00:00Z'), date_sent: 0, type: '1', read: '1', isodate: '2021-05-01 18:00:00.000000', direction: 'received' });
    assert.deepEqual(sms[1].links, [`https://${P.smsDomain}/t/3fa`]);
    assert.equal(sms[2].direction, 'sent');

    // dumpsys package: MVT's keys in MVT's order, its times as dumpsys wrote them; then vigil's two.
    const pkg = json('dumpsys_packages').find((p: { package_name: string }) => p.package_name === P.sideloaded);
    assert.deepEqual(Object.keys(pkg), ['package_name', 'uid', 'version_name', 'version_code', 'timestamp', 'first_install_time', 'last_update_time', 'permissions', 'requested_permissions', 'installer', 'system']);
    assert.equal(pkg.first_install_time, '2021-05-02 21:09:40');
    assert.deepEqual(pkg.permissions, [{ name: 'android.permission.CAMERA', granted: true, type: 'runtime' }]);
    assert.deepEqual(pkg.requested_permissions, ['android.permission.CAMERA']);
    assert.ok(r.timeline.some((t) => t.event === 'package_first_install' && t.timestamp === '2021-05-02 21:09:40' && t.data === `Install or update of package ${P.sideloaded}`));

    // Receivers: MVT's resolver records, every category, a list.
    assert.deepEqual(json('dumpsys_receivers'), [
      { resolver_type: 'scheme', key: 'sms', package_name: P.sideloaded, component: `${P.sideloaded}/.SchemeWatcher`, filter_count: 1 },
      { resolver_type: 'non_data_action', key: 'android.provider.Telephony.SMS_RECEIVED', package_name: P.appId, component: `${P.appId}/.SmsReceiver`, filter_count: 1 },
      { resolver_type: 'non_data_action', key: 'android.provider.Telephony.SMS_RECEIVED', package_name: 'com.google.android.apps.messaging', component: 'com.google.android.apps.messaging/.receiver.SmsReceiver', filter_count: 1 },
      { resolver_type: 'non_data_action', key: 'android.intent.action.PHONE_STATE', package_name: P.sideloaded, component: `${P.sideloaded}/.CallWatcher`, filter_count: 1 },
    ]);

    // App ops: MVT's key order and time text.
    const ops = json('dumpsys_appops').find((p: { package_name: string }) => p.package_name === P.appId);
    assert.deepEqual(ops, { package_name: P.appId, permissions: [{ name: 'READ_SMS', entries: [{ access: 'Access', type: 'fg-s', timestamp: '2021-05-03 07:41:02.054000' }], access: 'allow' }], uid: 'u0a123' });

    // Accessibility: MVT's record of a service, its states as the dump printed them (crashed: printed empty).
    assert.deepEqual(json('dumpsys_accessibility')[1], {
      user_id: 0, component: `${P.sideloaded}/${P.sideloaded}.ReaderService`, package_name: P.sideloaded, service_name: `${P.sideloaded}.ReaderService`,
      installed: true, enabled: true, binding: false, bound: false, crashed: false, accessibility_tool: false, installed_service_count: 2, unnamed_service_count: null,
    });

    // check-iocs reads the dictionary of receivers back.
    assert.ok(recheckResults(out, index).alerts.length > 0);
    assert.deepEqual(recheckResults(out, new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records)).modules.find((m) => m.slug === 'dumpsys_receivers')?.records, r.modules.find((m) => m.slug === 'dumpsys_receivers')?.records);
  });

  it('writes the daily updates, database operations, activities and uninstalled apps as MVT does', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), MODULES, new MatchIndex(recordsFromFiles([androidTestStix(path.join(tempDir(), 'a.stix2'))]).records), out);
    const json = (slug: string) => JSON.parse(fs.readFileSync(path.join(out, `${slug}.json`), 'utf8'));
    // Counted once per day and version; an uninstall and a downgrade marked where MVT marks them.
    const day1 = { period_start: '2021-05-01 05:14:31', period_end: '2021-05-02 05:14:31' };
    const day2 = { period_start: '2021-05-02 05:14:31', period_end: '2021-05-03 05:14:31' };
    assert.deepEqual(json('dumpsys_battery_daily'), [
      { action: 'update', ...day1, package_name: P.appId, version_code: 21, occurrences: 1 },
      { action: 'update', ...day1, package_name: 'com.whatsapp', version_code: 211000, occurrences: 1 },
      { action: 'uninstall', ...day2, package_name: P.sideloaded, version_code: 0, occurrences: 1 },
      { action: 'downgrade', ...day2, package_name: 'com.whatsapp', version_code: 210900, occurrences: 2, previous_version_code: 211000 },
    ]);
    assert.deepEqual(r.timeline.filter((t) => t.module === 'dumpsys_battery_daily').map((t) => [t.timestamp, t.event, t.data]), [
      ['2021-05-01 05:14:31', 'battery_daily', `Recorded update of package ${P.appId} with vers 21`],
      ['2021-05-01 05:14:31', 'battery_daily', 'Recorded update of package com.whatsapp with vers 211000'],
      ['2021-05-02 05:14:31', 'battery_daily', `Recorded uninstall of package ${P.sideloaded} (vers 0)`],
      ['2021-05-02 05:14:31', 'battery_daily', 'Recorded downgrade of package com.whatsapp from vers 211000 to vers 210900'],
    ]);
    // dbinfo: a pid only where the line gives one; the match written into the record, as MVT does.
    const ops = json('dumpsys_dbinfo');
    assert.deepEqual(ops[0], { isodate: '2021-05-03 07:41:03.120', pid: '10123', action: 'executeForCursorWindow', sql: 'SELECT address, body FROM sms', path: '/data/user_de/0/com.android.providers.telephony/databases/mmssms.db' });
    assert.deepEqual(Object.keys(ops[1]), ['isodate', 'action', 'sql', 'path', 'matched_indicator']);
    assert.equal(ops[1].matched_indicator.value, P.appId);
    assert.equal(ops[1].sql, 'INSERT INTO loot VALUES (?)');
    // Activities: the same resolver records; uninstalled apps with the match written into the record.
    const action = (key: string, component: string, filter_count = 1) => ({ resolver_type: 'non_data_action', key, package_name: component.split('/')[0], component, filter_count });
    assert.deepEqual(json('dumpsys_activities'), [
      action('android.intent.action.MAIN', 'com.android.settings/.Settings', 2),
      action('android.intent.action.MAIN', `${P.appId}/.HiddenLauncher`),
      action('android.settings.ACCESSIBILITY_SETTINGS', 'com.android.settings/.AccessibilitySettings'),
    ]);
    const gone = json('dumpsys_platform_compat');
    assert.deepEqual(gone.map((g: { package_name: string }) => g.package_name), ['com.example.game', P.appId]);
    assert.equal(gone[1].matched_indicator.value, P.appId);
    assert.equal(gone[0].matched_indicator, undefined);
  });

  it('reads a package\'s per-user fields from the primary user, as MVT does: user 0, else the first user listed', () => {
    const pkg = (...lines: string[]) => parseDumpsysPackages(['Packages:', '  Package [org.example.notes] (5a1b2c):', '    userId=10231', '    pkgFlags=[ HAS_CODE ALLOW_BACKUP ]', ...lines, ''].join('\n'))[0];
    // A secure folder's user 150 listed after user 0: its time and refusals are not the phone owner's.
    const withProfile = pkg(
      '    User 0: ceDataInode=812 installed=true hidden=false',
      '      firstInstallTime=2025-03-02 10:41:07',
      '      runtime permissions:',
      '        android.permission.READ_SMS: granted=true, flags=[ USER_SET ]',
      '    User 150: ceDataInode=0 installed=false hidden=false',
      '      firstInstallTime=1970-01-01 01:00:00',
      '      runtime permissions:',
      '        android.permission.READ_SMS: granted=false',
      '        android.permission.RECORD_AUDIO: granted=false',
    );
    assert.equal(withProfile.first_install_time, '2025-03-02 10:41:07');
    assert.deepEqual(withProfile.permissions, [{ name: 'android.permission.READ_SMS', granted: true, type: 'runtime' }]);
    assert.equal(withProfile.system, false);
    // No user 0 (a work profile's dump): the first user listed is the primary one.
    const profileOnly = pkg('    User 10: installed=true', '      firstInstallTime=2025-04-11 08:00:00', '      runtime permissions:', '        android.permission.CAMERA: granted=true', '    User 11: installed=true', '      firstInstallTime=2025-04-12 08:00:00');
    assert.equal(profileOnly.first_install_time, '2025-04-11 08:00:00');
    assert.deepEqual(profileOnly.permissions.map((x) => x.name), ['android.permission.CAMERA']);
    // Older Android gives the time for the package, not per user: kept when no user gives one.
    const older = pkg('    firstInstallTime=2019-06-01 12:00:00', '    User 0: ceDataInode=4 installed=true');
    assert.equal(older.first_install_time, '2019-06-01 12:00:00');
  });

  it('splits dumpsys text into lines as Python\'s splitlines does, over random text', () => {
    const texts = fc.sample(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029', '\t', 'é'), maxLength: 20 }), { numRuns: 300, seed: 11 });
    assert.deepEqual(texts.map(splitLines), pythonJson('import json, sys\nprint(json.dumps([t.splitlines() for t in json.load(sys.stdin)]))', texts));
  });

  it('reads the battery history line by line as MVT does, its quirks included', () => {
    const section = [
      'Battery History (2% used, 8KB used of 256KB, 30 strings using 2KB):',
      '                    0 (15) RESET:TIME: 2021-05-03-06-00-00',
      '     +1h02m03s004ms (2) 100 +job=u0a123:"com.evil/.SyncJob"',
      '05-03 07:12:00.123 (2) 100 -job=u0a123:"com.evil/.SyncJob"',
      '     +1h05m00s000ms (2) 100 +top=u0a77:"com.android.chrome"',
      '     +1h06m00s000ms (2) 100 -top=u0a77:"com.android.chrome"',
      '     +1h07m00s000ms (2) 100 +running +wake_lock=u0a88:"*walarm*:com.spy/.Alarm" stats=1',
      '     +1h08m00s000ms (2) 100 +running +wake_lock=u0a89:"*walarm*:android.intent.action.TIME_TICK"',
      // Both a foreground app and a wakeup: MVT tests the wakeup first.
      '     +1h09m00s000ms (2) 100 +top=u0a77:"com.a" +running +wake_lock=u0a90:"*walarm*:com.b/.X"',
      // MVT takes the rest of a job's line as its service.
      '     +1h10m00s000ms (2) 100 +job=u0a1:"com.x/.J" +running',
      '     +1h11m00s000ms (2) 100 +job=nocolon',
      '',
      '     +1h12m00s000ms (2) 100 +job=u0a2:"after/.Blank"',
    ].join('\n');
    const e = (time_elapsed: string, event: string, uid: string, package_name: string, service: string) => ({ time_elapsed, event, uid, package_name, service });
    assert.deepEqual(parseBatteryHistory(section), [
      e('+1h02m03s004ms', 'start_job', 'u0a123', 'com.evil', 'com.evil/.SyncJob'),
      e('05-03 07:12:00.123', 'end_job', 'u0a123', 'com.evil', 'com.evil/.SyncJob'),
      e('+1h05m00s000ms', 'start_top', 'u0a77', 'com.android.chrome', ''),
      e('+1h06m00s000ms', 'end_top', 'u0a77', 'com.android.chrome', ''),
      e('+1h07m00s000ms', 'wake', 'u0a88', 'com.spy', 'com.spy/.Alarm'),
      e('+1h09m00s000ms', 'wake', 'u0a90', 'com.b', 'com.b/.X'),
      e('+1h10m00s000ms', 'start_job', 'u0a1', 'com.x', 'com.x/.J" +running'),
    ]);
  });

  it('reads app ops times as MVT\'s strptime does: a fraction needed, a day that does not exist refused', () => {
    const section = (t: string) => ['  Uid 0:', '    Package a.b:', '      CAMERA (allow):', `          Access: [fg]${t} (-1d)`].join('\n');
    const time = (t: string) => parseAppops(section(t))[0].permissions[0].entries[0].timestamp;
    assert.equal(time('2021-05-03 07:41:02.5'), '2021-05-03 07:41:02.500000');
    assert.equal(time('2024-02-29 23:59:59.123456'), '2024-02-29 23:59:59.123456');
    assert.equal(time('2021-02-29 10:00:00.1'), undefined);
    assert.equal(time('2021-05-03 24:00:00.1'), undefined);
    assert.equal(time('2021-05-03 07:41:02'), undefined);
  });

  it('finds links as MVT\'s check_for_links does, over random text', () => {
    const chars = fc.constantFrom('h', 't', 'p', 's', 'H', 'T', 'P', 'S', 'ſ', 'K', ':', '/', '/', '.', 'a', ' ', '\t', '\n', '\x1c', '\x85', '\xa0', '\ufeff', '\u2028', '"', ')', 'é', '😀');
    const edges = ['httpſ://a.b c', 'HTTPſ://x', 'see https://a.example/\x1cb', 'x https://a\ufeffb', 'https://a\x85b'];
    const texts = [...edges, ...fc.sample(fc.array(fc.oneof(chars, fc.constant('http://'), fc.constant('https://'), fc.constant('HTTPS://')), { maxLength: 40 }).map((a) => a.join('')), 3000)];
    const expected: string[][] = pythonJson('import json, re, sys\nprint(json.dumps([re.findall(r"(?P<url>https?://[^\\s]+)", t, re.IGNORECASE) for t in json.load(sys.stdin)]))', texts);
    texts.forEach((t, i) => assert.deepEqual(mvtLinks(t), expected[i], JSON.stringify(t)));
  });

  it('writes a time on the phone\'s clock as MVT does (zoneinfo, then labelled UTC)', () => {
    const zones = ['Europe/Berlin', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Tehran', 'America/Sao_Paulo', 'UTC'];
    // 2001 to 2023: zone rules this machine's tzdata and Node's ICU agree on.
    const times = [...fc.sample(fc.integer({ min: 978_307_200, max: 1_700_000_000 }), 300), 1_616_893_200, 1_635_642_000, 1_616_893_199.5];
    const q = zones.flatMap((z) => times.map((t) => [z, t] as const));
    const expected: string[] = pythonJson('import datetime, json, sys, zoneinfo\nprint(json.dumps([datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc).astimezone(zoneinfo.ZoneInfo(z)).replace(tzinfo=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") for z, t in json.load(sys.stdin)]))', q);
    q.forEach(([z, t], i) => assert.equal(mvtWallTimeOfUnix(t, z), expected[i], `${z} ${t}`));
    assert.equal(mvtWallTimeOfUnix(1_620_000_000, 'Not/AZone'), '2021-05-03 00:00:00.000000');
  });
});
