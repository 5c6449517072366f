// magisk_modules: the Magisk modules recent AndroidQF collects, read as MVT reads them (its own
// test cases), module.prop read only where the manifest may name one, and fuzzed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, DeviceError, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { magiskRecords, parseModuleProp, safePropPath } from '../../src/device/android/parse-magisk.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { ANDROID_PLANTED as P, buildAndroidQF } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, tempDir } from '../helpers/fixtures.ts';

const manifest = (modules: unknown[], status = 'collected') => JSON.stringify({ schema_version: 1, status, acquisition_method: 'adb exec-out su -c cat', modules });
const PROP = ['# Example module', 'id=example.module', 'name=Example Module', 'version=1.2.3', 'versionCode=12', 'author=Example Author', 'description=Example=with an equals sign', 'updateJson=https://example.invalid/update.json', 'customKey=custom value', 'malformed line'].join('\n');

describe('Magisk modules', () => {
  it('reads a module\'s properties and state as MVT does', () => {
    const [r] = magiskRecords(manifest([{ device_path: '/data/adb/modules/example.module', directory_name: 'example.module', module_prop_path: 'magisk_modules/0000/module.prop', module_prop_status: 'collected', state_files: ['disable', 'update'], state_files_complete: true }]), (p) => (p === 'magisk_modules/0000/module.prop' ? PROP : undefined));
    assert.deepEqual([r.id, r.name, r.version, r.version_code, r.author, r.description, r.update_json], ['example.module', 'Example Module', '1.2.3', '12', 'Example Author', 'Example=with an equals sign', 'https://example.invalid/update.json']);
    assert.equal((r.properties as Record<string, string>).customKey, 'custom value');
    assert.deepEqual([r.disabled, r.removal_pending, r.update_pending], [true, false, true]);
  });

  it('leaves the state unknown when AndroidQF did not see every state file, and reads no module.prop outside magisk_modules/', () => {
    const read: string[] = [];
    const records = magiskRecords(manifest([
      { device_path: '/data/adb/modules/incomplete', directory_name: 'incomplete', module_prop_status: 'missing', state_files: [], state_files_complete: false },
      { device_path: '/data/adb/modules/unsafe', directory_name: 'unsafe', module_prop_path: '../secret', module_prop_status: 'collected', state_files: [], state_files_complete: true },
    ], 'partial'), (p) => (read.push(p), 'id=must-not-be-read'));
    assert.deepEqual(records.map((r) => [r.disabled, r.removal_pending, r.update_pending, r.properties, r.id]), [[null, null, null, {}, null], [false, false, false, {}, null]]);
    assert.deepEqual(read, []);
    for (const bad of ['../secret', '/magisk_modules/0000/module.prop', 'magisk_modules/module.prop', 'magisk_modules/0000/../../x/module.prop', 'magisk_modules\\0000\\module.prop', 'other/0000/module.prop', 'magisk_modules/0000/module.txt']) assert.equal(safePropPath(bad), undefined, bad);
    assert.equal(safePropPath('magisk_modules//0000/./module.prop'), 'magisk_modules/0000/module.prop');
  });

  it('refuses a manifest of another schema, or not JSON, with a typed error', () => {
    for (const text of ['{', '[]', JSON.stringify({ schema_version: 2, modules: [] }), JSON.stringify({ schema_version: 1, modules: {} })]) assert.throws(() => magiskRecords(text, () => undefined), DeviceError, text);
  });

  it('in a collection: the module that updates from a Predator domain is CRITICAL, and the escaping path is not followed', async () => {
    const root = buildAndroidQF(tempDir());
    const r = await runDeviceCheck(androidqfSource(root), MODULES.filter((m) => m.slug === 'magisk_modules'), new MatchIndex(recordsFromFiles([CYTROX_STIX]).records));
    assert.deepEqual(r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['magisk_modules', 2, undefined]]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value, (a.event as { id: string }).id]), [['CRITICAL', P.smsDomain, P.magiskModule]]);
    // A collection of an older AndroidQF has no manifest: the module says so, the others go on.
    fs.rmSync(path.join(root, 'magisk_modules'), { recursive: true });
    const without = await runDeviceCheck(androidqfSource(root), MODULES.filter((m) => m.slug === 'magisk_modules'), new MatchIndex([]));
    assert.equal(without.modules[0].error?.code, 'DEVICE_NOT_FOUND');
  });

  it('gives records or a typed error, whatever the manifest and module.prop (fast-check)', () => {
    const entry = fc.record({ device_path: fc.option(fc.string()), module_prop_path: fc.oneof(fc.constant('magisk_modules/0/module.prop'), fc.string(), fc.integer()), module_prop_status: fc.constantFrom('collected', 'missing', 1), state_files: fc.oneof(fc.array(fc.constantFrom('disable', 'remove', 'update', 'x')), fc.jsonValue()), state_files_complete: fc.jsonValue() }, { requiredKeys: [] });
    const text = fc.oneof(fc.string(), fc.array(fc.oneof(entry, fc.jsonValue())).map((m) => manifest(m)), fc.jsonValue().map((v) => JSON.stringify(v)));
    fc.assert(fc.property(text, fc.string({ maxLength: 200 }), (t, prop) => {
      try {
        for (const r of magiskRecords(t, () => prop)) assert.equal(typeof r.properties, 'object');
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      }
      for (const v of Object.values(parseModuleProp(prop))) assert.equal(v, v.trim());
    }), { numRuns: 800 });
  });
});
