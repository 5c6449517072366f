// The dumpstate's PROCESSES AND THREADS section (MVT's bugreport module Processes): every thread in
// MVT's process record plus its own columns, read by the header; names against process and app-id
// indicators, once per process however many threads share the name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bugreportSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { parseThreads } from '../../src/device/android/parse-threads.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED, buildBugreport } from '../../src/device/synthetic/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const HEADER = 'LABEL                          USER           PID   TID  PPID     VSZ    RSS WCHAN            ADDR S PRI  NI RTPRIO SCH  PCY     TIME CMD';

describe('bugreport processes and threads', () => {
  it('reads each thread by the header: MVT\'s keys, the thread\'s own, names with spaces, an empty WCHAN', () => {
    const { records, skipped } = parseThreads([
      HEADER,
      'u:r:system_server:s0           system        1500  1511   990 15467320 280104 do_sigtimedwait  0 S  29   0     -   0   fg 00:00:00 Signal Catcher',
      'u:r:system_server:s0           system        1500  1530   990 15467320 280104                  0 R  19   0     -   0   ta 00:00:41 android.bg',
      'u:r:kernel:s0                  root             9     9     2       0      0 worker_thread       0 I  39 -20     -   0   fg 00:00:00 [kworker/0:1H]',
      'u:r:x:s0 root notanumber 1 1 1 1 w 0 S 19 0 - 0 fg 00:00:00 bad',
      'u:r:x:s0 root 5 5',
      '',
    ].join('\n'));
    assert.equal(skipped, 2);
    assert.deepEqual(records[0], {
      user: 'system', pid: 1500, ppid: 990, virtual_memory_size: 15467320, resident_set_size: 280104, wchan: 'do_sigtimedwait', aprocress: '0', stat: 'S', proc_name: 'Signal Catcher', label: 'u:r:system_server:s0',
      tid: 1511, priority: '29', nice: '0', rtprio: '-', scheduling_policy: '0', cpu_policy: 'fg', time: '00:00:00',
    });
    assert.deepEqual([records[1].wchan, records[1].stat, records[1].proc_name, records[1].cpu_policy], ['', 'R', 'android.bg', 'ta']);
    assert.deepEqual([records[2].proc_name, records[2].nice], ['kworker/0:1H', '-20']);
  });

  it('reads toolbox\'s layout before Android 7: the state before the name, no TID column', () => {
    const { records } = parseThreads(['LABEL USER PID PPID VSIZE RSS PRIO NICE RTPRI SCHED PCY WCHAN PC NAME', 'u:r:init:s0 root 1 0 640 496 20 0 0 0 fg c00f1d38 0000d1bc S /init'].join('\n'));
    assert.deepEqual([records[0].pid, records[0].tid, records[0].stat, records[0].proc_name, records[0].virtual_memory_size, records[0].aprocress], [1, 1, 'S', '/init', 640, '0000d1bc']);
    // No header, nothing read: every line counted as skipped.
    assert.deepEqual(parseThreads('root 1 0 640 496 x\nroot 2 0 1 1 y'), { records: [], skipped: 2 });
  });

  it('flags the planted process once for its two threads, never gatekeeperd, and check-iocs finds the same', async () => {
    const out = tempDir();
    const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
    const r = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), MODULES.filter((m) => m.slug === 'processes'), index, out);
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['processes', 7, undefined]]);
    const found = (alerts: typeof r.alerts) => alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { tid: number }).tid]);
    assert.deepEqual(found(r.alerts), [['CRITICAL', ANDROID_PLANTED.process, 4242]]);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'processes.json'), 'utf8')).length, 7);
    assert.deepEqual(found(recheckResults(out, index).alerts), found(r.alerts));
  });

  it('reads any text under the header without throwing: numbers whole, names free of brackets at their ends', () => {
    const token = fc.oneof(fc.constantFrom('S', 'R', '-', '0', '19', 'fg', 'u:r:x:s0', '[k]', ''), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(fc.array(token, { maxLength: 20 }).map((t) => t.join(' ')), { maxLength: 10 }), (lines) => {
      const { records, skipped } = parseThreads([HEADER, ...lines].join('\n'));
      assert.ok(records.length + skipped <= lines.length);
      for (const r of records) {
        for (const n of [r.pid, r.tid, r.ppid, r.virtual_memory_size, r.resident_set_size]) assert.ok(Number.isInteger(n) && n >= 0);
        assert.doesNotMatch(r.proc_name, /^\[|\]$/);
      }
    }), { numRuns: 1500 });
  });
});
