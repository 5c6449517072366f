// browser_history: the Chromium histories recent AndroidQF collects, read as MVT reads them (times
// checked against Python's datetime), databases named outside browser_history/ never read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { androidqfSource, DeviceError, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { manifestDatabase } from '../../src/device/modules/android-browser.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, buildAndroidQF, chromeTime } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const only = MODULES.filter((m) => m.slug === 'browser_history');
const index = new MatchIndex(recordsFromFiles([CYTROX_STIX]).records);

/** MVT's time of a Chrome timestamp, by Python: 1601-01-01 plus the microseconds, as "%Y-%m-%d %H:%M:%S.%f". */
function pythonChromeTime(t: bigint): string {
  return python('import datetime, sys\nprint((datetime.datetime(1601, 1, 1) + datetime.timedelta(microseconds=int(sys.argv[1]))).strftime("%Y-%m-%d %H:%M:%S.%f"))', [String(t)]).trim();
}

describe('browser history of an AndroidQF collection', () => {
  it('reads every visit with its page in time order, as MVT, and flags the visit to an indicator\'s domain', async () => {
    const r = await runDeviceCheck(androidqfSource(buildAndroidQF(tempDir())), only, index);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['browser_history', 3, undefined]]);
    const rows = r.timeline;
    assert.deepEqual(rows.map((t) => t.data), [
      'Chrome visit to https://www.example.org/news (visit ID: 3, profile: Default)',
      'Chrome visit to https://www.example.org/news (visit ID: 1, profile: Default)',
      `Chrome visit to https://${P.smsDomain}/article/8812 (visit ID: 2, profile: Default)`,
    ]);
    assert.deepEqual(rows.map((t) => t.timestamp), [chromeTime('2021-05-01T08:00:00.123Z') + 457n, chromeTime('2021-05-02T10:00:00Z'), chromeTime('2021-05-03T06:41:00Z')].map(pythonChromeTime));
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value, a.event_time, (a.event as { visit_id: number }).visit_id, (a.event as { source_path: string }).source_path]), [['CRITICAL', P.smsDomain, '', 2, '/data/data/com.android.chrome/app_chrome/Default/History']]);
  });

  it('refuses a database entry MVT refuses: a missing field, or a path outside browser_history/', () => {
    const good = { browser: 'Chrome', package: 'com.android.chrome', profile: 'Default', device_path: '/d', archive_path: 'browser_history/c/History' };
    assert.equal(manifestDatabase(good, 'm').archive_path, good.archive_path);
    for (const archive_path of ['browser_history/../getprop.txt', '/browser_history/History', 'other/History', 'browser_history\\History', '']) assert.throws(() => manifestDatabase({ ...good, archive_path }, 'm'), DeviceError, archive_path);
    assert.throws(() => manifestDatabase({ ...good, profile: 3 }, 'm'), DeviceError);
    assert.throws(() => manifestDatabase(null, 'm'), DeviceError);
  });

  it('a collection whose every database is unreadable gives the module a typed error; without a manifest, not found', async () => {
    const root = buildAndroidQF(tempDir());
    fs.writeFileSync(path.join(root, 'browser_history/com.android.chrome/Default/History'), 'not a database');
    const broken = await runDeviceCheck(androidqfSource(root), only, index);
    assert.equal(broken.modules[0].error?.code, 'DEVICE_DB_CORRUPT');
    fs.rmSync(path.join(root, 'browser_history'), { recursive: true });
    const none = await runDeviceCheck(androidqfSource(root), only, index);
    assert.equal(none.modules[0].error?.code, 'DEVICE_NOT_FOUND');
  });
});
