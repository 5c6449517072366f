// Synthetic records iOS keeps about itself, for the dump-only modules: analytics databases under
// Keychains (iOS's tables, each record a property list naming the build it was made on, one naming
// a Pegasus process), analyticsd's journals (their header line), and two apps' URL caches (one
// Cache.db with a response from a Pegasus domain, one of another kind without responses).
import fs from 'node:fs';
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
    db.prepare('INSERT INTO soft_failures (timestamp, data) VALUES (?, ?)').run(unix('2021-05-02T12:00:00Z'), bplist({ build: '18E212', product: 'iPhone OS', modelid: 'iPhone12,1' }));
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
