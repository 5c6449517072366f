// Reals as MVT writes them: iOS keeps usage counters, call durations and times as reals (a plist's
// <real>, SQLite's REAL columns), which Python reads as floats and MVT writes 1000.0; vigil's
// outputs say 1000.0 too, in <slug>.json, the timeline, the alerts (on any number of threads) and
// after check-iocs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backupSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, PLANTED } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const SLUGS = ['os_analytics_ad_daily', 'datausage', 'calls', 'webkit_resource_load_statistics'];
const read = (out: string, name: string) => fs.readFileSync(path.join(out, name), 'utf8');

describe('device check: reals written as Python floats', () => {
  it('writes plist reals and REAL columns as MVT does, the same on one thread and on two, and after check-iocs', async () => {
    const root = buildBackup(tempDir());
    const outs: string[] = [];
    // The second check's modules all run on worker threads, whose alerts are posted back.
    for (const threads of [1, 2]) {
      const out = tempDir();
      await runDeviceCheck(backupSource(root), MODULES.filter((m) => SLUGS.includes(m.slug)), index, out, [], undefined, { threads, workersOnly: threads > 1 });
      outs.push(out);
    }
    const [one, two] = outs;
    // The plist's netUsageBaseline counters (reals), and the alert on the planted process.
    assert.match(read(one, 'os_analytics_ad_daily.json'), /"wifi_in": 50000\.0,\n\s+"wifi_out": 900000\.0,\n\s+"wwan_in": 0\.0,/);
    assert.ok(read(one, 'timeline.csv').includes(`${PLANTED.addailyProcess} WIFI IN: 50000.0, WIFI OUT: 900000.0 - WWAN IN: 0.0, WWAN OUT: 0.0`));
    const alert = read(two, 'alerts.json');
    assert.ok(alert.includes('"wifi_in": 50000.0'), 'the alert made on a worker thread keeps the float');
    // DataUsage's FLOAT counters, CallHistory's FLOAT duration, WebKit's REAL lastSeen.
    assert.match(read(one, 'datausage.json'), /"wwan_in": \d+\.\d+,/);
    assert.match(read(one, 'calls.json'), /"duration": 62\.0,/);
    assert.match(read(one, 'webkit_resource_load_statistics.json'), /"last_seen": \d{10}\.0,/);
    for (const name of ['alerts.json', 'timeline.csv', 'alerts_timeline.csv', ...SLUGS.map((s) => `${s}.json`)]) assert.equal(read(two, name), read(one, name), name);
    // Read back and checked again: the floats are written again as they were.
    const detected = read(one, 'os_analytics_ad_daily_detected.json');
    recheckResults(one, index);
    assert.equal(read(one, 'os_analytics_ad_daily_detected.json'), detected);
    assert.ok(detected.includes('"wifi_in": 50000.0'));
  });
});
