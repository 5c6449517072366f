// tombstones: a bugreport's crash reports read as MVT reads them, protobuf and text (the text form's
// quirks kept: the first pid line only, a line of a known key that does not read fails the file,
// one that only begins like a key is passed over),
// archive times checked against Python's zipfile, both parsers fuzzed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bugreportSource, DeviceError, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { parseTombstone, parseTombstonePb, tombstoneTime } from '../../src/device/android/parse-tombstone.ts';
import { openZip, zipEntryTime } from '../../src/device/sources/zip.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, buildBugreport, dumpstateText, tombstonePb, tombstoneText, writeZip } from '../../src/device/synthetic/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const only = MODULES.filter((m) => m.slug === 'tombstones');
const sample = tombstoneText({ pid: 77, name: 'mediaserver', binary: '/system/bin/mediaserver', uid: 1013, signal: 'signal 11 (SIGSEGV), code 2 (SEGV_ACCERR), fault addr 0x7f', time: '2021-05-03 07:41:02.054123456+0200' });

describe('tombstones', () => {
  it('reads a bugreport\'s tombstones, text and protobuf: the planted process CRITICAL, system_server and a shell loader MEDIUM', async () => {
    const zip = buildBugreport(path.join(tempDir(), 'bugreport.zip'));
    const r = await runDeviceCheck(bugreportSource(zip), only, new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records));
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['tombstones', 3, undefined]]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value ?? null, a.event_time]), [['CRITICAL', P.process, '2021-05-03 07:41:02.054123'], ['MEDIUM', null, '2021-05-02 21:00:00.500000'], ['MEDIUM', null, '2021-05-03 08:15:00.123456']]);
    assert.match(r.alerts[1].message, /^Potentially suspicious crash in process 'system_server' running as UID '1000' in tombstone 'tombstone_01' at 2021-05-02 21:00:00.500000$/);
    assert.deepEqual(r.timeline.map((t) => t.data), ["Crash in 'system_server' process running as UID '1000' in file 'tombstone_01' Crash type 'SIGABRT' with code 'SI_QUEUE'", `Crash in '${P.process}' process running as UID '0' in file 'tombstone_00' Crash type 'SIGSEGV' with code 'SEGV_MAPERR'`, "Crash in 'loader' process running as UID '2000' in file 'tombstone_02.pb' Crash type 'SIGSEGV' with code 'SEGV_MAPERR'"]);
  });

  it('gives each entry its archive time as Python\'s zipfile reads it', () => {
    const zip = buildBugreport(path.join(tempDir(), 'bugreport.zip'));
    const code = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({i.filename: "%04d-%02d-%02d %02d:%02d:%02d.000000" % i.date_time for i in z.infolist()}))';
    const expected = JSON.parse(python(code, [zip])) as Record<string, string>;
    for (const e of openZip(zip).entries) assert.equal(zipEntryTime(e), expected[e.name], e.name);
  });

  it('keeps MVT\'s record and quirks: the first pid line, the fraction cut to microseconds, the zone dropped', () => {
    const r = parseTombstone(sample, 'tombstone_05', '2021-05-03 09:00:00.000000');
    assert.deepEqual([r.pid, r.tid, r.process_name, r.binary_path, r.uid, r.timestamp, r.process_uptime, r.command_line, r.arch], [77, 85, 'mediaserver', '/system/bin/mediaserver', 1013, '2021-05-03 07:41:02.054123', 40, ['/system/bin/mediaserver'], 'arm64']);
    assert.deepEqual(r.signal_info, { code: 2, code_name: 'SEGV_ACCERR', name: 'SIGSEGV', number: 11 });
    assert.deepEqual(Object.keys(r), ['file_name', 'file_timestamp', 'build_fingerprint', 'revision', 'arch', 'timestamp', 'process_uptime', 'command_line', 'pid', 'tid', 'process_name', 'binary_path', 'selinux_label', 'uid', 'signal_info', 'cause', 'causes', 'abort_message', 'extra']);
    assert.equal(tombstoneTime('2023-04-12 12:32:40+0200'), '2023-04-12 12:32:40.000000');
    // A key's line that does not read fails the file, as in MVT; so does a missing uid.
    assert.throws(() => parseTombstone(sample.replace(/^uid: .*$/m, 'uid: u0a12'), 't', 'x'), DeviceError);
    assert.throws(() => parseTombstone(sample.replace(/^uid: .*\n/m, ''), 't', 'x'), /no uid/);
  });

  it('reads past lines that only begin like a key (`Caused by:`, `code around pc:`), as MVT now does, and still reads `Cause:`', () => {
    const abort = ["Abort message: 'No pending exception expected: java.lang.SecurityException: listen", '  at void android.os.Parcel.readException() (Parcel.java:2920)', 'Caused by: android.os.RemoteException: Remote stack trace:'];
    const withLines = sample.replace(/^uid: .*$/m, (uid) => [uid, ...abort].join('\n')) + 'code around pc:\n    0000007f8a1c2000 d65f03c0\n';
    const r = parseTombstone(withLines, 'tombstone_23', '2023-08-24 12:00:00.000000');
    assert.deepEqual([r.pid, r.process_name, r.uid, r.cause, r.abort_message], [77, 'mediaserver', 1013, null, 'No pending exception expected: java.lang.SecurityException: listen']);
    const caused = parseTombstone(withLines.replace('Caused by:', 'Cause: null pointer dereference\nCaused by:'), 't', 'x');
    assert.equal(caused.cause, 'null pointer dereference');
  });

  it('reads a protobuf tombstone into the same record, the process named by its crashing thread', () => {
    const r = parseTombstonePb(tombstonePb(), 'tombstone_02.pb', '2021-05-03 09:00:00.000000');
    assert.deepEqual(r, {
      file_name: 'tombstone_02.pb', file_timestamp: '2021-05-03 09:00:00.000000', build_fingerprint: 'google/redfin/redfin:11/RQ2A.210305.006/7119741:user/release-keys', revision: 'MP1.0', arch: 'ARM64',
      timestamp: '2021-05-03 08:15:00.123456', process_uptime: 12, command_line: ['/data/local/tmp/.x/loader', '--quiet'], pid: 3100, tid: 3107, process_name: 'loader', binary_path: null,
      selinux_label: 'u:r:shell:s0', uid: 2000, signal_info: { code: 1, code_name: 'SEGV_MAPERR', name: 'SIGSEGV', number: 11 }, cause: null, causes: [{ human_readable: 'null pointer dereference' }], abort_message: '', extra: null,
    });
    // No signal: MVT's model refuses it.
    assert.throws(() => parseTombstonePb(Buffer.from([0x28, 0x05]), 't.pb', 'x'), DeviceError);
  });

  it('gives a protobuf tombstone without a time (none, empty or blanks) its file\'s time, as MVT does', () => {
    for (const time of [null, '', '   ']) {
      const r = parseTombstonePb(tombstonePb(time), 'tombstone_07.pb', '2024-01-15 10:30:45.123456');
      assert.equal(r.timestamp, '2024-01-15 10:30:45.123456', JSON.stringify(time));
      assert.equal(r.pid, 3100);
    }
    // A time it does give must read: a broken one still fails the file.
    assert.throws(() => parseTombstonePb(tombstonePb('yesterday'), 't.pb', '2024-01-15 10:30:45.123456'), /unknown time format/);
  });

  it('skips an empty tombstone file, as MVT does, instead of failing on it', async () => {
    const zip = writeZip(path.join(tempDir(), 'bugreport.zip'), [
      { name: 'main_entry.txt', data: 'bugreport-x.txt' }, { name: 'bugreport-x.txt', data: dumpstateText() },
      { name: 'FS/data/tombstones/tombstone_00', data: '' }, { name: 'FS/data/tombstones/tombstone_01.pb', data: tombstonePb() },
    ]);
    const r = await runDeviceCheck(bugreportSource(zip), only, new MatchIndex([]));
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['tombstones', 1, undefined]]);
    // Only an empty file: nothing to read, and nothing failed.
    const empty = writeZip(path.join(tempDir(), 'bugreport.zip'), [{ name: 'main_entry.txt', data: 'bugreport-x.txt' }, { name: 'bugreport-x.txt', data: dumpstateText() }, { name: 'FS/data/tombstones/tombstone_00', data: '' }]);
    const none = await runDeviceCheck(bugreportSource(empty), only, new MatchIndex([]));
    assert.deepEqual(none.modules.map((m) => [m.records, m.error?.code]), [[0, undefined]]);
  });

  it('gives a record or a typed error, whatever the protobuf bytes (fast-check)', () => {
    const good = tombstonePb();
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (muts, cut) => {
      const b = Buffer.from(good.subarray(0, cut));
      for (const [at, v] of muts) if (at < b.length) b[at] = v;
      try {
        parseTombstonePb(b, 't.pb', 'x');
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      }
    }), { numRuns: 1000 });
  });

  it('gives a record or a typed error, whatever the text (fast-check)', () => {
    const lines = sample.split('\n');
    const text = fc.array(fc.oneof(fc.constantFrom(...lines), fc.string({ maxLength: 50 }), fc.constantFrom('pid: x', 'uid: 1e3', 'signal 9', 'Timestamp: 2021-02-30 00:00:00', 'code 5', 'tid: 12')), { maxLength: 25 }).map((l) => l.join('\n'));
    fc.assert(fc.property(text, (t) => {
      try {
        const r = parseTombstone(t, 'f', 'x');
        assert.ok(Number.isInteger(r.pid) && Number.isInteger(r.uid));
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      }
    }), { numRuns: 1500 });
  });
});
