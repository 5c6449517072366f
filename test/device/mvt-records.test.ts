// Records of the small iOS modules carry MVT's keys and values, so scripts written for MVT's
// <slug>.json keep working: calls, TCC in both of its schemas, Chrome's and Firefox's history,
// Safari's browser state, InteractionC.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { parseExactJson } from '../../src/core/index.ts';
import { backupSource, fsSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, chromeTime, PLANTED } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { newDbAt, readModuleJson } from '../helpers/device.ts';

const run = async (root: string, slug: string) => runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === slug), new MatchIndex([]));
const recordsOf = async (root: string, slug: string) => {
  const out = tempDir();
  await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === slug), new MatchIndex([]), out);
  return readModuleJson(out, slug) as Record<string, unknown>[];
};

describe('device records with MVT\'s keys', () => {
  it('calls: isodate, duration, location, number, provider', async () => {
    const root = buildBackup(tempDir());
    const [first] = await recordsOf(root, 'calls');
    for (const key of ['isodate', 'duration', 'location', 'number', 'provider']) assert.ok(key in first, key);
    assert.deepEqual([first.number, first.location, first.duration, first.provider], ['+525598765432', 'Mexico', 62, 'com.apple.Telephony']);
    const r = await run(root, 'calls');
    // ZDURATION is a FLOAT column: Python's float, which MVT writes 62.0 in its JSON and its text.
    assert.equal(r.timeline[0].data, 'To +525598765432 using com.apple.Telephony during 62.0 seconds');
    assert.equal(r.timeline[0].event, 'call');
  });

  it('tcc on iOS 14 and later: named auth_value, auth_reason_desc and client_type, last_modified; MVT\'s AccessRequest row', async () => {
    const root = buildBackup(tempDir());
    const records = await recordsOf(root, 'tcc');
    const mic = records.find((x) => x.client === PLANTED.tccClient)!;
    assert.deepEqual(
      { service: mic.service, client_type: mic.client_type, auth_value: mic.auth_value, auth_reason_desc: mic.auth_reason_desc, last_modified: mic.last_modified },
      { service: 'kTCCServiceMicrophone', client_type: 'bundle_id', auth_value: 'allowed', auth_reason_desc: 'user_consent', last_modified: '2021-05-03 08:20:00.000000' },
    );
    const r = await run(root, 'tcc');
    assert.ok(r.timeline.some((t) => t.event === 'AccessRequest' && t.data === `Access to kTCCServiceMicrophone by ${PLANTED.tccClient} allowed`));
  });

  it('tcc before iOS 14: allowed_value and prompt_count', async () => {
    const root = buildBackup(tempDir());
    const db = new Database(backupSource(root).file('Library/TCC/TCC.db', 'HomeDomain')!);
    db.exec("DROP TABLE access; CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, allowed INTEGER, prompt_count INTEGER, last_modified INTEGER); INSERT INTO access VALUES ('kTCCServiceCamera', '/usr/bin/helper', 1, 1, 3, 1619800000)");
    db.close();
    const [old] = await recordsOf(root, 'tcc');
    assert.deepEqual(
      { client_type: old.client_type, allowed_value: old.allowed_value, prompt_count: old.prompt_count, last_modified: old.last_modified, has_auth_value: 'auth_value' in old },
      { client_type: 'absolute_path', allowed_value: 'allowed', prompt_count: 3, last_modified: '2021-04-30 16:26:40.000000', has_auth_value: false },
    );
  });
});

describe('device browser records with MVT\'s keys', () => {
  it('chrome_history: id, url, visit_id, timestamp, isodate, redirect_source; MVT\'s visit row', async () => {
    const root = buildBackup(tempDir());
    const [first] = await recordsOf(root, 'chrome_history');
    assert.deepEqual(Object.keys(first), ['id', 'url', 'visit_id', 'timestamp', 'isodate', 'redirect_source', 'title']);
    assert.deepEqual([first.url, first.isodate], ['https://www.example.com/', '2021-05-01 09:00:00.000001']);
    const r = await run(root, 'chrome_history');
    assert.equal(r.timeline[0].data, `1 - https://www.example.com/ (visit ID: ${first.visit_id}, redirect source: null)`);
  });

  it('chrome_history: Chrome\'s microseconds since 1601 (past 2^53) keep every digit in the JSON, the alerts and check-iocs', async () => {
    const root = buildBackup(tempDir());
    const out = tempDir();
    const pegasus = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'chrome_history'), pegasus, out);
    // The fixture's first visit is one microsecond past the second (an odd count a double rounds to even).
    const first = chromeTime('2021-05-01T09:00:00Z') + 1n;
    assert.ok(first > BigInt(Number.MAX_SAFE_INTEGER));
    const text = fs.readFileSync(path.join(out, 'chrome_history.json'), 'utf8');
    assert.ok(text.includes(`"timestamp":${first},`), 'chrome_history.json holds the exact count');
    assert.equal((parseExactJson(text) as { timestamp: unknown }[])[0].timestamp, first);
    // The alert's event (the visit to the Pegasus domain) too, as MVT's alerts.json and CSV give it.
    const planted = r.alerts.find((a) => a.module === 'chrome_history')!;
    const stamp = (planted.event as { timestamp: unknown }).timestamp;
    assert.equal(typeof stamp, 'bigint');
    assert.ok(fs.readFileSync(path.join(out, 'alerts.json'), 'utf8').includes(`"timestamp": ${stamp},`));
    assert.ok(fs.readFileSync(path.join(out, 'alerts_timeline.csv'), 'utf8').includes(`""timestamp"":${stamp},`));
    // check-iocs reads the saved file back without losing a digit.
    const again = recheckResults(out, pegasus).alerts.filter((a) => a.module === 'chrome_history');
    assert.deepEqual(again.map((a) => a.event), [planted.event]);
  });

  it('firefox_history: Firefox for iOS\'s browser.db as MVT reads it, and Gecko\'s places.sqlite', async () => {
    const [visit] = await recordsOf(buildBackup(tempDir()), 'firefox_history');
    assert.deepEqual(visit, { id: 1, isodate: '2021-05-01 08:00:00.000000', url: 'https://www.mozilla.org/', title: 'Mozilla', is_local: 1, type: 1 });

    const dump = tempDir();
    const db = newDbAt(path.join(dump, 'private/var/mobile/Containers/Data/Application/0C2B/Library/Application Support/Firefox/places.sqlite'));
    db.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT); CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INTEGER, visit_date INTEGER); INSERT INTO moz_places VALUES (7, 'https://example.net/x', 'X'); INSERT INTO moz_historyvisits VALUES (3, 7, 1620000000000000)");
    db.close();
    const r = await runDeviceCheck(fsSource(dump), MODULES.filter((m) => m.slug === 'firefox_history'), new MatchIndex([]));
    assert.deepEqual(r.timeline.map((t) => [t.timestamp, t.event, t.data]), [['2021-05-03 00:00:00.000000', 'firefox_history', 'Firefox visit with ID 3 to URL: https://example.net/x']]);
  });
});

