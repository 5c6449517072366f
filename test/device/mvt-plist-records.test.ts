// Modules that keep property lists whole, and the Manifest, give MVT's records: configuration
// profiles, applications, locationd clients, profile events, the session resource log (MVT's
// dictionary of logs), Shortcuts, the Manifest with its MACB timeline, and shutdown.log. Values JSON cannot hold
// are written as MVT's encoder writes them, which Python itself checks here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backupSource, fsSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { pythonBytesText, pythonDateText } from '../../src/device/python-values.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, buildFsDump, PLANTED } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const check = async (root: string, slug: string) => {
  const out = tempDir();
  const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === slug), index, out);
  return { ...r, out, json: JSON.parse(fs.readFileSync(path.join(out, `${slug}.json`), 'utf8')) };
};

describe('values as MVT\'s JSON encoder writes them', () => {
  it('decodes bytes as Python\'s backslashreplace does, valid UTF-8 or not', () => {
    const samples = [...fc.sample(fc.uint8Array({ maxLength: 24 }), 400), ...fc.sample(fc.string({ unit: 'binary' }), 200).map((s) => new Uint8Array(Buffer.from(s)))];
    samples.push(new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xf4, 0x90, 0x80, 0x80]), new Uint8Array([0xe2, 0x82]), new Uint8Array([0xc0, 0xaf]));
    const hex = samples.map((b) => Buffer.from(b).toString('hex'));
    const expected = JSON.parse(python('import json,sys; print(json.dumps([bytes.fromhex(h).decode("utf-8", errors="backslashreplace") for h in json.load(sys.stdin)]))', [], JSON.stringify(hex))) as string[];
    hex.forEach((h, i) => assert.equal(pythonBytesText(Buffer.from(h, 'hex')), expected[i], h));
  });

  it('writes a date as Python\'s str() of a datetime', () => {
    assert.equal(pythonDateText(new Date('2021-05-03T07:30:00Z')), '2021-05-03 07:30:00');
    assert.equal(pythonDateText(new Date('2021-05-03T07:30:00.250Z')), '2021-05-03 07:30:00.250000');
  });
});

