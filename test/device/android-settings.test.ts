// `dumpsys settings` (MVT's bugreport module Settings): namespaces per user, each row's value cut
// from the metadata after it, written as MVT's { namespace: { key: value } }, read back by
// check-iocs, and dangerous settings away from their safe value MEDIUM.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bugreportSource, MODULES, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { parseDumpsysSettings } from '../../src/device/android/parse-text.ts';
import { MatchIndex } from '../../src/indicators/index.ts';
import { buildBugreport } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const valueOf = (row: string) => parseDumpsysSettings(`GLOBAL SETTINGS (user 0)\n${row}`)[0]?.value;

describe('dumpsys settings', () => {
  it('cuts a row\'s value at the first of its metadata keys, so a value with spaces survives', () => {
    assert.equal(valueOf('_id:36 name:lock_screen_show_notifications pkg:android value:1 default:1 defaultSystemSet:true isValuePreservedInRestore:true'), '1');
    assert.equal(valueOf('_id:5 name:quick_start_flow_type pkg:android value:4 notPreservedInRestore'), '4');
    assert.equal(valueOf('_id:6 name:wifi_on pkg:android value:1 preservedInRestore'), '1');
    assert.equal(valueOf('_id:9 name:send_action_app_error pkg:android value:1 isValuePreservedInRestore:true'), '1');
    assert.equal(valueOf('_id:20 name:device_name pkg:android value:Galaxy Z Flip6 default:Galaxy Z Flip6 defaultSystemSet:true'), 'Galaxy Z Flip6');
    assert.equal(valueOf('_id:21 name:bluetooth_name pkg:android value:my phone tag:null'), 'my phone');
    assert.equal(valueOf('_id:14 name:package_verifier_enable pkg:android value:1'), '1');
    // Before Android 8 a row names no package.
    assert.equal(valueOf('_id:2 name:adb_enabled value:0'), '0');
  });

  it('keeps namespaces per user, the last printing of each, and nothing outside a heading', () => {
    const records = parseDumpsysSettings([
      '_id:1 name:orphan pkg:android value:1',
      'GLOBAL SETTINGS (user 0)', '_id:1 name:adb_enabled pkg:android value:1',
      'SECURE SETTINGS (user 10)', '_id:7 name:accessibility_enabled pkg:android value:0', '  _id:8 name:indented pkg:android value:1',
      'GLOBAL SETTINGS (user 0)', '_id:1 name:adb_enabled pkg:android value:0', '_id:1 name:adb_enabled pkg:android value:2',
      'Global settings:', '_id:2 name:after pkg:android value:3',
    ].join('\n'));
    assert.deepEqual(records, [
      { namespace: 'global:user_0', name: 'adb_enabled', value: '2' },
      { namespace: 'global:user_0', name: 'after', value: '3' },
      { namespace: 'secure:user_10', name: 'accessibility_enabled', value: '0' },
    ]);
  });

  it('writes settings.json as MVT does, flags what is away from its safe value, and check-iocs reads it back', async () => {
    const out = tempDir();
    const only = MODULES.filter((m) => m.slug === 'settings');
    const r = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), only, new MatchIndex([]), out);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'settings.json'), 'utf8'));
    assert.deepEqual(json, {
      'global:user_0': { adb_enabled: '1', package_verifier_user_consent: '-1', send_action_app_error: '1', device_name: 'Pixel 5' },
      'secure:user_0': { accessibility_enabled: '1' },
      'system:user_0': { screen_brightness: '102' },
    });
    // send_action_app_error's row carries metadata after its safe value: not flagged.
    assert.deepEqual(r.alerts.map((a) => [a.level, a.message]), [
      ['MEDIUM', 'global:user_0 setting package_verifier_user_consent = -1: Google Play Protect is off'],
      ['MEDIUM', 'secure:user_0 setting accessibility_enabled = 1: accessibility services are on'],
    ]);
    assert.deepEqual(recheckResults(out, new MatchIndex([])).alerts.map((a) => a.message), r.alerts.map((a) => a.message));
  });

  it('reads any text without throwing, every value free of row metadata', () => {
    const line = fc.oneof(
      fc.constantFrom('GLOBAL SETTINGS (user 0)', 'SECURE SETTINGS (user 3)', '_id:1 name:a pkg:p value:1 default:1', '_id:x name:b value:', '_id:2 name:c pkg:q value:v w notPreservedInRestore'),
      fc.string({ maxLength: 40 }).map((s) => `_id:${s}`),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
      for (const r of parseDumpsysSettings(lines.join('\n'))) {
        assert.match(r.namespace, /^(config|global|secure|system):user_\d+$/);
        assert.doesNotMatch(r.value, /\s(default|defaultSystemSet|tag|isValuePreservedInRestore):/);
      }
    }), { numRuns: 1500 });
  });
});