describe('device Safari browser state with MVT\'s keys', () => {
  it('gives each session entry its data_length, and reads tabs that keep their session themselves (before iOS 12)', async () => {
    const root = buildBackup(tempDir());
    const tabs = await recordsOf(root, 'safari_browser_state');
    const parcel = tabs.find((t) => t.tab_title === 'Track parcel')!;
    assert.deepEqual(Object.keys(parcel), ['tab_title', 'tab_url', 'tab_visible_url', 'last_viewed_timestamp', 'session_data', 'safari_browser_state_db']);
    assert.deepEqual((parcel.session_data as { data_length: number }[]).map((e) => e.data_length), ['https://parcel.example.net/'.length * 4, `https://${PLANTED.browserStateDomain}/r/77`.length * 4]);

    const file = backupSource(root).file('Library/Safari/BrowserState.db', 'AppDomain-com.apple.mobilesafari')!;
    const db = new Database(file);
    db.exec('ALTER TABLE tabs ADD COLUMN session_data BLOB; UPDATE tabs SET session_data = (SELECT session_data FROM tab_sessions WHERE tab_uuid = tabs.uuid); DROP TABLE tab_sessions');
    db.close();
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'safari_browser_state'), new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records));
    assert.equal(r.modules[0].error, undefined);
    assert.deepEqual(r.alerts.map((a) => a.matched_indicator?.value), [PLANTED.browserStateDomain]);
  });
});

describe('device InteractionC with MVT\'s fields', () => {
  const pegasus = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);

  it('joins sender, recipient and attachment; times as ISO; one timeline row per distinct time', async () => {
    const root = buildBackup(tempDir());
    const records = await recordsOf(root, 'interaction_c');
    const first = records.find((x) => x.table_id === 1)!;
    for (const key of ['target_bundle_id', 'sender_personid', 'recipient_display_name', 'recipient_identifier', 'recipient_count', 'domain_identifier', 'is_response', 'content', 'uti', 'attachment_content_url', 'size', 'photo_local_id', 'attachment_id', 'cloud_id', 'incoming_sender_count', 'contacts_creation_date', 'last_incoming_sender_date', 'custom_id', 'location_uuid', 'group_name', 'derivied_intent_id']) assert.ok(key in first, key);
    assert.deepEqual(
      [first.direction, first.sender_display_name, first.recipient_display_name, first.content, first.uti, first.attachment_id, first.size, first.start_date, first.contacts_creation_date],
      ['INCOMING', 'Friend', 'Owner', 'photo of the menu', 'public.jpeg', '0A0B0C', 201000, '2021-05-01 18:00:00.000000', '2021-01-10 10:00:00.000000'],
    );
    const r = await run(root, 'interaction_c');
    const rows = r.timeline.filter((t) => t.data.endsWith('photo of the menu'));
    // The creation time equals the end time: one row for both.
    assert.deepEqual(rows.map((t) => t.event).sort(), ['contacts_creation_date', 'end_date', 'last_incoming_sender_date', 'start_date']);
    assert.equal(rows[0].data, '[com.apple.MobileSMS] e:me@example.org - from Friend (friend@example.org) to Owner (me@example.org): photo of the menu');
  });

  it('finds a link in an attachment\'s text, and reads a database without the attachment and recipient tables', async () => {
    const domain = pegasus.valuesOf('domain')[3].value;
    const root = buildBackup(tempDir());
    const file = backupSource(root).file('Library/CoreDuet/People/interactionC.db', 'HomeDomain')!;
    let db = new Database(file);
    db.prepare('UPDATE ZATTACHMENT SET ZCONTENTTEXT = ? WHERE Z_PK = 1').run(`look https://${domain}/p`);
    db.close();
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'interaction_c'), pegasus);
    assert.ok(r.alerts.some((a) => a.matched_indicator?.value === domain && (a.event as { table_id: number }).table_id === 1));

    db = new Database(file);
    db.exec('DROP TABLE Z_1INTERACTIONS; DROP TABLE Z_2INTERACTIONRECIPIENT; DROP TABLE ZATTACHMENT');
    db.close();
    const older = await recordsOf(root, 'interaction_c');
    assert.equal(older.length, 2);
    assert.deepEqual([older[0].content, older[0].recipient_display_name, older[0].sender_display_name], [null, null, 'Friend']);
  });
});
