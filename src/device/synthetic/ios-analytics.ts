// Synthetic records iOS keeps about itself, for the dump-only modules: analytics databases under
// Keychains (iOS's tables, each record a property list naming the build it was made on, one naming
// a Pegasus process), analyticsd's journals (their header line), and two apps' URL caches (one
// Cache.db with a response from a Pegasus domain, one of another kind without responses); and the
// files a sysdiagnose describes its device in. Identifiers are invented.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bplist } from './bplist-write.ts';
import { fileIn, makeDb } from './fixture-db.ts';
import { PLANTED } from './planted.ts';

const ANALYTICS_SCHEMA = ['hard_failures', 'soft_failures', 'all_events'].map((t) => `CREATE TABLE ${t} (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB)`).join('; ');
const unix = (iso: string) => Date.parse(iso) / 1000;

/** Writes the analytics databases, journals and URL caches into a dump. */
export function writeDumpAnalytics(root: string): void {
  const put = fileIn(root);
  makeDb(put('private/var/Keychains/Analytics/ckks_analytics.db'), ANALYTICS_SCHEMA, (db) => {
    const hard = db.prepare('INSERT INTO hard_failures (timestamp, data) VALUES (?, ?)');
    hard.run(unix('2021-04-01T10:00:00.5Z'), bplist({ build: '18D70', product: 'iPhone OS', modelid: 'iPhone12,1', errorDomain: 'CKKSErrorDomain', errorCode: 12 }));
    hard.run(unix('2021-05-03T07:13:10Z'), bplist({ build: '18E199', product: 'iPhone OS', process: PLANTED.analyticsProcess, errorCode: 3 }));
    // A record with a time and no data, one with data and no time.
    db.prepare('INSERT INTO soft_failures (timestamp, data) VALUES (?, NULL), (NULL, ?)').run(unix('2021-04-15T08:00:00Z'), bplist({ build: '18E199', note: 'no time' }));
    const event = db.prepare('INSERT INTO all_events (timestamp, data) VALUES (?, ?)');
    event.run(unix('2021-04-28T09:20:00Z'), bplist({ build: '18E199', product: 'iPhone OS', eventType: 'launch' }));
    // The same record twice: MVT's UNION keeps it once.
    event.run(unix('2021-04-28T09:20:00Z'), bplist({ build: '18E199', product: 'iPhone OS', eventType: 'launch' }));
  });
  // A database of an iOS without all_events.
  makeDb(put('private/var/Keychains/Analytics/sos_analytics.db'), 'CREATE TABLE hard_failures (id INTEGER PRIMARY KEY, timestamp REAL, data BLOB); CREATE TABLE soft_failures (id INTEGER PRIMARY KEY, timestamp REAL, data BLOB)', (db) => {
    db.prepare('INSERT INTO soft_failures (timestamp, data) VALUES (?, ?)').run(unix('2021-05-02T12:00:00Z'), bplist({ build: '18E212', product: 'iPhone OS', modelid: 'iPhone12,1', lastSeen: new Date('2021-05-02T11:59:30.250Z'), firstSeen: new Date('2021-05-01T08:00:00Z'), token: Buffer.from([0x00, 0x27, 0x41, 0x5c, 0x0a, 0xff]) }));
  });
  const journal = (name: string, time: string, version: string) =>
    fs.writeFileSync(put(`private/var/db/analyticsd/${name}`), `${JSON.stringify({ timestamp: time, os_version: version, bug_type: '211' })}\n{"message":{"name":"update"}}\n`);
  journal('Analytics-Journal-2021-04-28-091500.ips', '2021-04-28 11:15:00.00 +0200', 'iPhone OS 14.5 (18E199)');
  journal('Analytics-Journal-2021-03-30-080000.ips', '2021-03-30 03:00:00.123456 -0500', 'iPhone OS 14.4.2 (18D70)');
  const app = (uuid: string) => `private/var/mobile/Containers/Data/Application/${uuid}/Library/Caches`;
  makeDb(put(`${app('3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A')}/com.example.news/Cache.db`), 'CREATE TABLE cfurl_cache_response (entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, version INTEGER, hash_value INTEGER, storage_policy INTEGER, request_key TEXT UNIQUE, time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT)', (db) => {
    const r = db.prepare('INSERT INTO cfurl_cache_response (version, hash_value, storage_policy, request_key, time_stamp) VALUES (0, ?, 0, ?, ?)');
    r.run(-1855211370, 'https://news.example.com/api/top', '2021-05-02 18:00:00');
    r.run(512376981, `https://static.${PLANTED.cacheDomain}/c/4e1a.js`, '2021-05-03 07:12:44');
  });
  makeDb(put(`${app('6A5B4C3D-2E1F-4A9B-8C7D-6E5F4A3B2C1D')}/Cache.db`), 'CREATE TABLE other (x INTEGER)', () => {});
}

/** The App Store daemon's database: an asset whose sinf names the account, a download with its address. */
function appstoredDb(): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-appstored-'));
  try {
    const file = path.join(dir, 'appstored.sqlitedb');
    makeDb(file, 'CREATE TABLE asset (pid INTEGER PRIMARY KEY, sinfs_data BLOB); CREATE TABLE job_software (pid INTEGER PRIMARY KEY, store_account_name TEXT)', (db) => {
      const sinf = Buffer.concat([Buffer.from([0, 0, 0, 0x4c]), Buffer.from('sinfschm'), Buffer.from([0, 0, 0, 0x1c]), Buffer.from('name'), Buffer.from('Jos\u00e9 Owner', 'utf8'), Buffer.from([0, 0, 0, 0x10, 0x41])]);
      db.prepare('INSERT INTO asset (sinfs_data) VALUES (?), (?)').run(Buffer.from('not a plist'), bplist([{ id: 0, sinf }]));
      db.prepare('INSERT INTO job_software (store_account_name) VALUES (NULL), (?)').run('owner@example.org');
    });
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The four files SysdiagnoseInfo reads, under the archive's top folder. */
export function sysdiagnoseInfoFiles(top: string): { name: string; data: string | Buffer }[] {
  const body = { 'serial-number': 'F00EXAMPLE01', productType: 'iPhone12,1', productName: 'iPhone OS', imei: '350000000000000', 'os-version': '14.5.1', udid: '00008030-000A1B2C3D4E5F60', 'os-build': '18E212' };
  return [
    { name: `${top}/logs/appinstallation/appstored.sqlitedb`, data: appstoredDb() },
    { name: `${top}/logs/MobileActivation/collection_oob_request.txt`, data: `2021-05-03 09:00:01 +0200 REQUEST\nURL: https://albert.apple.com/deviceservices/drmHandshake\nBODY: ${JSON.stringify(body)}\nEND\n` },
    { name: `${top}/remotectl_dumpstate.txt`, data: 'Local device\n\tUUID: 5E9A1C0B-7D3F-4A2E-8B6C-0D1E2F3A4B5C\n\tProperties: {\n\t\tBuildVersion => 18E212\n\t\tDeviceColor => 1\n\t\tOSVersion => 14.5.1\n\t\tProductType => iPhone12,1\n\t\tRegionCode => B\n\t\tSerialNumber => F00EXAMPLE01\n\t}\n\tServices:\n\t\tcom.apple.mobile.lockdown.remote.trusted => x\n' },
    { name: `${top}/sysdiagnose.log`, data: `Sysdiagnose started\nOutput path: /private/var/mobile/Library/Logs/CrashReporter/DiagnosticLogs/sysdiagnose/${top}.tar.gz\n` },
  ];
}
