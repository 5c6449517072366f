// aqf_log_timestamps: each collected log file's modification time as MVT gives it, checked against
// Python's own conversion of the same st_mtime.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { androidqfSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { buildAndroidQF } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

/** Python's datetime of a file's st_mtime, in UTC, as MVT formats it. */
function pythonMtime(file: string): string {
  return python('import datetime, os, sys\nt = os.stat(sys.argv[1]).st_mtime\nprint(datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f"))', [file]).trim();
}

describe('AndroidQF log timestamps', () => {
  it('gives each file under logs/ its modification time, as Python reads it, and MVT\'s M row', async () => {
    const root = buildAndroidQF(tempDir());
    // A time with nanoseconds, as the phone's file system keeps them.
    const odd = path.join(root, 'logs', 'kernel.log');
    fs.writeFileSync(odd, 'x');
    fs.utimesSync(odd, 1620028799.123456789, 1620028799.123456789);
    const r = await runDeviceCheck(androidqfSource(root), MODULES.filter((m) => m.slug === 'aqf_log_timestamps'), new MatchIndex([]));
    assert.equal(r.modules[0].records, 3);
    const folder = path.basename(root);
    const expected = ['logs/dropbox/system_server_crash@1620025200000.txt', 'logs/kernel.log', 'logs/logcat.txt'].map((p) => ({ timestamp: pythonMtime(path.join(root, p)), module: 'aqf_log_timestamps', event: 'M---', data: `${folder}/${p}` }));
    assert.deepEqual(r.timeline, expected.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1)));
    assert.equal(expected.find((e) => e.data.endsWith('logcat.txt'))!.timestamp, '2021-05-03 08:59:00.250000');
    assert.deepEqual(r.alerts, []);
  });
});
