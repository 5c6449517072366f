// dumpsys accessibility in MVT's current record: per user and component, each state section the
// dump printed as true/false and one it never printed as null; a stated installedServiceCount the
// named services do not reach as a count record; alerts LOW for a service the dump says is off,
// MEDIUM otherwise, CRITICAL on an app-id indicator whatever the state.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MODULES, parseAccessibility, type AccessibilityRecord, type Alert, type Result } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { androidTestStix } from '../../src/device/synthetic/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const module = MODULES.find((m) => m.slug === 'dumpsys_accessibility')!;
const check = (records: AccessibilityRecord[], index = new MatchIndex([])): Alert[] => module.check(records as unknown as Result[], { index, source: undefined as never });
const byComponent = (records: AccessibilityRecord[]) => new Map(records.map((r) => [r.component, r]));
const levels = (alerts: Alert[]) => alerts.map((a) => a.level);

// An older vendor layout: a block per state, printed even when empty.
const BLOCKS = `ACCESSIBILITY MANAGER (dumpsys accessibility)
User state[attributes:{id=0, currentUser=true
  mIsAutoclickEnabled = false
  }
  installed services: {
    0 : com.vendor.assist/.MenuService
    1 : org.example.reader/org.example.reader.ScreenService
  }
  enabled services: {
    0 : org.example.reader/org.example.reader.ScreenService
  }
  binding services: {
  }
  bound services:{
    0 : org.example.reader/org.example.reader.ScreenService
  }
  AccessibilityInputFilter:{
  }]
`;

// Android 14's: a count in the attributes, no installed list, every state on one line.
const COUNT_ONLY = `ACCESSIBILITY MANAGER (dumpsys accessibility)
currentUserId=0
User state[
     attributes:{id=0, touchExplorationEnabled=false, installedServiceCount=4, magnificationModes={0=1}}
     Bound services:{Service[label=Reader, feedbackType[FEEDBACK_SPOKEN, FEEDBACK_GENERIC], capabilities=11]}
     Enabled services:{{org.example.reader/org.example.reader.ScreenService}}
     Binding services:{}
     Crashed services:{}
     Client list info:{
          Registered clients:{
[org.example.reader][com.android.systemui]}]
Window attributes:[{1=AccessibilityWindowAttributes{mAccessibilityWindowTitle=nullmLocales=[en_US]}}]
`;

