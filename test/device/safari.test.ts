// Safari history as MVT reads it: its record fields, every profile's History.db, and redirects
// faster than a person (network injection).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fsSource, backupSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { fastRedirects } from '../../src/device/modules/redirects.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, PLANTED } from '../../src/device/synthetic/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { newDbAt } from '../helpers/device.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
const safari = MODULES.filter((m) => m.slug === 'safari_history');

describe('device check: Safari history', () => {
  it("writes MVT's fields, reading each profile's database too", async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), safari, index, out, [PEGASUS_STIX]);
    const records = JSON.parse(fs.readFileSync(path.join(out, 'safari_history.json'), 'utf8')) as Record<string, unknown>[];
    for (const key of ['id', 'url', 'visit_id', 'timestamp', 'isodate', 'redirect_source', 'redirect_destination', 'safari_history_db']) assert.ok(key in records[0], key);
    const profile = records.find((x) => String(x.url).includes(PLANTED.safariProfileDomain))!;
    assert.match(String(profile.safari_history_db), /^Library\/Safari\/Profiles\/[0-9A-F-]{36}\/History\.db$/);
    assert.equal(records.filter((x) => x.safari_history_db === 'Library/Safari/History.db').length, 8);
    const injected = r.alerts.find((a) => a.level === 'MEDIUM')!;
    assert.equal(injected.event_time, '2021-05-03 07:11:59.650000');
    assert.equal(injected.message, `Redirect took less than a second! (350 milliseconds): HTTP visit to elpais-noticias.example redirected to a1.b.${PLANTED.safariDomain}, as network injection does`);
    assert.equal(injected.event.redirect_url, `https://a1.b.${PLANTED.safariDomain}/redirect?x=1`);
  });

  it('pairs a redirect only with the visit it names, in the same database, forward in time and under a second', () => {
    const visit = (db: string, id: number, url: string, t: number, to: number | null = null) => ({ safari_history_db: db, visit_id: id, url, timestamp: t, isodate: null, redirect_destination: to });
    const A = 'a/History.db';
    const B = 'b/History.db';
    const alerts = fastRedirects('safari_history', [
      visit(A, 1, 'http://news.example/', 100, 2),
      visit(A, 2, 'https://exploit.example/x', 100.4),
      // The same ids in another profile: not a pair of the first database's visits.
      visit(B, 1, 'http://quiet.example/', 100, 2),
      visit(B, 2, 'https://quiet.example/', 100.1),
      visit(A, 3, 'HTTP://Upper.Example/', 200, 4),
      visit(A, 4, 'https://elsewhere.example/', 200.999),
      visit(A, 5, 'https://secure.example/', 300, 6),
      visit(A, 6, 'https://other.example/', 300.1),
      visit(A, 7, 'http://slow.example/', 400, 8),
      visit(A, 8, 'https://later.example/', 401),
      visit(A, 9, 'http://back.example/', 500, 10),
      visit(A, 10, 'https://before.example/', 499.5),
      visit(A, 11, 'http://gone.example/', 600, 99),
    ]);
    assert.deepEqual(alerts.map((a) => a.message.split(':')[1].trim()), ['HTTP visit to news.example redirected to exploit.example, as network injection does', 'HTTP visit to upper.example redirected to elsewhere.example, as network injection does']);
    assert.ok(alerts.every((a) => a.level === 'MEDIUM' && a.module === 'safari_history'));
  });

  it('reads an older History.db without the redirect columns, its visits put in time order', async () => {
    const root = tempDir();
    const db = newDbAt(path.join(root, 'private/var/mobile/Library/Safari/History.db'));
    db.exec('CREATE TABLE history_items (id INTEGER PRIMARY KEY, url TEXT); CREATE TABLE history_visits (id INTEGER PRIMARY KEY, history_item INTEGER, visit_time REAL)');
    db.prepare('INSERT INTO history_items VALUES (1, ?)').run(`https://${PLANTED.safariDomain}/a`);
    db.prepare('INSERT INTO history_items VALUES (2, ?)').run('https://quiet.example/');
    // Out of time order (a clock set back), two visits at one time, and a visit of no page.
    db.exec('INSERT INTO history_visits VALUES (1, 1, 642000100), (2, 2, 642000000), (3, 9, 641000000), (4, 1, 642000000)');
    db.close();
    const r = await runDeviceCheck(fsSource(root), safari, index);
    assert.deepEqual(r.modules.map((m) => [m.records, m.error?.code]), [[3, undefined]]);
    // In time order as MVT's ORDER BY gives them, equal times in the table's order; the orphan left out.
    assert.deepEqual(r.timeline.map((t) => [t.timestamp, t.data]), [
      ['2021-05-06 13:20:00.000000', 'Safari visit to https://quiet.example/ (ID: 2, Visit ID: 2)'],
      ['2021-05-06 13:20:00.000000', `Safari visit to https://${PLANTED.safariDomain}/a (ID: 1, Visit ID: 4)`],
      ['2021-05-06 13:21:40.000000', `Safari visit to https://${PLANTED.safariDomain}/a (ID: 1, Visit ID: 1)`],
    ]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.event.visit_id, a.event.safari_history_db, a.event.redirect_destination]), [
      ['CRITICAL', 4, 'private/var/mobile/Library/Safari/History.db', null],
      ['CRITICAL', 1, 'private/var/mobile/Library/Safari/History.db', null],
    ]);
  });
});
