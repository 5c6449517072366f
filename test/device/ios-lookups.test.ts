// The identity services' lookup cache, the global preferences and Chrome's favicons (backups and
// dumps), and the dump-only modules (every entry of the dump, WebKit's origin folders, Safari's
// favicons): MVT's records, rows and levels, Python's os.walk order and st_mtime text, and
// check-iocs over their saved results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backupSource, fsSource, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { idStatusEntries } from '../../src/device/modules/ios-identity.ts';
import { walkDump } from '../../src/device/modules/fs-dump.ts';
import { buildBackup, buildFsDump, chromeTime, PLANTED } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { PEGASUS_STIX, tempDir, writeTemp } from '../helpers/fixtures.ts';
import { only } from '../helpers/device.ts';
import { python } from '../helpers/python.ts';

const pegasus = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);

/** A STIX bundle naming one phone number as an attacker's account. */
function numberStix(dir: string, number: string): string {
  const at = '2024-01-01T00:00:00Z';
  return writeTemp(dir, 'number.stix2', JSON.stringify({
    type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001',
    objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--00000000-0000-4000-8000-000000000001', created: at, modified: at, pattern: `[user-account:account_login = '${number}']`, pattern_type: 'stix', valid_from: at, name: 'caller' }],
  }));
}

describe('id_status_cache', () => {
  it('gives MVT\'s record per lookup, counted over services, and skips entries without status or time', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('id_status_cache'), pegasus, out);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'id_status_cache.json'), 'utf8'));
    assert.deepEqual(json, [
      { package: 'com.apple.madrid', user: 'mailto:friend@example.org', isodate: '2021-04-20 12:00:00.000000', idstatus: 1, occurrences: 1 },
      { package: 'com.apple.madrid', user: `mailto:${PLANTED.lookupEmail}`, isodate: '2021-05-03 07:09:00.000000', idstatus: 2, occurrences: 1 },
      { package: 'com.apple.madrid', user: 'tel:+15555550123', isodate: '2021-04-21 09:30:00.000000', idstatus: 1, occurrences: 2 },
      { package: 'com.apple.private.alloy.facetime.multi', user: 'tel:+15555550123', isodate: '2021-04-21 09:31:00.000000', idstatus: 1, occurrences: 2 },
    ]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.event.user, a.event_time]), [['CRITICAL', `mailto:${PLANTED.lookupEmail}`, '2021-05-03 07:09:00.000000']]);
    const rows = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').split('\r\n').filter((l) => l.includes('IDStatusCache'));
    assert.equal(rows[0], '"2021-04-20 12:00:00.000000","IDStatusCache","lookup","Lookup of mailto:friend@example.org within com.apple.madrid (Status 1)"');
    assert.equal(rows.length, 4);
  });

  it('reads both of a dump\'s places, checks numbers against account indicators, and flags NUL-stuffed addresses', async () => {
    const dump = buildFsDump(tempDir());
    fs.writeFileSync(path.join(dump, 'private/var/mobile/Library/Preferences/com.apple.identityservices.idstatuscache.plist'), `<?xml version="1.0"?><plist version="1.0"><dict>
      <key>com.apple.madrid</key><dict><key>mailto:a\u0000\u0000b@example.org</key><dict><key>IDStatus</key><integer>1</integer><key>LookupDate</key><real>642000000.5</real></dict></dict>
    </dict></plist>`);
    const index = new MatchIndex(recordsFromFiles([numberStix(tempDir(), '+15555550123')]).records);
    const r = await runDeviceCheck(fsSource(dump), only('id_status_cache'), index);
    assert.equal(r.modules[0].records, 5);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.event.user]).sort(), [
      ['CRITICAL', 'tel:+15555550123'], ['CRITICAL', 'tel:+15555550123'],
      ['HIGH', 'mailto:a\\x00\\x00b@example.org'],
    ].sort());
    assert.match(r.alerts.find((a) => a.level === 'HIGH')!.message, /^Found an ID Status Cache entry with suspicious patterns: mailto:a\\x00\\x00b@example\.org$/);
  });

  it('reads any shape of plist without throwing (fast-check)', () => {
    const value = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.date({ noInvalidDate: true }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }), fc.array(tie('v'), { maxLength: 3 })) })).v;
    fc.assert(fc.property(fc.dictionary(fc.string(), value, { maxKeys: 5 }), (plist) => {
      for (const e of idStatusEntries(plist)) assert.equal(typeof e.user, 'string');
    }), { numRuns: 300 });
  });
});

