// MVT's bugreport modules that read the bugreport itself: dumpsys_get_prop (the dumpstate's SYSTEM
// PROPERTIES section, cut where MVT cuts it, read as getprop.txt is) and bugreport_timestamps (each
// FS/ entry with its time in the archive), from a bugreport alone and from an AndroidQF
// collection's bugreport.zip; the section reader over random text (fast-check); a vendor's archive
// around a bugreport, read through the bugreport inside.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, bugreportSource, MODULES, openBugreport, runDeviceCheck } from '../../src/device/index.ts';
import { systemPropertiesText } from '../../src/device/modules/android-bugreport.ts';
import { bugreportDumpstate, dumpsysSection } from '../../src/device/modules/android-common.ts';
import { buildAndroidQF, buildBugreport, writeZip } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { PEGASUS_STIX } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/fixtures.ts';

const only = MODULES.filter((m) => m.slug === 'dumpsys_get_prop' || m.slug === 'bugreport_timestamps');
const empty = new MatchIndex([]);

async function results(source: Parameters<typeof runDeviceCheck>[0]) {
  const out = tempDir();
  const r = await runDeviceCheck(source, only, empty, out);
  const json = (name: string) => JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), 'utf8'));
  return { r, props: json('dumpsys_get_prop'), times: json('bugreport_timestamps'), timeline: fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8') };
}

