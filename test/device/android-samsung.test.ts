// samsung_sfs_logs: USB and ADB events of Samsung's system framework logs, read as MVT reads them
// (times moved to UTC from each line's zone, as Python's strptime and astimezone do), fuzzed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { parseSfslogLine } from '../../src/device/android/parse-sfslog.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, buildAndroidQF } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const only = MODULES.filter((m) => m.slug === 'samsung_sfs_logs');

/** Python's reading of a line's time: strptime("%y-%m-%d (GMT%z) %H:%M:%S.%f"), to UTC, as MVT writes it; "" when Python refuses it. */
function pythonTimes(stamps: string[]): string[] {
  const code = 'import datetime, json, sys\nout = []\nfor s in json.loads(sys.argv[1]):\n    try:\n        out.append(datetime.datetime.strptime(s, "%y-%m-%d (GMT%z) %H:%M:%S.%f").astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f"))\n    except ValueError:\n        out.append("")\nprint(json.dumps(out))';
  return JSON.parse(python(code, [JSON.stringify(stamps)])) as string[];
}

describe('Samsung system framework logs', () => {
  it('reads the USB state, the attached device and the ADB key, in UTC, and nothing else', async () => {
    const root = buildAndroidQF(tempDir());
    const out = tempDir();
    const r = await runDeviceCheck(androidqfSource(root), only, new MatchIndex([]), out);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['samsung_sfs_logs', 3, undefined]]);
    const records = JSON.parse(fs.readFileSync(path.join(out, 'samsung_sfs_logs.json'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(records.map((x) => [x.timestamp, x.event]), [['2021-05-03 08:58:00.500000', 'usb_state'], ['2021-05-03 08:58:01.000000', 'usb_device_attached'], ['2021-05-03 08:58:12.345000', 'adb_connection']]);
    assert.deepEqual(records[0], { timestamp: '2021-05-03 08:58:00.500000', event: 'usb_state', usb_state: 'CONFIGURED', subsystem: 'android_usb', sequence_number: '4512', action: 'change', device_path: '/devices/virtual/android_usb/android0', source_file: `${path.basename(root)}/samsung/sfslog.0.gz` });
    assert.deepEqual([records[1].vendor_id, records[1].product_id, records[1].manufacturer, records[1].product, records[1].version, records[1].serial, records[1].has_storage, records[1].has_hid], ['18d1', '4ee7', 'Google', 'Pixel', '0.1', 'ABC123', true, false]);
    assert.deepEqual([records[2].user, records[2].state, records[2].state_name, records[2].always_allow, records[2].last_connection_time, records[2].auth_window], ['unknown@host', 2, 'user_allowed', true, 1620032292000, 604800000]);
    assert.equal(records[2].key, P.adbOtherKey.split(' ')[0]);
    assert.deepEqual(r.timeline.map((t) => t.data), ['USB state changed to CONFIGURED at /devices/virtual/android_usb/android0', 'USB device 18d1:4ee7 attached (Google Pixel)', `ADB key ${records[2].fingerprint} (unknown@host): user_allowed`]);
    assert.deepEqual(r.alerts, []);
  });

  it('reads any line\'s time as Python does, and refuses the times Python refuses', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc.tuple(two, two, two, fc.constantFrom('+', '-'), two, fc.constantFrom('00', '30', '45', '59'), two, two, two, fc.integer({ min: 0, max: 999 })).map(([y, mo, d, sg, oh, om, h, mi, s, ms]) => `${y}-${mo}-${d} (GMT${sg}${oh}:${om}) ${h}:${mi}:${s}.${String(ms).padStart(3, '0')}`);
    fc.assert(fc.property(fc.array(stamp, { minLength: 1, maxLength: 30 }), (stamps) => {
      const ours = stamps.map((s) => (parseSfslogLine(`${s} 1 I UsbDeviceManager: USB UEVENT: {USB_STATE=X}`)?.timestamp as string | undefined) ?? '');
      assert.deepEqual(ours, pythonTimes(stamps));
    }), { numRuns: 40 });
  });
});
