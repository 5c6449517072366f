// Synthetic Android evidence for tests, the demo and training: an AndroidQF collection folder and a
// bugreport zip (dumpstate text with the package, appops, batterystats, accessibility and settings services),
// with indicators planted where each module looks: Predator's /data/local/tmp/wd/ path and
// Pegasus process names from the bundled Amnesty files, and, since those files hold no Android app
// ids or hashes, a small test-only STIX file of made-up app indicators (androidTestStix).
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { chromeTime } from './fixture-db.ts';
import { writeTarGz } from './ios.ts';
import { delimited, message } from './protobuf-write.ts';
import { encryptBackupAb } from './android-ab-encrypt.ts';

export const ANDROID_PLANTED = {
  appId: 'com.example.sysupdate.service',
  certSha256: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
  apkSha256: 'badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0',
  process: 'fservernetd',
  filePath: '/data/local/tmp/wd/fs.db',
  sideloaded: 'org.example.flashlight',
  smsDomain: 'alraeeenews.com',
  /** The computer the collection was acquired with, and one the phone trusts besides ("<base64 key> <user>", as adbkey.pub). */
  adbHostKey: `${crypto.createHash('sha512').update('investigator').digest('base64')} investigator@lab`,
  adbOtherKey: `${crypto.createHash('sha512').update('unknown computer').digest('base64')} unknown@host`,
  magiskModule: 'battery.saver.pro',
};

