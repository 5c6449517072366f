// DataUsage and netusage as MVT reads them: one record per usage row, deleted process records
// (manipulated usage rows, holes in the numbering), binaries missing from a dump.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backupSource, fsSource, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { deletedAlerts } from '../../src/device/modules/usage-heuristics.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, buildFsDump, PLANTED } from '../../src/device/synthetic/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { newDbAt, only } from '../helpers/device.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
const APPLE_EPOCH = 978_307_200;

describe('device check: data usage', () => {
  it("keeps MVT's records: a usage row whose process is gone is named as MVT names it, at the row's time", async () => {
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), only('datausage'), index, out, [PEGASUS_STIX]);
    const records = JSON.parse(fs.readFileSync(path.join(out, 'datausage.json'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(records[0]).sort(), ['bundle_id', 'first_isodate', 'isodate', 'live_id', 'live_isodate', 'live_proc_id', 'proc_id', 'proc_name', 'wifi_in', 'wifi_out', 'wwan_in', 'wwan_out']);
    const gone = records.filter((x) => x.proc_id === null);
    assert.deepEqual(gone.map((x) => [x.proc_name, x.live_proc_id, x.first_isodate, x.live_isodate]), [['MANIPULATED [process record deleted]', 6, '2021-05-03 09:00:05.000000', '2021-05-03 09:00:05.000000']]);
    const high = r.alerts.find((a) => a.level === 'HIGH')!;
    assert.equal(high.event_time, '2021-05-03 09:00:05.000000');
    assert.match(high.message, /^Found manipulated process entry 6: 1 usage row point to a process record that was deleted/);
    const low = r.alerts.find((a) => a.level === 'LOW')!;
    assert.equal(low.message, 'Missing process 6. Previous process at "2021-05-03 07:13:04.000000" (Reminders)');
    // The deleted process has its usage row on the timeline, but no first or current use.
    const timeline = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').split('\r\n').filter((l) => l.includes('"Datausage"'));
    assert.equal(timeline.filter((l) => l.includes('MANIPULATED')).length, 1);
    assert.match(timeline.find((l) => l.includes('MANIPULATED'))!, /"live_usage"/);
    assert.equal(timeline.filter((l) => l.includes('"first_usage"')).length, 6);
  });

  it('gives one alert per run of missing process numbers', () => {
    const rec = (id: number, name: string) => ({ proc_id: id, proc_name: name, first_isodate: `2021-05-0${id % 9} 00:00:00.000000` });
    const alerts = deletedAlerts('datausage', [rec(1, 'a'), rec(2, 'b'), rec(2, 'b'), rec(5, 'c'), rec(6, 'd'), rec(9, 'e'), { proc_id: null, proc_name: 'x' }]);
    assert.deepEqual(alerts.map((a) => a.message), ['Missing processes 3 to 4 (2). Previous process at "2021-05-02 00:00:00.000000" (b)', 'Missing processes 7 to 8 (2). Previous process at "2021-05-06 00:00:00.000000" (d)']);
    assert.deepEqual(deletedAlerts('datausage', [rec(3, 'a'), rec(4, 'b')]), []);
  });

  it('reads a recent phone without wifi columns, and flags BackupAgent once however many rows it has', async () => {
    const root = tempDir();
    const db = newDbAt(path.join(root, 'private/var/networkd/netusage.sqlite'));
    db.exec(`CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, ZPROCNAME TEXT, ZBUNDLENAME TEXT, ZFIRSTTIMESTAMP REAL, ZTIMESTAMP REAL);
      CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, ZHASPROCESS INTEGER, ZWWANIN REAL, ZWWANOUT REAL, ZTIMESTAMP REAL);`);
    const t = Date.parse('2023-02-01T00:00:00Z') / 1000 - APPLE_EPOCH;
    db.prepare('INSERT INTO ZPROCESS VALUES (1, ?, NULL, ?, ?)').run('BackupAgent', t, t + 60);
    db.prepare('INSERT INTO ZPROCESS VALUES (2, ?, ?, ?, ?)').run('Weather', 'com.apple.weather', t, t + 60);
    for (let k = 0; k < 3; k++) db.prepare('INSERT INTO ZLIVEUSAGE (ZHASPROCESS, ZWWANIN, ZWWANOUT, ZTIMESTAMP) VALUES (1, 500, 20, ?)').run(t + k);
    db.close();
    fs.mkdirSync(path.join(root, 'usr/libexec'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/libexec/BackupAgent'), '');
    const r = await runDeviceCheck(fsSource(root), only('netusage'), index);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['netusage', 4, undefined]]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.message.split(':')[0]]), [['HIGH', 'BackupAgent used the network']]);
    // Each usage row gives its process's first and latest use, alike for the three: MVT's timeline
    // keeps a module's repeated rows once (_deduplicate_timeline).
    assert.deepEqual(r.timeline.map((row) => `${row.event} ${row.data.split(' ')[0]}`), ['live_usage BackupAgent', 'first_usage BackupAgent', 'live_usage Weather', 'live_usage BackupAgent', 'live_usage BackupAgent', 'current_usage BackupAgent']);
  });

  it('re-checked without the phone, keeps the deleted records and judges no binaries', async () => {
    const out = tempDir();
    const first = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('netusage'), index, out, [PEGASUS_STIX]);
    assert.ok(first.alerts.some((a) => a.level === 'MEDIUM'));
    const again = recheckResults(out, index);
    const levels = (alerts: { level: string }[]) => alerts.map((a) => a.level).sort();
    assert.deepEqual(levels(again.alerts), levels(first.alerts.filter((a) => a.level !== 'MEDIUM')));
    assert.ok(again.alerts.some((a) => a.level === 'HIGH' && a.message.startsWith('Found manipulated process entry 6')));
    assert.ok(again.alerts.some((a) => a.matched_indicator?.value === PLANTED.process));
  });
});
