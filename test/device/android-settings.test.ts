// `dumpsys settings` (MVT's bugreport module Settings, as MVT now reads it): one record per row with
// the fields dumpsys prints, the row's change history dated from the section's end, a list in
// settings.json, the changes in the timeline, dangerous settings away from their safe value MEDIUM
// in MVT's words, and check-iocs reading it all back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bugreportSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { historyTime, parseDumpsysSettings } from '../../src/device/android/parse-dumpsys-settings.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED, buildBugreport } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const rowOf = (row: string) => parseDumpsysSettings(`GLOBAL SETTINGS (user 0)\n${row}`)[0];
const END = '--------- 0.051s was the duration of dumpsys settings, ending at: 2022-03-29 10:00:00';

describe('dumpsys settings', () => {
  it('splits a row into the fields dumpsys printed, a value with spaces whole', () => {
    assert.deepEqual(rowOf('_id:36 name:lock_screen_show_notifications pkg:android value:1 default:1 defaultSystemSet:true isValuePreservedInRestore:true'), {
      namespace: 'global', user: '0', _id: '36', name: 'lock_screen_show_notifications', pkg: 'android', value: '1', default: '1', defaultSystemSet: 'true', isValuePreservedInRestore: 'true', history: [],
    });
    assert.deepEqual(rowOf('_id:5 name:quick_start_flow_type pkg:android value:4 notPreservedInRestore'), { namespace: 'global', user: '0', _id: '5', name: 'quick_start_flow_type', pkg: 'android', value: '4', isValuePreservedInRestore: 'false', history: [] });
    assert.equal(rowOf('_id:20 name:device_name pkg:android value:Galaxy Z Flip6 default:Galaxy Z Flip6 defaultSystemSet:true').value, 'Galaxy Z Flip6');
    assert.equal(rowOf('_id:21 name:bluetooth_name pkg:android value:my phone tag:null').tag, 'null');
    // Before Android 8 a row names no package; a value may run over lines.
    assert.deepEqual(rowOf('_id:2 name:adb_enabled value:0'), { namespace: 'global', user: '0', _id: '2', name: 'adb_enabled', value: '0', history: [] });
    assert.equal(rowOf('_id:9 name:wifi_networks pkg:android value:first\nsecond line default:x').value, 'first\nsecond line');
  });

  it('keeps every row of every namespace and user as a list, and nothing outside a heading', () => {
    const rows = parseDumpsysSettings([
      '_id:1 name:orphan pkg:android value:1',
      'GLOBAL SETTINGS (user 0)', '_id:1 name:adb_enabled pkg:android value:1', '_id:1 name:adb_enabled pkg:android value:2', '',
      'SECURE SETTINGS (user 10)', '_id:7 name:accessibility_enabled pkg:android value:0', '',
      'Generation registry', '_id:99 name:after_the_blocks value:3',
    ].join('\n'));
    assert.deepEqual(rows.map((r) => [r.namespace, r.user, r.name, r.value]), [
      ['global', '0', 'adb_enabled', '1'],
      ['global', '0', 'adb_enabled', '2'],
      ['secure', '10', 'accessibility_enabled', '0'],
      // A row after the last block but before the section's end still belongs to the last heading, as MVT reads it.
      ['secure', '10', 'after_the_blocks', '3'],
    ]);
    assert.deepEqual(parseDumpsysSettings(['GLOBAL SETTINGS (user 0)', END, '_id:1 name:after_the_end value:1'].join('\n')), []);
  });

  it('dates each change with the year of the section\'s end, or the year before when later than it', () => {
    const rows = parseDumpsysSettings([
      'SECURE SETTINGS (user 0)', '_id:40 name:accessibility_enabled pkg:com.android.settings value:1',
      '  History (3 entries):', '    time:03-28 22:41:07.980 mode:update oldValue:0 newValue:1 package:com.example.helper',
      '    time:12-31 23:59:59.250 mode:update oldValue:1', '      newValue:0 package:com.android.settings', '    time:13-01 00:00:00.000 mode:update oldValue:0 newValue:1 package:x', END,
    ].join('\n'));
    assert.deepEqual(rows[0].history, [
      { timestamp: '2022-03-28 22:41:07.980000', oldValue: '0', newValue: '1', pkg: 'com.example.helper' },
      // Wrapped over two lines; after the dump's day, so of the year before.
      { timestamp: '2021-12-31 23:59:59.250000', oldValue: '1', newValue: '0', pkg: 'com.android.settings' },
      { timestamp: null, oldValue: '0', newValue: '1', pkg: 'x' },
    ]);
    // Without the section's end the year is unknown: no time.
    assert.equal(historyTime('03-28 22:41:07.980', undefined), null);
    // 29 February only in a year that has it.
    assert.equal(historyTime('02-29 10:00:00.5', { year: 2024, seconds: Date.UTC(2024, 5, 1) / 1000 }), '2024-02-29 10:00:00.500000');
    assert.equal(historyTime('02-29 10:00:00.5', { year: 2023, seconds: Date.UTC(2023, 5, 1) / 1000 }), null);
  });

  it('writes settings.json as MVT\'s list, dates the alerts by the last change, and puts the changes in the timeline; check-iocs reads it back', async () => {
    const out = tempDir();
    const only = MODULES.filter((m) => m.slug === 'settings');
    const r = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), only, new MatchIndex([]), out);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'settings.json'), 'utf8'));
    assert.deepEqual(json.map((x: { namespace: string; user: string; name: string; value: string }) => `${x.namespace}/${x.user}/${x.name}=${x.value}`), [
      'global/0/adb_enabled=1', 'global/0/package_verifier_user_consent=-1', 'global/0/send_action_app_error=1', 'global/0/device_name=Pixel 5', 'secure/0/accessibility_enabled=1', 'system/0/screen_brightness=102',
    ]);
    assert.equal(json[5].isValuePreservedInRestore, 'false');
    // send_action_app_error's row carries metadata after its safe value: not flagged.
    assert.deepEqual(r.alerts.map((a) => [a.level, a.message, a.event_time]), [
      ['MEDIUM', 'Found suspicious "global" setting "package_verifier_user_consent = -1" (disabled Google Play Protect)', null],
      ['MEDIUM', 'Found suspicious "secure" setting "accessibility_enabled = 1" (enabled accessibility services)', '2021-04-30 22:41:07.980000'],
    ]);
    const timeline = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    assert.deepEqual(timeline, [
      '"2020-12-31 23:59:59.250000","Settings","settings_change","secure setting ""accessibility_enabled"" changed from ""1"" to ""0"" by com.android.settings"',
      `"2021-04-30 22:41:07.980000","Settings","settings_change","secure setting ""accessibility_enabled"" changed from ""0"" to ""1"" by ${ANDROID_PLANTED.sideloaded}"`,
    ]);
    const again = recheckResults(out, new MatchIndex([])).alerts;
    assert.deepEqual(again.map((a) => [a.message, a.event_time]), r.alerts.map((a) => [a.message, a.event_time]));
  });

  it('reads any text without throwing: rows only under a heading, times null or whole', () => {
    const line = fc.oneof(
      fc.constantFrom('GLOBAL SETTINGS (user 0)', 'SECURE SETTINGS (user 3)', '', END, '_id:1 name:a pkg:p value:1 default:1', '_id:x name:b value:', '  History (1 entries):', '    time:01-02 03:04:05.6 mode:update oldValue:a newValue:b package:p', '    time:02-30 99:00:00.1'),
      fc.string({ maxLength: 40 }).map((s) => `_id:${s}`),
      fc.string({ maxLength: 40 }).map((s) => `    time:${s}`),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
      for (const r of parseDumpsysSettings(lines.join('\n'))) {
        assert.match(r.namespace, /^(config|global|secure|system)$/);
        assert.match(r.user, /^\d+$/);
        for (const h of r.history) if (h.timestamp !== null) assert.match(h.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      }
    }), { numRuns: 1500 });
  });
});