describe('dumpsys accessibility as MVT now reads it', () => {
  it('says per service which states the dump gives: installed, enabled, bound; crashed, never printed, is unknown', () => {
    const r = byComponent(parseAccessibility(BLOCKS));
    assert.equal(r.size, 2);
    const off = r.get('com.vendor.assist/.MenuService')!;
    const on = r.get('org.example.reader/org.example.reader.ScreenService')!;
    assert.deepEqual(off, {
      user_id: 0, component: 'com.vendor.assist/.MenuService', package_name: 'com.vendor.assist', service_name: '.MenuService',
      installed: true, enabled: false, binding: false, bound: false, crashed: null, accessibility_tool: false, installed_service_count: null, unnamed_service_count: null,
    });
    assert.deepEqual([on.installed, on.enabled, on.binding, on.bound, on.crashed], [true, true, false, true, null]);
    const alerts = check([...r.values()]);
    assert.deepEqual(alerts.map((a) => [a.level, a.message]), [
      ['LOW', 'Found accessibility service: "com.vendor.assist/.MenuService" (installed, not enabled)'],
      ['MEDIUM', 'Found accessibility service: "org.example.reader/org.example.reader.ScreenService" (enabled and bound)'],
    ]);
  });

  it('keeps a stated count the dump does not back with names, as a LOW record of the unnamed rest', () => {
    const records = parseAccessibility(COUNT_ONLY);
    assert.equal(records.length, 2);
    const [named, rest] = records;
    // Bound was printed, but with a description, not a component: printed, so false.
    assert.deepEqual([named.component, named.installed, named.enabled, named.bound, named.installed_service_count], ['org.example.reader/org.example.reader.ScreenService', null, true, false, 4]);
    assert.deepEqual(rest, { user_id: 0, component: null, package_name: null, service_name: null, installed: null, enabled: null, binding: null, bound: null, crashed: null, accessibility_tool: null, installed_service_count: 4, unnamed_service_count: 3 });
    assert.deepEqual(check(records).map((a) => [a.level, a.message]), [
      ['MEDIUM', 'Found accessibility service: "org.example.reader/org.example.reader.ScreenService" (enabled)'],
      ['LOW', 'The accessibility dump states 4 installed service(s) for user 0 but lists the component names of only 1 of them (3 unnamed)'],
    ]);
    // Nothing named at all; a zero count adds nothing; a count the names reach adds nothing.
    const none = parseAccessibility('User state[\n attributes:{id=0, installedServiceCount=5}\n Enabled services:{}\n');
    assert.equal(check(none)[0].message, 'The accessibility dump states 5 installed service(s) for user 0 but does not list their component names');
    assert.deepEqual(parseAccessibility('User state[attributes:{id=0, installedServiceCount=0}\n Enabled services:{}\n'), []);
    assert.ok(parseAccessibility(BLOCKS.replace('currentUser=true', 'installedServiceCount=2, currentUser=true')).every((r) => r.component && r.installed_service_count === 2 && r.unnamed_service_count === null));
  });

  it('keeps each user apart: one user\'s printed section says nothing of another\'s', () => {
    const records = parseAccessibility(`User state[attributes:{id=0, installedServiceCount=3}
  installed services: {
    0 : com.vendor.assist/.MenuService  (A11yTool)
  }
User state[attributes:{id=10, installedServiceCount=1}
     Enabled services:{{com.vendor.assist/.MenuService}, {org.example.work/.Helper}}
`);
    assert.deepEqual(records.map((r) => [r.user_id, r.component, r.installed, r.enabled, r.accessibility_tool, r.unnamed_service_count]), [
      [0, 'com.vendor.assist/.MenuService', true, null, true, null],
      [10, 'com.vendor.assist/.MenuService', null, true, false, null],
      [10, 'org.example.work/.Helper', null, true, false, null],
      [0, null, null, null, null, 2],
    ]);
    // Unknown is not off: the installed service whose enabled state user 0 never printed stays MEDIUM.
    assert.deepEqual(levels(check(records)), ['MEDIUM', 'MEDIUM', 'MEDIUM', 'LOW']);
    assert.match(check(records)[0].message, /\(installed, enabled state not stated\)$/);
  });

  it('keeps the A11yTool mark a listing gave, though the enabled list names the service without it', () => {
    const [r] = parseAccessibility('installed services: {\n  0 : com.vendor.assist/.Switch  (A11yTool)\n}\nEnabled services:{{com.vendor.assist/.Switch}}\n');
    assert.deepEqual([r.user_id, r.accessibility_tool, r.installed, r.enabled], [null, true, true, true]);
  });

  it('matches a switched-off service against app-id indicators all the same, at CRITICAL', () => {
    const index = new MatchIndex(recordsFromFiles([androidTestStix(path.join(tempDir(), 'a.stix2'))]).records);
    const planted = index.valuesOf('app_id')[0].value;
    const records = parseAccessibility(BLOCKS.replace('com.vendor.assist', planted));
    const alerts = check(records, index);
    assert.deepEqual(levels(alerts), ['CRITICAL', 'MEDIUM']);
    assert.equal(alerts[0].matched_indicator?.value, planted);
  });

  it('reads any text into records of the same shape, never throwing', () => {
    const line = fc.oneof(
      fc.constantFrom('installed services: {', 'Enabled services:{{a.b/.C}, {d.e/f.G  (A11yTool)}}', 'bound services:{', '}', '  0 : x.y/.Z', 'User state[attributes:{id=7, installedServiceCount=3}', 'AccessibilityInputFilter:{', 'Crashed services:{}'),
      fc.string(),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      for (const r of parseAccessibility(lines.join('\n'))) {
        assert.deepEqual(Object.keys(r), Object.keys(parseAccessibility('installed services: {\n0 : a/b\n}')[0]));
        if (r.component) assert.equal(`${r.package_name}/${r.service_name}`, r.component);
        else assert.ok(r.unnamed_service_count! > 0 && r.unnamed_service_count! <= r.installed_service_count!);
      }
    }), { numRuns: 2000 });
  });
});
