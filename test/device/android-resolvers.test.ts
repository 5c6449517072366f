// The resolver tables of `dumpsys package` (MVT's dumpsys_receivers and dumpsys_activities records):
// every category and key, entries in both printed forms, the table's end at the next line that is
// not indented, and what the receivers check says of them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bugreportSource, MODULES, parseResolverTable, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, androidTestStix, buildBugreport } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const TABLES = [
  'Activity Resolver Table:',
  '  Full MIME Types:',
  '      image/png:',
  '        1f2e3d4 com.example.viewer/.View (3 filters)',
  '',
  '  Wild MIME Types:',
  '      image:',
  '        2e3d4c5 com.example.viewer/.View',
  '        not an entry',
  '      video:',
  '        3d4c5b6 com.example.player/.Play filter 4c5b6a7',
  '  Unknown Category:',
  '      x:',
  '        5b6a7f8 com.example.skipped/.Skipped',
  '  Non-Data Actions:',
  '        6a7f8e9 com.example.nokey/.BeforeAnyKey',
  '      android.intent.action.MAIN:',
  '        7f8e9d0 com.example.launcher/.Main',
  'Receiver Resolver Table:',
  '  Non-Data Actions:',
  '      android.intent.action.BOOT_COMPLETED:',
  '        8e9d0c1 com.example.launcher/.Boot',
];

describe('dumpsys package resolver tables', () => {
  it('reads every category and key of one table, both entry forms, and stops at the next table', () => {
    const entries = parseResolverTable(TABLES.join('\n'), 'Activity');
    assert.deepEqual(entries.map((e) => [e.resolver_type, e.key, e.component, e.filter_count]), [
      ['full_mime_type', 'image/png', 'com.example.viewer/.View', 3],
      ['wild_mime_type', 'image', 'com.example.viewer/.View', 1],
      ['wild_mime_type', 'video', 'com.example.player/.Play', 1],
      ['non_data_action', 'android.intent.action.MAIN', 'com.example.launcher/.Main', 1],
    ]);
    assert.deepEqual(parseResolverTable(TABLES.join('\n'), 'Receiver').map((e) => [e.package_name, e.key]), [['com.example.launcher', 'android.intent.action.BOOT_COMPLETED']]);
    assert.deepEqual(parseResolverTable('Service Resolver Table:\n', 'Receiver'), []);
  });

  it('check-iocs still reads results saved in vigil\'s earlier layouts of receivers and settings', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'info.json'), JSON.stringify({ source_kind: 'bugreport' }));
    fs.writeFileSync(path.join(dir, 'dumpsys_receivers.json'), JSON.stringify({ 'android.provider.Telephony.SMS_RECEIVED': [{ package_name: P.appId, receiver: `${P.appId}/.SmsReceiver` }] }));
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'secure:user_10': { accessibility_enabled: '1' } }));
    const index = new MatchIndex(recordsFromFiles([androidTestStix(path.join(tempDir(), 'a.stix2'))]).records);
    const r = recheckResults(dir, index);
    assert.deepEqual(r.alerts.map((a) => [a.module, a.level, (a.matched_indicator?.value as string | undefined) ?? a.message]), [
      ['dumpsys_receivers', 'CRITICAL', P.appId],
      ['settings', 'MEDIUM', 'Found suspicious "secure" setting "accessibility_enabled = 1" (enabled accessibility services)'],
    ]);
    assert.equal((r.alerts[1].event as { user: string }).user, '10');
  });

  it('flags a receiver of an indicator app, notes watched intents of others, and not a scheme', async () => {
    const index = new MatchIndex(recordsFromFiles([androidTestStix(path.join(tempDir(), 'a.stix2'))]).records);
    const r = await runDeviceCheck(bugreportSource(buildBugreport(path.join(tempDir(), 'bugreport.zip'))), MODULES.filter((m) => m.slug === 'dumpsys_receivers'), index);
    assert.deepEqual(r.alerts.map((a) => [a.level, (a.matched_indicator?.value as string | undefined) ?? a.message]), [
      ['CRITICAL', P.appId],
      ['INFORMATIONAL', `${P.sideloaded}/.CallWatcher receives calls and telephony state`],
    ]);
  });
});