describe('bugreport: system properties and file times', () => {
  it('reads the SYSTEM PROPERTIES section as getprop.txt is read, and each FS/ entry with its archive time', async () => {
    const qf = buildAndroidQF(tempDir());
    const alone = await results(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))));
    assert.deepEqual(alone.r.modules.map((m) => [m.slug, m.error?.code]), [['dumpsys_get_prop', undefined], ['bugreport_timestamps', undefined]]);
    // The same properties as the collection's getprop.txt, whose extra garbage line is not one.
    const getprop = fs.readFileSync(path.join(qf, 'getprop.txt'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    assert.deepEqual(alone.props.map((p: { name: string; value: string }) => `[${p.name}]: [${p.value}]`), getprop.filter((l) => !l.includes('[]')));
    assert.deepEqual(alone.r.alerts.map((a) => [a.module, a.level]), [['dumpsys_get_prop', 'MEDIUM']]);
    assert.deepEqual(alone.times, ['FS/data/tombstones/tombstone_00', 'FS/data/tombstones/tombstone_01', 'FS/data/tombstones/tombstone_02.pb', 'FS/proc/1/mountinfo', 'FS/proc/2345/mountinfo', 'FS/proc/2345/task/2346/mountinfo']
      .map((p) => ({ path: p, modified_time: '2021-05-03 09:00:00.000000' })));
    assert.match(alone.timeline, /"2021-05-03 09:00:00.000000","BugReportTimestamps","M---","FS\/data\/tombstones\/tombstone_00"/);
    // The collection's bugreport.zip, as MVT's nested bugreport check reads it: the same results.
    const nested = await results(androidqfSource(qf));
    assert.deepEqual([nested.props, nested.times], [alone.props, alone.times]);
  });

  it('inflates a collection\'s bugreport.zip once for the dumpsys modules and the system properties', () => {
    const root = buildAndroidQF(tempDir(), { dumpsysOnlyInBugreport: true });
    // One source, as one check's modules share it.
    const source = androidqfSource(root);
    assert.match(dumpsysSection(source, 'package'), /Package \[/);
    // Gone from the disk, the archive is not read again: its dumpstate was kept for this source.
    fs.rmSync(path.join(root, 'bugreport.zip'));
    const getprop = only.find((m) => m.slug === 'dumpsys_get_prop')!;
    const records = getprop.extract({ source } as Parameters<typeof getprop.extract>[0]) as { name: string }[];
    assert.ok(records.some((r) => r.name === 'ro.build.version.security_patch'));
    // Another source of the same collection has none kept, and says the archive is missing.
    assert.throws(() => bugreportDumpstate(androidqfSource(root)), /bugreport\.zip in the collection not found/);
  });

  it('says what is missing: a dumpstate without the section, a bugreport without FS/, a collection without bugreport.zip', async () => {
    const bare = writeZip(path.join(tempDir(), 'bare.zip'), [{ name: 'bugreport-x.txt', data: '== dumpstate\nDUMP OF SERVICE package:\n' }]);
    const r = await runDeviceCheck(bugreportSource(bare), only, empty);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.error?.code]), [['dumpsys_get_prop', 'DEVICE_NOT_FOUND'], ['bugreport_timestamps', 'DEVICE_NOT_FOUND']]);
    const root = buildAndroidQF(tempDir());
    fs.rmSync(path.join(root, 'bugreport.zip'));
    const none = await runDeviceCheck(androidqfSource(root), only, empty);
    assert.deepEqual(none.modules.map((m) => m.error?.message), ['[DEVICE_NOT_FOUND] bugreport.zip in the collection not found', '[DEVICE_NOT_FOUND] bugreport.zip in the collection not found']);
  });

  it('cuts the section where MVT now does: at the next section\'s title, or a "------" line, else at the end; duration lines dropped', () => {
    const text = ['x', ' ------ SYSTEM PROPERTIES (getprop) ------', '[a]: [1]', '------ 0.01s was the duration of \'SYSTEM PROPERTIES\' ------', '[b]: [2]', ' ------ ', '[c]: [3]'].join('\r\n');
    assert.equal(systemPropertiesText(text), ['[a]: [1]', '[b]: [2]'].join('\n'));
    // Another section's closing time printed inside this one does not end it; the next title does.
    const foreign = ['------ SYSTEM PROPERTIES (getprop) ------', '[nfc.initialized]: [true]', "------ 0.101s was the duration of 'DROPBOX SYSTEM SERVER CRASHES' ------", '[ro.build.version.sdk]: [30]', '[ro.product.model]: [SM-A305F]', "------ 0.064s was the duration of 'SYSTEM PROPERTIES' ------", '------ STORAGE INFO (df) ------', '/dev/root  2.9G'].join('\n');
    assert.equal(systemPropertiesText(foreign), '[nfc.initialized]: [true]\n[ro.build.version.sdk]: [30]\n[ro.product.model]: [SM-A305F]');
    assert.equal(systemPropertiesText('------ SYSTEM PROPERTIES\n[a]: [1]\n[b]: [2]'), '[a]: [1]\n[b]: [2]');
    assert.equal(systemPropertiesText('no section here'), undefined);
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 30 }).map((l) => l.replace(/[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]/g, '')), fc.constantFrom('------', '------ SYSTEM PROPERTIES', '[k]: [v]')), { maxLength: 30 }), (lines) => {
      const got = systemPropertiesText(lines.join('\n'));
      const start = lines.findIndex((l) => l.trim().startsWith('------ SYSTEM PROPERTIES'));
      if (start < 0) return assert.equal(got, undefined);
      assert.ok(typeof got === 'string' && !got.split('\n').some((l) => l.trim().startsWith('------')));
    }), { numRuns: 500 });
  });

  it('reads a vendor\'s archive around a bugreport (MIUI, HyperOS) through the bugreport inside, as MVT now does', async () => {
    const plain = buildBugreport(path.join(tempDir(), 'bugreport.zip'));
    // Its logs include a dumpstate-like file further down: not the bugreport's own.
    const wrapper = writeZip(path.join(tempDir(), 'hyperos-logs.zip'), [{ name: 'app_logs/hilog.txt', data: 'unrelated vendor log\n' }, { name: 'app_logs/dumpstate_board.txt', data: 'board\n' }, { name: 'bugreport-vili-2026-01-01-00-00-00.zip', data: fs.readFileSync(plain) }]);
    const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
    const source = await openBugreport(wrapper);
    const out = tempDir();
    let inner: string;
    try {
      inner = source.unpackedInto!;
      assert.ok(fs.readFileSync(inner).equals(fs.readFileSync(plain)));
      const viaWrapper = await runDeviceCheck(source, MODULES, index, out);
      const direct = await runDeviceCheck(bugreportSource(plain), MODULES, index);
      assert.ok(viaWrapper.alerts.length > 5);
      assert.deepEqual(viaWrapper.alerts.map((a) => [a.module, a.level, a.message]), direct.alerts.map((a) => [a.module, a.level, a.message]));
      assert.deepEqual(viaWrapper.modules.map((m) => [m.slug, m.records, m.error?.code]), direct.modules.map((m) => [m.slug, m.records, m.error?.code]));
      // The evidence named is the archive the investigator gave.
      assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'info.json'), 'utf8')).target_path, path.resolve(wrapper));
    } finally {
      source.cleanup?.();
    }
    assert.equal(fs.existsSync(inner), false, 'the unpacked bugreport is removed');
    // A bugreport with its own dumpstate is read as it is, whatever zip it attaches.
    const attaching = writeZip(path.join(tempDir(), 'own.zip'), [{ name: 'main_entry.txt', data: 'bugreport.txt' }, { name: 'bugreport.txt', data: 'DUMP OF SERVICE package:\n' }, { name: 'attachments/bugreport-old.zip', data: fs.readFileSync(plain) }]);
    const own = await openBugreport(attaching);
    assert.equal(own.unpackedInto, undefined);
    assert.equal(own.text(), 'DUMP OF SERVICE package:\n');
  });
});