describe('global_preferences', () => {
  it('keeps every preference and says Lockdown Mode\'s state only where the phone stored it', async () => {
    const out = tempDir();
    const on = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('global_preferences'), pegasus, out);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, 'global_preferences.json'), 'utf8')), [
      { entry: 'AppleLanguages', value: ['en-GB', 'ar'] }, { entry: 'AppleLocale', value: 'en_GB' }, { entry: 'LDMGlobalEnabled', value: true },
    ]);
    assert.deepEqual(on.alerts.map((a) => [a.level, a.message]), [['INFORMATIONAL', 'Lockdown mode enabled']]);
    const off = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('global_preferences'), pegasus);
    assert.deepEqual(off.alerts.map((a) => [a.level, a.message]), [['LOW', 'Lockdown mode disabled']]);
    const dump = buildFsDump(tempDir());
    fs.writeFileSync(path.join(dump, 'private/var/mobile/Library/Preferences/.GlobalPreferences.plist'), '<?xml version="1.0"?><plist version="1.0"><dict><key>AppleLocale</key><string>fr_FR</string></dict></plist>');
    assert.deepEqual((await runDeviceCheck(fsSource(dump), only('global_preferences'), pegasus)).alerts, []);
    // A plist integer past 2^53 keeps every digit, as Python's plistlib and json give it.
    fs.writeFileSync(path.join(dump, 'private/var/mobile/Library/Preferences/.GlobalPreferences.plist'), '<?xml version="1.0"?><plist version="1.0"><dict><key>Big</key><integer>13264333200000001</integer></dict></plist>');
    const bigOut = tempDir();
    await runDeviceCheck(fsSource(dump), only('global_preferences'), pegasus, bigOut);
    assert.ok(fs.readFileSync(path.join(bigOut, 'global_preferences.json'), 'utf8').includes('"value": 13264333200000001'));
  });
});

describe('filesystem', () => {
  it('lists entries in os.walk\'s order with Python\'s st_mtime text, links listed and not followed', () => {
    const root = tempDir();
    for (const f of ['b/z.txt', 'b/a/deep.txt', 'a.txt', 'c/x/y/z', '.hidden']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    fs.mkdirSync(path.join(root, 'empty'));
    fs.utimesSync(path.join(root, 'a.txt'), 1620025970.123456, 1620025970.123456);
    const ours = [...walkDump(root)];
    const walked = JSON.parse(python(`
import json, os, sys, datetime
top = sys.argv[1]; out = []
for root, dirs, files in os.walk(top):
    dirs.sort(); files.sort()
    for n in dirs + files:
        p = os.path.join(root, n)
        out.append({"path": os.path.relpath(p, top), "modified": datetime.datetime.utcfromtimestamp(os.stat(p).st_mtime).strftime("%Y-%m-%d %H:%M:%S.%f")})
print(json.dumps(out))`, [root]));
    assert.deepEqual(ours, walked);
    assert.ok(ours.some((e) => e.path === 'a.txt' && e.modified!.startsWith('2021-05-03 07:12:50.1234')));
    fs.symlinkSync('/etc', path.join(root, 'escape'));
    const withLink = [...walkDump(root)].map((e) => e.path);
    assert.ok(withLink.includes('escape'));
    assert.ok(!withLink.some((p) => p.startsWith('escape/')));
  });

  it('refuses a folder that is not a dump instead of listing it as a checked phone', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'x');
    const r = await runDeviceCheck(fsSource(folder), only('filesystem'), pegasus);
    assert.equal(r.modules[0].error?.code, 'DEVICE_NOT_FOUND');
  });

  it('gives MVT\'s record and row for each entry, and check-iocs finds the same in the saved results', async () => {
    const out = tempDir();
    const first = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('filesystem', 'webkit_indexeddb', 'webkit_local_storage', 'webkit_safari_view_service'), pegasus, out);
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'filesystem.json'), 'utf8'));
    assert.ok(saved.some((e: { path: string }) => e.path === `private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}`));
    assert.deepEqual(Object.keys(saved[0]), ['path', 'modified']);
    assert.ok(fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').includes(`"Filesystem","entry_modified","private/var/mobile/Library/Preferences/${PLANTED.fileName}"`));
    const again = await recheckResults(out, pegasus);
    const key = (a: { module: string; level: string; matched_indicator: Record<string, unknown> | null }) => `${a.module}:${a.level}:${a.matched_indicator?.value}`;
    assert.deepEqual(again.alerts.map(key).sort(), first.alerts.map(key).sort());
    assert.equal(first.alerts.length, 5);
  });
});