/** backup.ab as `adb backup` writes it (unencrypted, compressed), holding the telephony provider's SMS. */
export function androidBackupAb(messages: { address: string; body: string; date: number; date_sent: number }[]): Buffer {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ab-'));
  try {
    const tgz = writeTarGz(path.join(tmp, 'x.tgz'), [
      { name: 'apps/com.android.providers.telephony/_manifest', data: 'manifest' },
      { name: 'apps/com.android.providers.telephony/d_f/000000_sms_backup', data: zlib.deflateSync(Buffer.from(JSON.stringify(messages.map((m) => ({ ...m, type: m.date_sent ? '2' : '1', read: '1' }))))) },
    ]);
    return Buffer.concat([Buffer.from('ANDROID BACKUP\n5\n1\nnone\n'), zlib.deflateSync(zlib.gunzipSync(fs.readFileSync(tgz)))]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Test-only indicators (not from any real campaign) for what Amnesty's files do not cover on Android. */
export function androidTestStix(file: string): string {
  const ind = (id: number, pattern: string) => ({ type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-00000000000${id}`, created: '2024-01-01T00:00:00Z', modified: '2024-01-01T00:00:00Z', pattern, pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z', name: 'test indicator' });
  fs.writeFileSync(file, JSON.stringify({
    type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000',
    objects: [
      { type: 'malware', spec_version: '2.1', id: 'malware--00000000-0000-4000-8000-00000000000a', created: '2024-01-01T00:00:00Z', modified: '2024-01-01T00:00:00Z', name: 'TestSpy', is_family: true },
      ind(1, `[app:id = '${ANDROID_PLANTED.appId}']`),
      ind(2, `[app:cert.sha256 = '${ANDROID_PLANTED.certSha256}']`),
      ind(3, `[file:hashes.'SHA-256' = '${ANDROID_PLANTED.apkSha256}']`),
      // From TEST-NET-3 (RFC 5737): an address no real host has, for the intrusion logs' connections.
      ind(4, "[ipv4-addr:value = '203.0.113.77']"),
      ...[1, 2, 3, 4].map((k) => ({ type: 'relationship', spec_version: '2.1', id: `relationship--00000000-0000-4000-8000-00000000010${k}`, created: '2024-01-01T00:00:00Z', modified: '2024-01-01T00:00:00Z', relationship_type: 'indicates', source_ref: `indicator--00000000-0000-4000-8000-00000000000${k}`, target_ref: 'malware--00000000-0000-4000-8000-00000000000a' })),
    ],
  }));
  return file;
}

const pkg = (name: string, installer: string, system: boolean, extra: object = {}) => ({
  name, installer, uid: 10_000 + name.length, disabled: false, system, third_party: !system,
  files: [{ path: `/data/app/${name}-1/base.apk`, local_name: '', md5: '', sha1: '', sha256: '0'.repeat(63) + (name.length % 10), sha512: '', certificate: { Md5: '', Sha1: '', Sha256: 'ab'.repeat(32) } }],
  ...extra,
});

/** The phone's system properties, as getprop prints them (getprop.txt, and the dumpstate's section). */
const SYSTEM_PROPERTIES = ['[persist.sys.timezone]: [Europe/Berlin]', '[ro.boot.vbmeta.digest]: []', '[ro.build.version.release]: [11]', '[ro.build.version.security_patch]: [2021-03-01]', '[ro.product.model]: [Pixel 4a]'];

/** The dumpstate text of a bugreport (also AndroidQF's dumpsys.txt): its system properties, then dumpsys sections by service. */
export function dumpstateText(): string {
  const sec = (name: string, body: string[]) => ['-------------------------------------------------------------------------------', `DUMP OF SERVICE ${name}:`, ...body, `--------- 0.051s was the duration of dumpsys ${name}, ending at: 2021-05-03 09:00:00`];
  const P = ANDROID_PLANTED;
  return [
    '== dumpstate: 2021-05-03 09:00:00',
    // getprop's output, as dumpstate includes it (MVT reads on to a "------" line, or the end).
    '------ SYSTEM PROPERTIES (getprop) ------',
    ...SYSTEM_PROPERTIES,
    "------ 0.031s was the duration of 'SYSTEM PROPERTIES' ------",
    // ps's threads: the planted process (two threads of its name: one alert), gatekeeperd (never
    // flagged), a thread whose name has a space, one with an empty WCHAN, a kernel thread.
    '------ PROCESSES AND THREADS (ps -A -T -Z -O pri,nice,rtprio,sched,pcy,time) ------',
    'LABEL                          USER           PID   TID  PPID     VSZ    RSS WCHAN            ADDR S PRI  NI RTPRIO SCH  PCY     TIME CMD',
    'u:r:init:s0                    root             1     1     0 10865952  9212 do_epoll_wait       0 S  19   0     -   0   fg 00:00:03 init',
    'u:r:kernel:s0                  root             9     9     2       0      0 worker_thread       0 I  39 -20     -   0   fg 00:00:00 [kworker/0:1H]',
    'u:r:gatekeeperd:s0             system         812   812     1 10937320  4172 binder_thread_read  0 S  19   0     -   0   fg 00:00:00 gatekeeperd',
    `u:r:su:s0                      root          4242  4242     1  2201040  3120 do_sys_poll         0 S  19   0     -   0   fg 00:00:11 ${ANDROID_PLANTED.process}`,
    `u:r:su:s0                      root          4242  4250     1  2201040  3120 futex_wait_queue_me 0 S  19   0     -   0   fg 00:00:02 ${ANDROID_PLANTED.process}`,
    'u:r:system_server:s0           system        1500  1511   990 15467320 280104 do_sigtimedwait  0 S  29   0     -   0   fg 00:00:00 Signal Catcher',
    'u:r:system_server:s0           system        1500  1530   990 15467320 280104                  0 R  19   0     -   0   ta 00:00:41 android.bg',
    "------ 0.233s was the duration of 'PROCESSES AND THREADS' ------",
    // Android 13's layout: the count in the attributes, the installed list, then each state on one line.
    ...sec('accessibility', ['ACCESSIBILITY MANAGER (dumpsys accessibility)', '', 'currentUserId=0', 'User state[', '     attributes:{id=0, touchExplorationEnabled=true, installedServiceCount=2}', '     installed services: {',
      '      0 : com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService  (A11yTool)', `      1 : ${P.sideloaded}/${P.sideloaded}.ReaderService`, '     }',
      '     Bound services:{Service[label=TalkBack, feedbackType[FEEDBACK_SPOKEN], capabilities=11, eventTypes=TYPES_ALL_MASK, notificationTimeout=0, requestA11yBtn=false]}',
      `     Enabled services:{{com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService}, {${P.sideloaded}/${P.sideloaded}.ReaderService}}`, '     Binding services:{}', '     Crashed services:{}', ']']),
    ...sec('appops', ['Current AppOps Service state:', '  Uid 0:', '    state=cch', '  Uid u0a123:', `    Package ${P.appId}:`, '      READ_SMS (allow):', '          Access: [fg-s]2021-05-03 07:41:02.054 (-1d1h25m2s33ms)', `    Package ${P.sideloaded}:`, '      REQUEST_INSTALL_PACKAGES (allow):', '          Access: [top-s]2021-05-02 21:10:00.000 (-1d11h)', '      CAMERA (allow):', '          Reject: [bg]2021-05-02 21:11:00.000 (-1d11h)', '']),
    ...sec('batterystats', ['Battery History (1% used, 4096 used of 256KB, 12 strings using 1024):', '                    0 (15) RESET:TIME: 2021-05-03-06-00-00', `     +1h02m03s004ms (2) 100 +job=u0a123:"${P.appId}/.SyncJob"`, '     +1h05m00s000ms (2) 100 +top=u0a77:"com.android.chrome"', `     +1h05m10s000ms (2) 100 -job=u0a123:"${P.appId}/.SyncJob"`, '',
      // Daily updates: the planted app, an uninstall (version 0) and a downgrade, which MVT flags.
      'Daily stats:', '  Current start time: 2021-05-03-05-14-31', '  Daily from 2021-05-01-05-14-31 to 2021-05-02-05-14-31:', `    Update ${P.appId} vers=21`, '    Update com.whatsapp vers=211000',
      '  Daily from 2021-05-02-05-14-31 to 2021-05-03-05-14-31:', `    Update ${P.sideloaded} vers=0`, '    Update com.whatsapp vers=210900', '    Update com.whatsapp vers=210900', '']),
    // The settings provider: Play Protect's consent refused; accessibility turned on by the sideloaded
    // app (its history: one change last December, so of the year before the dump, one in April); a
    // safe value with its row's metadata after it; a blank line after each namespace's block.
    ...sec('settings', ['CONFIG SETTINGS (user 0)', '', 'GLOBAL SETTINGS (user 0)', '_id:12 name:adb_enabled pkg:com.android.shell value:1 default:0 defaultSystemSet:true',
      '_id:88 name:package_verifier_user_consent pkg:com.android.vending value:-1 default:1 defaultSystemSet:true', '_id:91 name:send_action_app_error pkg:android value:1 isValuePreservedInRestore:true',
      '_id:95 name:device_name pkg:android value:Pixel 5 default:Pixel 5 defaultSystemSet:true', '', 'SECURE SETTINGS (user 0)', '_id:40 name:accessibility_enabled pkg:com.android.settings value:1 tag:null',
      '  History (2 entries):', '    time:12-31 23:59:59.250 mode:update oldValue:1 newValue:0 package:com.android.settings', `    time:04-30 22:41:07.980 mode:update oldValue:0 newValue:1 package:${P.sideloaded}`, '',
      'SYSTEM SETTINGS (user 0)', '_id:3 name:screen_brightness pkg:android value:102 notPreservedInRestore', '', 'Historical operations', '03-12 10:00:00.000 update screen_brightness']),
    // Overrides platform_compat keeps for apps since uninstalled: the planted app among them.
    // The debugging manager: both keys trusted, the acquisition host's last connected an hour before the acquisition.
    ...sec('adb', ['ADB MANAGER STATE (dumpsys adb):', '{', '  debugging_manager={', '    connected_to_adb=true', '    last_key_received=', `    user_keys=${P.adbHostKey}`, P.adbOtherKey, '',
      `    keystore=<?xml version='1.0' encoding='utf-8' standalone='yes' ?><keyStore version="1"><adbKey key="${P.adbHostKey}" lastConnection="1620028800000" /><adbKey key="${P.adbOtherKey}" lastConnection="1619900000000" /></keyStore>`, '  }', '}']),
    ...sec('platform_compat', ['ChangeIds:', `ChangeId(168419799; name=DOWNSCALED; overridable; rawOverrides={com.example.game=false, ${P.appId}=true}; perPackageOverrides={})`, 'ChangeId(174042936; name=DISABLED_CHANGE_ID; disabled)', '']),
    // Database operations by process: the planted app's own database among them.
    ...sec('dbinfo', ['Applications Database Info:', '', '** Database info for pid 2345 [com.android.providers.telephony] **', '',
      'Connection pool for /data/user_de/0/com.android.providers.telephony/databases/mmssms.db:', '  Open: true', '  Most recently executed operations:',
      '        0: [2021-05-03 07:41:03.120] [Pid:(10123)]executeForCursorWindow took 2ms - succeeded, sql="SELECT address, body FROM sms"', '',
      `Connection pool for /data/user/0/${P.appId}/databases/loot.db:`, '  Most recently executed operations:',
      '        0: [2021-05-03 07:42:00.000] execute took 1ms - succeeded, sql="INSERT INTO loot VALUES (?)"', '']),
    ...sec('package', [
      // The resolver tables: the standard form, "(N filters)", and a dump with filters shown (" filter <hash>"); a blank line inside a table.
      'Activity Resolver Table:', '  Non-Data Actions:', '      android.intent.action.MAIN:', '        5b3c2a1 com.android.settings/.Settings (2 filters)', `        6c4d3b2 ${P.appId}/.HiddenLauncher`, '', '      android.settings.ACCESSIBILITY_SETTINGS:', '        1a2b3c4 com.android.settings/.AccessibilitySettings filter 2b3c4d', '',
      'Receiver Resolver Table:', '  Schemes:', '      sms:', `        9d8c7b6 ${P.sideloaded}/.SchemeWatcher`, '', '  Non-Data Actions:', '      android.provider.Telephony.SMS_RECEIVED:', `        4f1e2d1 ${P.appId}/.SmsReceiver`, '        3a2b1c0 com.google.android.apps.messaging/.receiver.SmsReceiver', '      android.intent.action.PHONE_STATE:', `        77aa11b ${P.sideloaded}/.CallWatcher filter 5d6e7f`, '',
      'Packages:',
      `  Package [${P.appId}] (a1b2c3):`, '    userId=10123', '    versionName=2.1', '    installerPackageName=null', '    pkgFlags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ]', '    firstInstallTime=2021-05-03 07:40:11', '    lastUpdateTime=2021-05-03 07:40:11', '    requested permissions:', '      android.permission.READ_SMS', '      android.permission.RECORD_AUDIO', '      android.permission.ACCESS_FINE_LOCATION',
      `  Package [${P.sideloaded}] (d4e5f6):`, '    userId=10077', '    versionName=1.0', '    installerPackageName=com.google.android.packageinstaller', '    pkgFlags=[ HAS_CODE ]', '    firstInstallTime=2021-05-02 21:09:40', '    requested permissions:', '      android.permission.CAMERA', '    User 0: ceDataInode=0 installed=true', '      runtime permissions:', '        android.permission.CAMERA: granted=true, flags=[ USER_SET ]',
      '  Package [com.whatsapp] (0a0b0c):', '    userId=10088', '    installerPackageName=com.android.vending', '    pkgFlags=[ HAS_CODE ]', '    firstInstallTime=2020-01-10 10:00:00', '    requested permissions:', '      android.permission.READ_CONTACTS', '      android.permission.RECORD_AUDIO', '      android.permission.CAMERA',
      '  Package [com.android.settings] (0d0e0f):', '    userId=1000', '    installerPackageName=null', '    pkgFlags=[ SYSTEM HAS_CODE ]',
      '',
    ]),
  ].join('\n');
}

/** What AndroidQF found of rooting: su and Magisk binaries, and mount lines (/system read-write). */
export const ROOT_BINARIES = ['/system/xbin/su', '/debug_ramdisk/magisk'];
export const MOUNTS = [
  '/dev/block/dm-5 on / type ext4 (ro,seclabel,relatime)',
  '/dev/block/dm-6 on /system type ext4 (rw,seclabel,relatime)',
  '/dev/block/dm-7 on /vendor type ext4 (ro,seclabel,noatime)',
  '/dev/block/dm-8 on /product type ext4 (ro,seclabel,relatime)',
  '/dev/block/dm-40 on /data type f2fs (rw,lazytime,seclabel,nosuid,nodev,noatime)',
];

const filesPb = (files: Record<string, unknown>[]) =>
  delimited(files.map((f) => message([[1, f.path as string], [2, f.modified_time as number], [3, f.mode as string], [4, BigInt(f.size as number)], [5, f.user_name as string], [6, f.group_name as string]])));

const packagesPb = (packages: Record<string, unknown>[]) =>
  delimited(packages.map((p) => message([
    [1, p.name as string], [2, p.installer === 'null' ? '' : (p.installer as string)], [3, BigInt(p.uid as number)], [4, p.disabled as boolean], [5, p.system as boolean], [6, p.third_party as boolean],
    ...(p.files as Record<string, unknown>[]).map((f): [number, Buffer] => {
      const c = f.certificate as Record<string, string>;
      return [7, message([[1, f.path as string], [2, f.local_name as string], [3, f.md5 as string], [4, f.sha1 as string], [5, f.sha256 as string], [6, f.sha512 as string], [8, message([[1, c.Md5], [2, c.Sha1], [3, c.Sha256]])]])];
    }),
  ])));

/** The backup.ab of the synthetic phone: three messages, one with a link to an indicator's domain; encrypted when a password is given. */
function plantedBackupAb(password?: string): Buffer {
  const plain = androidBackupAb([
    { address: '+491510000001', body: 'see you at 8', date: Date.parse('2021-05-01T18:00:00Z'), date_sent: 0 },
    { address: '+491510000002', body: `Your delivery: https://${ANDROID_PLANTED.smsDomain}/t/3fa`, date: Date.parse('2021-05-03T06:40:00Z'), date_sent: 0 },
    { address: '+491510000001', body: 'ok, https://www.example.org/menu', date: Date.parse('2021-05-01T18:05:00Z'), date_sent: 1620000000000 },
  ]);
  return password === undefined ? plain : encryptBackupAb(plain, password);
}

/** An Android backup as `adb backup` writes it, alone (MVT's check-backup), with the planted messages. */
export function buildAndroidBackup(file: string, password?: string): string {
  fs.writeFileSync(file, plantedBackupAb(password));
  return file;
}

/**
 * An AndroidQF collection folder. `protobuf`: its inventories as recent AndroidQF writes them
 * (files.pb, packages.pb, root_binaries.pb, mounts.pb) instead of JSON. `backupPassword`: its
 * backup.ab encrypted with that password. `dumpsysOnlyInBugreport`: no dumpsys.txt, so the
 * dumpstate is read from its bugreport.zip.
 */
export function buildAndroidQF(root: string, o: { dumpsysOnlyInBugreport?: boolean; protobuf?: boolean; backupPassword?: string } = {}): string {
  fs.mkdirSync(root, { recursive: true });
  const P = ANDROID_PLANTED;
  const put = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(root, name), data);
  const packages = [
    pkg('com.android.settings', 'null', true),
    pkg('com.whatsapp', 'com.android.vending', false),
    pkg(P.sideloaded, 'com.google.android.packageinstaller', false),
    pkg(P.appId, 'null', false, { files: [{ path: `/data/app/${P.appId}-1/base.apk`, local_name: '', md5: '', sha1: '', sha256: P.apkSha256, sha512: '', certificate: { Md5: 'aa'.repeat(16), Sha1: 'bb'.repeat(20), Sha256: P.certSha256 } }] }),
    pkg('com.google.android.gms', 'null', true, { disabled: false }),
  ];
  if (o.protobuf) put('packages.pb', packagesPb(packages));
  else put('packages.json', JSON.stringify(packages, null, 1));
  put('ps.txt', ['USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME', 'root             1     0 10943680  4212 SyS_epoll_wait      0 S init', 'system         612     1 1234567  8800 do_epoll_wait       0 S gatekeeperd', `u0_a123       4242     1 2222222 33333 0                   0 S ${P.process}`, 'u0_a88        5000   700 3333333 44444 do_epoll_wait       0 S com.whatsapp', 'u0_a77        5001   700 3333333 44444                     0 R com.android.chrome'].join('\n') + '\n');
  put('getprop.txt', [...SYSTEM_PROPERTIES, 'garbage line'].join('\n') + '\n');
  put('settings_global.txt', ['adb_enabled=1', 'package_verifier_user_consent=-1', 'wifi_on=1'].join('\n') + '\n');
  put('settings_secure.txt', ['install_non_market_apps=0', 'accessibility_enabled=1'].join('\n') + '\n');
  put('settings_system.txt', ['screen_brightness=102'].join('\n') + '\n');
  // AndroidQF's keys (find.go), times in epoch seconds.
  const file = (p: string, size: number, mode: string, sha256: string, modified: number, context = 'u:object_r:shell_data_file:s0') => ({
    path: p, size, mode, user_id: 2000, user_name: 'shell', group_id: 2000, group_name: 'shell', changed_time: modified, modified_time: modified, access_time: modified + 60, error: '', context, sha1: '', sha256, sha512: '', md5: '',
  });
  const files = [
    file('/sdcard/DCIM/Camera/IMG_0001.jpg', 1000, '-rw-rw----', '1'.repeat(64), 1619800000, 'u:object_r:media_rw_data_file:s0'),
    file(P.filePath, 4096, '-rw-------', '2'.repeat(64), 1620027000),
    file('/data/local/tmp/.x/loader', 80000, '-rwxr-x---', '3'.repeat(64), 1620027100),
    file('/data/local/tmp/collector', 9000000, '-rwxr-xr-x', '4'.repeat(64), 1620030000),
  ];
  if (o.protobuf) {
    put('files.pb', filesPb(files));
    put('root_binaries.pb', delimited(ROOT_BINARIES.map((b) => message([[1, b]]))));
    put('mounts.pb', delimited(MOUNTS.map((m) => message([[1, m]]))));
  } else {
    put('files.json', JSON.stringify(files));
    put('root_binaries.json', JSON.stringify(ROOT_BINARIES));
    put('mounts.json', JSON.stringify(MOUNTS));
  }
  put('backup.ab', plantedBackupAb(o.backupPassword));
  // Magisk modules: one updating itself from an indicator's domain, one whose module.prop path leaves the folder (not read).
  fs.mkdirSync(path.join(root, 'magisk_modules', '0000'), { recursive: true });
  put('magisk_modules/0000/module.prop', ['# battery saver', `id=${P.magiskModule}`, 'name=Battery Saver', 'version=1.0', 'versionCode=10', 'author=unknown', 'description=Saves battery=always', `updateJson=https://${P.smsDomain}/m/update.json`, 'malformed line'].join('\n') + '\n');
  put('magisk_modules/manifest.json', JSON.stringify({ schema_version: 1, status: 'partial', acquisition_method: 'adb exec-out su -c cat', modules: [
    { device_path: `/data/adb/modules/${P.magiskModule}`, directory_name: P.magiskModule, module_prop_path: 'magisk_modules/0000/module.prop', module_prop_status: 'collected', state_files: ['update'], state_files_complete: true },
    { device_path: '/data/adb/modules/escape', directory_name: 'escape', module_prop_path: '../getprop.txt', module_prop_status: 'collected', state_files: [], state_files_complete: false },
  ] }));
  // Chrome's history, as recent AndroidQF collects it: a visit to an indicator's domain among ordinary ones.
  const history = path.join(root, 'browser_history', 'com.android.chrome', 'Default', 'History');
  fs.mkdirSync(path.dirname(history), { recursive: true });
  const h = new Database(history);
  h.exec(`CREATE TABLE urls (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);
    CREATE TABLE visits (id INTEGER PRIMARY KEY, url INTEGER NOT NULL, visit_time INTEGER NOT NULL, from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER, visit_duration INTEGER DEFAULT 0 NOT NULL);`);
  h.prepare('INSERT INTO urls VALUES (1, ?, ?, 2, 1, ?, 0)').run('https://www.example.org/news', 'News', chromeTime('2021-05-02T10:00:00Z'));
  h.prepare('INSERT INTO urls VALUES (2, ?, ?, 1, 0, ?, 0)').run(`https://${P.smsDomain}/article/8812`, 'Breaking', chromeTime('2021-05-03T06:41:00Z'));
  h.prepare('INSERT INTO visits VALUES (1, 1, ?, 0, 805306369, 0, 0)').run(chromeTime('2021-05-02T10:00:00Z'));
  h.prepare('INSERT INTO visits VALUES (2, 2, ?, 0, 805306368, 0, 0)').run(chromeTime('2021-05-03T06:41:00Z'));
  // An odd count of microseconds, which a double cannot hold (MVT writes it exactly).
  h.prepare('INSERT INTO visits VALUES (3, 1, ?, 2, 805306376, 0, 0)').run(chromeTime('2021-05-01T08:00:00.123Z') + 457n);
  h.close();
  put('browser_history/manifest.json', JSON.stringify({ schema_version: 1, databases: [
    { browser: 'Chrome', package: 'com.android.chrome', profile: 'Default', device_path: '/data/data/com.android.chrome/app_chrome/Default/History', archive_path: 'browser_history/com.android.chrome/Default/History' },
    { browser: 'Evil', package: 'x', profile: 'Default', device_path: '/x', archive_path: 'browser_history/../getprop.txt' },
  ] }));
  // Log files AndroidQF copied, each with the time the phone last wrote it.
  fs.mkdirSync(path.join(root, 'logs', 'dropbox'), { recursive: true });
  for (const [name, iso] of [['logs/logcat.txt', '2021-05-03T08:59:00.250Z'], ['logs/dropbox/system_server_crash@1620025200000.txt', '2021-05-03T07:00:00Z']]) {
    put(name, 'log\n');
    fs.utimesSync(path.join(root, name), new Date(iso), new Date(iso));
  }
  // A Samsung phone's system framework log: the cable plugged in, a device attached, a computer's ADB key allowed (times at UTC+2).
  fs.mkdirSync(path.join(root, 'samsung'), { recursive: true });
  put('samsung/sfslog.0.gz', zlib.gzipSync([
    '21-05-03 (GMT+02:00) 10:58:00.500 1234 I UsbDeviceManager: USB UEVENT: {SUBSYSTEM=android_usb, SEQNUM=4512, ACTION=change, DEVPATH=/devices/virtual/android_usb/android0, USB_STATE=CONFIGURED}',
    '21-05-03 (GMT+02:00) 10:58:01.000 1234 I UsbHostManager: USB device attached: vidpid 18d1:4ee7 mfg/product/ver/serial Google/Pixel/0.1/ABC123 hasAudio/HID/Storage: false/false/true',
    `21-05-03 (GMT+02:00) 10:58:12.345 1234 I AdbDebuggingManager: Logging key ${P.adbOtherKey}, state = 2, alwaysAllow = true, lastConnectionTime = 1620032292000, authWindow = 604800000`,
    '21-02-30 (GMT+02:00) 10:58:13.000 1234 I UsbDeviceManager: USB UEVENT: {USB_STATE=DISCONNECTED}',
    '21-05-03 (GMT+02:00) 10:58:14.000 1234 I ActivityManager: Start proc 4242:com.example/u0a123',
  ].join('\r\n') + '\r\n'));
  // AndroidQF's account of the acquisition, naming the computer it was made with.
  put('acquisition.json', JSON.stringify({ uuid: 'b6a4c4d0-5b1e-4c8e-9a51-0d5f7c1e2a10', started: '2021-05-03T09:00:00Z', adb_host_public_key: P.adbHostKey }, null, 1));
  // AndroidQF takes a bugreport (with its crash reports) as well as dumpsys.txt.
  writeZip(path.join(root, 'bugreport.zip'), [{ name: 'main_entry.txt', data: 'bugreport-redfin-RQ2A.210305.006-2021-05-03-09-00-00.txt' }, { name: 'bugreport-redfin-RQ2A.210305.006-2021-05-03-09-00-00.txt', data: dumpstateText() }, ...bugreportFiles()]);
  if (!o.dumpsysOnlyInBugreport) put('dumpsys.txt', dumpstateText());
  return root;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A zip of deflated entries; sizes can be forged on purpose, as a hostile archive would. */
// Every entry's time, as MS-DOS fields: 2021-05-03 09:00:00, the bugreport's.
const DOS_DATE = ((2021 - 1980) << 9) | (5 << 5) | 3;
const DOS_TIME = 9 << 11;

/** A text tombstone as debuggerd writes it (the lines MVT reads, and some it passes over). */
export function tombstoneText(o: { pid: number; name: string; binary: string; uid: number; signal: string; time: string; cause?: string }): string {
  return [
    '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
    "Build fingerprint: 'google/redfin/redfin:11/RQ2A.210305.006/7119741:user/release-keys'",
    "Revision: 'MP1.0'",
    "ABI: 'arm64'",
    `Timestamp: ${o.time}`,
    'Process uptime: 40s',
    `Cmdline: ${o.binary}`,
    `pid: ${o.pid}, tid: ${o.pid + 8}, name: ${o.name}  >>> ${o.binary} <<<`,
    `uid: ${o.uid}`,
    o.signal,
    ...(o.cause ? [`Cause: ${o.cause}`] : []),
    '    x0  0000000000000000  x1  0000007fe1c3d8a0  x2  0000000000000010  x3  0000000000000000',
    '',
    'backtrace:',
    '      #00 pc 000000000004f0c4  /apex/com.android.runtime/lib64/bionic/libc.so (strlen+4)',
    `pid: ${o.pid}, tid: ${o.pid + 9}, name: binder:${o.pid}_1  >>> ${o.binary} <<<`,
  ].join('\n') + '\n';
}

/**
 * A protobuf tombstone (tombstone.proto): a loader under /data/local/tmp crashing as the shell user.
 * `time`: the time it says it was written; null leaves the field out.
 */
export function tombstonePb(time: string | null = '2021-05-03 08:15:00.123456789+0200'): Buffer {
  const thread = (id: bigint, name: string) => message([[1, id], [2, message([[1, id], [2, name]])]]);
  return message([
    [1, 1n], [2, 'google/redfin/redfin:11/RQ2A.210305.006/7119741:user/release-keys'], [3, 'MP1.0'], ...(time === null ? [] : [[4, time] as [number, string]]),
    [5, 3100n], [6, 3107n], [7, 2000n], [8, 'u:r:shell:s0'], [9, '/data/local/tmp/.x/loader'], [9, '--quiet'], [20, 12n],
    [10, message([[1, 11n], [2, 'SIGSEGV'], [3, 1n], [4, 'SEGV_MAPERR']])],
    [15, message([[1, 'null pointer dereference']])],
    [16, thread(3100n, 'main')], [16, thread(3107n, 'loader')],
  ]);
}

/** MS-DOS time and date fields of a time's UTC fields (two-second steps, as zip stores them). */
function dosFields(t: Date): [time: number, date: number] {
  return [(t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1), ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate()];
}

/**
 * `mode`: the entry's Unix mode, as zip on Unix records it (a link is 0o120777, its data the
 * target). `time`: the entry's time (UTC fields), else the bugreport's.
 */
export function writeZip(file: string, entries: { name: string; data: string | Buffer; claimSize?: number; mode?: number; time?: Date }[]): string {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data);
    const comp = zlib.deflateRawSync(data);
    const name = Buffer.from(e.name);
    const size = e.claimSize ?? data.length;
    const [dosTime, dosDate] = e.time ? dosFields(e.time) : [DOS_TIME, DOS_DATE];
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt16LE(dosTime, 10);
    lh.writeUInt16LE(dosDate, 12);
    lh.writeUInt32LE(crc32(data), 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    // Made on Unix (3) when a mode is given, so readers take the high half of the attributes as one.
    ch.writeUInt16LE(e.mode === undefined ? 20 : (3 << 8) | 20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt16LE(dosTime, 12);
    ch.writeUInt16LE(dosDate, 14);
    ch.writeUInt32LE(crc32(data), 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    if (e.mode !== undefined) ch.writeUInt32LE((e.mode << 16) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, dir, end]));
  return file;
}

/** A folder zipped as AndroidQF collections are handed over: its files under one folder, `top`, each with its modification time. */
export function zipFolder(dir: string, file: string, top = path.basename(dir)): string {
  const entries: { name: string; data: Buffer; time: Date }[] = [];
  const walk = (at: string) => {
    for (const e of fs.readdirSync(path.join(dir, at), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = at ? `${at}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else entries.push({ name: `${top}/${rel}`, data: fs.readFileSync(path.join(dir, rel)), time: fs.statSync(path.join(dir, rel)).mtime });
    }
  };
  walk('');
  return writeZip(file, entries);
}

/** A bugreport's crash reports: the planted process, running as root; system_server; and a protobuf tombstone. */
function bugreportTombstones(): { name: string; data: string | Buffer }[] {
  return [
    { name: 'FS/data/tombstones/tombstone_00', data: tombstoneText({ pid: 4242, name: ANDROID_PLANTED.process, binary: `/system/bin/${ANDROID_PLANTED.process}`, uid: 0, signal: 'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0', time: '2021-05-03 07:41:02.054123456+0200', cause: 'null pointer dereference' }) },
    { name: 'FS/data/tombstones/tombstone_01', data: tombstoneText({ pid: 1500, name: 'system_server', binary: 'system_server', uid: 1000, signal: 'signal 6 (SIGABRT), code -1 (SI_QUEUE), fault addr --------', time: '2021-05-02 21:00:00.500000000+0000' }) },
    { name: 'FS/data/tombstones/tombstone_02.pb', data: tombstonePb() },
  ];
}

/** What a bugreport copies from the phone under FS/: its crash reports and processes' mountinfo (a thread's too, which is not read). */
const bugreportFiles = (): { name: string; data: string | Buffer }[] => [
  ...bugreportTombstones(),
  { name: 'FS/proc/1/mountinfo', data: MOUNTINFO.init.join('\n') + '\n' },
  { name: 'FS/proc/2345/mountinfo', data: MOUNTINFO.app.join('\n') + '\n' },
  { name: 'FS/proc/2345/task/2346/mountinfo', data: MOUNTINFO.app.join('\n') + '\n' },
];

/**
 * Two processes' mountinfo, mostly the same namespace: /vendor writable (HIGH, and its "rw" MEDIUM),
 * /product with noatime (stock: nothing), a read-only bind of a writable filesystem under /system
 * (not writable: nothing), a tmpfs mounted inside Predator's folder (its path CRITICAL), and a
 * mount point with an escaped space.
 */
export const MOUNTINFO = {
  init: ['22 1 253:5 / / ro,relatime shared:1 - ext4 /dev/block/dm-5 ro,seclabel', '23 22 0:6 / /dev rw,nosuid,relatime shared:2 - tmpfs tmpfs rw,seclabel,size=3868424k,mode=755',
    '30 22 253:7 / /vendor rw,relatime shared:6 - ext4 /dev/block/dm-7 rw,seclabel', '31 22 253:8 / /product ro,noatime shared:7 - ext4 /dev/block/dm-8 ro,seclabel',
    '40 22 253:40 /app /system/app ro,nosuid,nodev,relatime - ext4 /dev/block/dm-40 rw,seclabel', 'not a mount line'],
  app: ['22 1 253:5 / / ro,relatime shared:1 - ext4 /dev/block/dm-5 ro,seclabel', '30 22 253:7 / /vendor rw,relatime shared:6 - ext4 /dev/block/dm-7 rw,seclabel',
    '55 23 0:41 / /data/local/tmp/wd/fs rw,nosuid - tmpfs tmpfs rw', '56 23 0:42 / /mnt/my\\040files rw master:3 - fuse /dev/fuse rw,user_id=0'],
};

export function buildBugreport(file: string): string {
  return writeZip(file, [
    { name: 'version.txt', data: '2.0' },
    { name: 'main_entry.txt', data: 'bugreport-redfin-2021-05-03-09-00-00.txt' },
    { name: 'bugreport-redfin-2021-05-03-09-00-00.txt', data: dumpstateText() },
    ...bugreportFiles(),
    { name: '../../escape.txt', data: 'outside' },
  ]);
}