describe('plist records with MVT\'s keys', () => {
  it('configuration_profiles: file, domain, the whole plist with binary keys in base64, install_date; MVT\'s row', async () => {
    const root = buildBackup(tempDir());
    const r = await check(root, 'configuration_profiles');
    const vpn = (r.json as Record<string, any>[]).find((x) => x.plist.PayloadUUID === '76DAB334-7E17-475D-A5D6-0794EB5818A5')!;
    assert.deepEqual(Object.keys(vpn), ['file_id', 'relative_path', 'domain', 'plist', 'install_date']);
    assert.equal(vpn.relative_path, 'Library/ConfigurationProfiles/profile-0f1e2d.stub');
    assert.equal(vpn.domain, 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles');
    assert.match(vpn.file_id, /^[0-9a-f]{40}$/);
    assert.equal(vpn.install_date, '2021-05-03 07:30:00.000000');
    assert.deepEqual(vpn.plist.SignerCerts, ['MIIBszCCAVmgAwIBAgIUYQ==']);
    assert.equal(vpn.plist.PayloadContent[0].PERSISTENT_REF, 'AAECAw==');
    assert.equal(vpn.plist.InstallDate, '2021-05-03 07:30:00');
    assert.deepEqual(r.alerts.map((a) => a.level), ['CRITICAL']);
    assert.ok(r.timeline.some((t) => t.event === 'configuration_profile_install' && t.data === 'Configuration installed: 76DAB334-7E17-475D-A5D6-0794EB5818A5 - Profile & settings: Settings for com.example.vpn'));
  });

  it('configuration_profiles: a profile that manages notification settings is MEDIUM', async () => {
    const root = buildBackup(tempDir());
    const stub = backupSource(root).file('Library/ConfigurationProfiles/profile-1a2b3c.stub', 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles')!;
    fs.writeFileSync(stub, fs.readFileSync(stub, 'utf8').replace('com.apple.mdm', 'com.apple.notificationsettings'));
    const r = await check(root, 'configuration_profiles');
    assert.deepEqual(r.alerts.map((a) => a.level).sort(), ['CRITICAL', 'MEDIUM']);
    assert.match(r.alerts.find((a) => a.level === 'MEDIUM')!.message, /manages notification settings/);
  });

  it('applications: the app\'s name, its whole iTunesMetadata, isodate and the placeholder icon\'s hash', async () => {
    const r = await check(buildBackup(tempDir()), 'applications');
    const side = (r.json as Record<string, any>[]).find((x) => x.name === PLANTED.sideloadedApp)!;
    assert.equal(Object.keys(side)[0], 'name');
    assert.equal(side.genre, 'Social Networking');
    assert.deepEqual(side['com.apple.iTunesStore.downloadInfo'].accountInfo, { DSPersonID: 12345, AppleID: 'owner@example.org' });
    assert.equal(side.isodate, '2021-04-20 10:00:00.000000');
    assert.match(side.icon_sha256, /^[0-9a-f]{64}$/);
    assert.ok(!('icon_sha256' in (r.json as Record<string, any>[]).find((x) => x.name === 'net.whatsapp.WhatsApp')!));
    assert.ok(r.timeline.some((t) => t.data === `App ${PLANTED.sideloadedApp} version 1.0 from Example installed from com.example.installer`));
  });

  it('locationd_clients: each client\'s whole entry, its times as MVT writes them, the token in base64, then package', async () => {
    const r = await check(buildBackup(tempDir()), 'locationd_clients');
    const maps = (r.json as Record<string, any>[]).find((x) => x.package === 'com.apple.Maps')!;
    assert.deepEqual(Object.keys(maps), ['BundleId', 'LocationTimeStopped', 'Authorization', 'ClientStorageToken', 'Whitelisted', 'Accuracy', 'package']);
    assert.equal(maps.LocationTimeStopped, '2021-05-02 08:00:00.000000');
    assert.equal(maps.ClientStorageToken, Buffer.from([0x01, 0xfe, 0x42]).toString('base64'));
    assert.deepEqual(maps.Accuracy, { Precise: true });
    // The migration counter is not a client.
    assert.ok(!(r.json as Record<string, any>[]).some((x) => x.package === 'MigrationVersion'));
  });

  it('profile_events: every key of the event, lower-cased; LOW for each operation and CRITICAL for a known profile', async () => {
    const r = await check(buildBackup(tempDir()), 'profile_events');
    assert.deepEqual(r.json[0], { profile_id: 'com.employer.mdm', timestamp: '2021-01-10 09:00:00.000000', operation: 'install', process: 'Preferences' });
    assert.deepEqual(r.alerts.map((a) => a.level).sort(), ['CRITICAL', 'LOW', 'LOW']);
    assert.ok(r.alerts.some((a) => a.message === 'On 2021-01-10 09:00:00.000000 process "Preferences" started operation "install" of profile "com.employer.mdm"'));
  });

  it('webkit_session_resource_log: MVT\'s dictionary of logs with the raw redirect lists, read back by check-iocs', async () => {
    const root = buildBackup(tempDir());
    const r = await check(root, 'webkit_session_resource_log');
    const [log, ...others] = Object.keys(r.json);
    assert.deepEqual(others, []);
    assert.equal(log, backupSource(root).file('Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist', 'HomeDomain'));
    const entry = r.json[log].find((e: Record<string, unknown>) => e.origin === 'link-shortener.example');
    assert.deepEqual(Object.keys(entry), ['origin', 'redirect_source', 'redirect_destination', 'subframe_under_origin', 'subresource_under_origin', 'user_interaction', 'most_recent_interaction', 'last_seen']);
    assert.deepEqual(entry.redirect_destination, [{ origin: PLANTED.redirectDomain }]);
    assert.equal(entry.subframe_under_origin, '');
    assert.equal(entry.last_seen, '2021-05-03 07:12:05.000000');
    assert.match(r.alerts[0].message, new RegExp(`ORIGIN: "link-shortener.example" -> DESTINATION: "${PLANTED.redirectDomain}"`));
    assert.equal(recheckResults(r.out, index).alerts.length, r.alerts.length);
  });

  it('shortcuts: MVT\'s keys in its order, and both rows naming the URLs', async () => {
    const r = await check(buildBackup(tempDir()), 'shortcuts');
    assert.deepEqual(Object.keys(r.json[0]), ['shortcut_id', 'shortcut_name', 'modified_date', 'description', 'parsed_actions', 'action_urls', 'isodate']);
    const rows = r.timeline.filter((t) => t.data.startsWith("iOS Shortcut 'Update'"));
    assert.deepEqual(rows.map((t) => [t.event, t.data]), [
      ['shortcut_created', `iOS Shortcut 'Update': Open URL - URLs in actions: https://${PLANTED.shortcutDomain}/u`],
      ['shortcut_modified', `iOS Shortcut 'Update': Open URL - URLs in actions: https://${PLANTED.shortcutDomain}/u`],
    ]);
  });

  it('manifest: MVT\'s file record (times, mode, owner, size) and a MACB row per distinct time', async () => {
    const r = await check(buildBackup(tempDir(), { triangle: true }), 'manifest');
    const gif = (r.json as Record<string, any>[]).find((x) => x.relative_path === 'Library/SMS/Attachments/ab/11/IMG_4411.gif')!;
    assert.deepEqual(Object.keys(gif), ['file_id', 'domain', 'relative_path', 'flags', 'created', 'modified', 'status_changed', 'mode', 'owner', 'size']);
    assert.deepEqual([gif.created, gif.modified, gif.status_changed, gif.mode, gif.owner], ['2021-05-03 07:12:50.000000', '2021-05-03 07:12:50.000000', '2021-05-03 07:12:51.000000', '0o100644', 501]);
    const rows = r.timeline.filter((t) => t.data === 'Library/SMS/Attachments/ab/11/IMG_4411.gif - MediaDomain');
    assert.deepEqual(rows.map((t) => [t.timestamp, t.event]).sort(), [['2021-05-03 07:12:50.000000', 'M--B'], ['2021-05-03 07:12:51.000000', '--C-']]);
  });
});

describe('shutdown.log records as MVT reads them', () => {
  it('one record per listing, with the wait so far and how many waits; MVT\'s row', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(buildFsDump(tempDir())), MODULES.filter((m) => m.slug === 'shutdown_log'), index, out);
    const records = r.modules[0].records;
    assert.equal(records, 4);
    const rows = r.timeline.map((t) => [t.timestamp, t.data]);
    assert.deepEqual(rows[0], ['2021-04-27 05:06:40.000000', 'Client /usr/libexec/locationd with PID 101 was running when the device was shut down']);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'shutdown_log.json'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(json.map((x) => [x.pid, x.delay, x.times_delayed]), [['101', 0, 0], ['202', 0.52, 1], ['303', 2.3600000000000003, 2], ['404', 5.460000000000001, 3]]);
    assert.deepEqual(Object.keys(json[0]), ['isodate', 'pid', 'client', 'delay', 'times_delayed']);
  });
});