describe('webkit origin folders', () => {
  it('reads each origin as MVT does: the folder, the URL before the first underscore, the folder\'s time', async () => {
    const out = tempDir();
    const dump = buildFsDump(tempDir());
    await runDeviceCheck(fsSource(dump), only('webkit_indexeddb', 'webkit_local_storage', 'webkit_safari_view_service'), pegasus, out);
    const read = (slug: string) => JSON.parse(fs.readFileSync(path.join(out, `${slug}.json`), 'utf8')) as { folder: string; url: string; isodate: string }[];
    const idb = read('webkit_indexeddb');
    assert.deepEqual(idb.map((r) => r.url), [`https://${PLANTED.indexedDbDomain}`, 'https://www.wikipedia.org']);
    assert.equal(idb[0].folder, 'private/var/mobile/Containers/Data/Application/0C6B7A61-3F7E-4C1B-9E0A-6B1D2F3A4C5D/Library/WebKit/WebsiteData/IndexedDB');
    assert.match(idb[0].isodate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(read('webkit_local_storage').map((r) => r.url), [`http://${PLANTED.localStorageDomain}`, 'https://news.example.com']);
    assert.deepEqual(read('webkit_safari_view_service').map((r) => r.url), ['https://www.example.org']);
    const rows = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8');
    assert.ok(rows.includes(`"WebkitIndexedDB","webkit_indexeddb","IndexedDB folder ${idb[0].folder} containing file for URL https://${PLANTED.indexedDbDomain}"`));
    assert.ok(rows.includes('"WebkitLocalStorage","webkit_local_storage","WebKit Local Storage folder '));
    assert.ok(!rows.includes('WebkitSafariViewService'));
  });
});

describe('favicon caches', () => {
  it('chrome_favicon: MVT\'s record, the last update or else the last request, the icon checked when the page is not', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('chrome_favicon'), pegasus, out);
    const text = fs.readFileSync(path.join(out, 'chrome_favicon.json'), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>[];
    const updated = chromeTime('2021-05-01T09:00:00.123Z') + 457n;
    assert.deepEqual(json.map((x) => [x.url, x.icon_url, x.isodate]), [
      ['https://news.example.com/', 'https://news.example.com/favicon.ico', '2021-05-01 09:00:00.123457'],
      ['https://parcel.example.net/track', `https://cdn.${PLANTED.chromeIconDomain}/i.ico`, '2021-05-03 07:12:40.000000'],
    ]);
    // Python's timedelta from 1601, on the same microseconds.
    assert.equal(python('import datetime,sys; print((datetime.datetime(1601,1,1) + datetime.timedelta(microseconds=int(sys.argv[1]))).strftime("%Y-%m-%d %H:%M:%S.%f"))', [String(updated)]).trim(), json[0].isodate);
    // The count itself, every digit (past 2^53: a double would end it in 6), as Python's json writes it.
    assert.ok(text.includes(`"timestamp": ${updated},`), 'chrome_favicon.json holds the exact count');
    assert.deepEqual(r.alerts.map((a) => [a.level, a.event_time, a.matched_indicator?.value]), [['CRITICAL', '2021-05-03 07:12:40.000000', PLANTED.chromeIconDomain]]);
    assert.ok(fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').includes(`"ChromeFavicon","new_favicon","https://cdn.${PLANTED.chromeIconDomain}/i.ico from https://parcel.example.net/track"`));
  });

  it('safari_favicon: kept and rejected icons of a dump in time order, with MVT\'s keys and rows', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('safari_favicon'), pegasus, out);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'safari_favicon.json'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(json.map((x) => Object.keys(x)), [0, 1].map(() => ['url', 'icon_url', 'timestamp', 'isodate', 'type', 'safari_favicon_db_path']));
    assert.deepEqual(json.map((x) => [x.type, x.isodate, x.safari_favicon_db_path]), [
      ['valid', '2021-04-30 18:00:00.000000', '/private/var/mobile/Library/Image Cache/Favicons/Favicons.db'],
      ['rejected', '2021-05-03 07:12:45.000000', '/private/var/mobile/Library/Image Cache/Favicons/Favicons.db'],
    ]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.event.url]), [['CRITICAL', `https://${PLANTED.safariIconPageDomain}/a/9`]]);
    assert.ok(fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').includes(`"SafariFavicon","safari_favicon","Safari favicon from https://${PLANTED.safariIconPageDomain}/a/9 with icon URL https://static.example.com/f.ico (rejected)"`));
  });
});
