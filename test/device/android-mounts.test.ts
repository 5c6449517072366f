// A bugreport's /proc/<pid>/mountinfo (MVT's bugreport module Mounts): each line read into MVT's
// mount record, both option layers joined, each distinct mount once with every process that sees
// it; a system partition writable HIGH, only when both layers allow writing; odd options MEDIUM;
// mount points and devices against path indicators.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bugreportSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { mergeMountinfo, parseMountinfo } from '../../src/device/android/parse-mountinfo.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBugreport, dumpstateText, MOUNTINFO, writeZip } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, tempDir } from '../helpers/fixtures.ts';

const only = MODULES.filter((m) => m.slug === 'mounts');

describe('bugreport mountinfo', () => {
  it('reads a line into MVT\'s record: both layers\' options once, escapes undone, optional fields kept', () => {
    const [r] = parseMountinfo('56 23 0:42 /x /mnt/my\\040files rw,nosuid master:3 shared:9 - fuse /dev/fu\\134se rw,user_id=0,nosuid', 77);
    assert.deepEqual(r, {
      mount_id: 56, parent_id: 23, major_minor: '0:42', root: '/x', mount_point: '/mnt/my files', device: '/dev/fu\\se', filesystem_type: 'fuse',
      mount_options: 'rw,nosuid,user_id=0', options_list: ['rw', 'nosuid', 'user_id=0'], optional_fields: ['master:3', 'shared:9'],
      is_system_partition: false, is_read_write: true, process_ids: [77],
    });
    // Writable only when both layers allow it; a system partition is the partition or under it.
    const rw = (line: string) => { const [m] = parseMountinfo(line, 1); return [m.is_system_partition, m.is_read_write]; };
    assert.deepEqual(rw('40 22 253:40 /app /system/app ro,relatime - ext4 /dev/block/dm-40 rw,seclabel'), [true, false]);
    assert.deepEqual(rw('41 22 253:41 / /vendor rw,relatime - ext4 /dev/block/dm-41 ro,seclabel'), [true, false]);
    assert.deepEqual(rw('42 22 253:42 / /vendor_dlkm rw,relatime - ext4 /dev/block/dm-42 rw'), [false, true]);
    // Lines without the separator, too few fields, or ids that are not numbers give nothing.
    assert.deepEqual(parseMountinfo(['22 1 253:5 / / ro - ext4', '22 1 253:5 / - ext4 /dev/x ro', 'a 1 253:5 / / ro - ext4 /dev/x ro', '', 'rubbish'].join('\n'), 1), []);
  });

  it('keeps each distinct mount once, with every process that sees it', () => {
    const merged = mergeMountinfo([{ processId: 1, text: MOUNTINFO.init.join('\n') }, { processId: 2345, text: MOUNTINFO.app.join('\n') }]);
    assert.deepEqual(merged.map((m) => [m.mount_point, m.process_ids]), [
      ['/', [1, 2345]], ['/dev', [1]], ['/vendor', [1, 2345]], ['/product', [1]], ['/system/app', [1]], ['/data/local/tmp/wd/fs', [2345]], ['/mnt/my files', [2345]],
    ]);
  });

  it('checks a bugreport\'s mounts at MVT\'s levels, writes them, and check-iocs finds the same', async () => {
    const out = tempDir();
    const index = new MatchIndex(recordsFromFiles([CYTROX_STIX]).records);
    const r = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), only, index, out);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['mounts', 7, undefined]]);
    // Heuristics by their message, indicator matches by the indicator.
    const found = (alerts: typeof r.alerts) => alerts.map((a) => [a.level, (a.matched_indicator?.value as string | undefined) ?? a.message, (a.event as { mount_point: string }).mount_point]);
    assert.deepEqual(found(r.alerts), [
      ['HIGH', 'System partition /vendor is mounted as read-write (rw). This may indicate system modifications.', '/vendor'],
      ['MEDIUM', 'Suspicious mount options found for /vendor: rw', '/vendor'],
      ['CRITICAL', '/data/local/tmp/wd/', '/data/local/tmp/wd/fs'],
    ]);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'mounts.json'), 'utf8'));
    assert.deepEqual(written[0].process_ids, [1, 2345]);
    assert.deepEqual(found(recheckResults(out, index).alerts), found(r.alerts));
  });

  it('says what is missing when a bugreport copied no mountinfo', async () => {
    const bare = writeZip(path.join(tempDir(), 'bare.zip'), [{ name: 'main_entry.txt', data: 'd.txt' }, { name: 'd.txt', data: dumpstateText() }]);
    const none = await runDeviceCheck(bugreportSource(bare), only, new MatchIndex([]));
    assert.deepEqual(none.modules.map((m) => [m.records, m.error?.code]), [[0, 'DEVICE_NOT_FOUND']]);
  });

  it('reads any text without throwing: every record whole', () => {
    const field = fc.oneof(fc.constantFrom('-', 'rw', 'ro', '/system', '/vendor/x', '22', '0:5', 'rw,ro', 'a\\040b'), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.array(fc.array(field, { maxLength: 14 }).map((f) => f.join(' ')), { maxLength: 10 }), (lines) => {
      for (const r of parseMountinfo(lines.join('\n'), 5)) {
        assert.ok(Number.isInteger(r.mount_id) && Number.isInteger(r.parent_id));
        assert.ok(!r.is_read_write || r.options_list.includes('rw'));
        assert.deepEqual(r.process_ids, [5]);
      }
    }), { numRuns: 1500 });
  });
});
