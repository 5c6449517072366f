// The dump-only modules over what iOS records about itself (analytics databases, the builds they
// saw, analyticsd's journals, apps' URL caches): each module's JSON and timeline text compared
// with MVT's steps written in Python over the same dump, their alerts, a damaged journal, and
// check-iocs over the saved results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fsSource, recheckResults, runDeviceCheck } from '../../src/device/index.ts';
import { journalTime } from '../../src/device/modules/fs-analytics.ts';
import { compareVersions, iosVersionOfBuild, LATEST_LISTED_IOS, outdatedIos } from '../../src/device/ios-builds.ts';
import { buildFsDump, PLANTED } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { only, readModuleJson, sameJson } from '../helpers/device.ts';
import { python } from '../helpers/python.ts';
import { pythonRepr } from '../../src/device/python-values.ts';
import { parsePlist } from '../../src/device/plist.ts';
import { bplist } from '../../src/device/synthetic/bplist-write.ts';

const pegasus = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);

// MVT's Analytics steps in Python: the UNION of the tables, each record's plist with its time
// (seconds since 1970) and file, sorted by time; and its timeline text, the record's repr.
const PY_ANALYTICS = `
import datetime, glob, json, os, plistlib, sqlite3, sys
def iso(t):
    return datetime.datetime.fromtimestamp(float(t), tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") if t else ""
results = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "private/var/Keychains/Analytics/*.db"))):
    cur = sqlite3.connect(f).cursor()
    try:
        cur.execute("SELECT timestamp, data FROM hard_failures UNION SELECT timestamp, data FROM soft_failures UNION SELECT timestamp, data FROM all_events;")
    except sqlite3.OperationalError:
        cur.execute("SELECT timestamp, data FROM hard_failures UNION SELECT timestamp, data FROM soft_failures;")
    for ts, data in cur:
        if not ts and not data:
            continue
        d = plistlib.loads(data) if data else {}
        d["isodate"] = iso(ts)
        d["artifact"] = f.split("/")[-1]
        results.append(d)
results = sorted(results, key=lambda e: e["isodate"])
# MVT's JSON of a datetime is its str(), of bytes their text.
dump = lambda o: str(o) if isinstance(o, datetime.datetime) else o.decode("utf-8", "backslashreplace")
print(json.dumps({"records": results, "rows": [f"{r}" for r in results]}, default=dump))
`;

describe('analytics', () => {
  it('gives MVT\'s records and row text, and a Pegasus process named in a record HIGH', async () => {
    const dump = buildFsDump(tempDir());
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(dump), only('analytics'), pegasus, out);
    const py = JSON.parse(python(PY_ANALYTICS, [dump]));
    sameJson(readModuleJson(out, 'analytics'), py.records);
    assert.deepEqual(r.timeline.map((t) => t.data), py.rows);
    assert.equal(py.records.length, 6);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value, a.event_time]), [['HIGH', PLANTED.analyticsProcess, '2021-05-03 07:13:10.000000']]);
  });

  it('analytics_ios_versions: each build where it first appears, named by its version', async () => {
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(buildFsDump(tempDir())), only('analytics_ios_versions'), pegasus, out);
    sameJson(readModuleJson(out, 'analytics_ios_versions'), [
      { isodate: '2021-04-01 10:00:00.500000', build: '18D70', version: '14.4.2' },
      { isodate: '2021-04-28 09:20:00.000000', build: '18E199', version: '14.5' },
      { isodate: '2021-05-02 12:00:00.000000', build: '18E212', version: '14.5.1' },
    ]);
    assert.deepEqual(r.timeline.map((t) => t.data), ['Seen iOS version 14.4.2 (18D70)', 'Seen iOS version 14.5 (18E199)', 'Seen iOS version 14.5.1 (18E212)']);
    // MVT's lookup upper-cases the build; an unknown one has no version.
    assert.deepEqual([iosVersionOfBuild('20h360'), iosVersionOfBuild('22F76'), iosVersionOfBuild('99Z1')], ['16.7.11', '18.5', '']);
  });
});

describe('version_history', () => {
  it('reads each journal\'s first line, its time in UTC as Python\'s strptime and astimezone give it', async () => {
    const dump = buildFsDump(tempDir());
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(dump), only('version_history'), pegasus, out);
    sameJson(readModuleJson(out, 'version_history'), JSON.parse(python(`
import datetime, glob, json, os, sys
res = []
for f in glob.glob(os.path.join(sys.argv[1], "private/var/db/analyticsd/Analytics-Journal-*.ips")):
    line = json.loads(open(f, encoding="utf-8").readline().strip())
    t = datetime.datetime.strptime(line["timestamp"], "%Y-%m-%d %H:%M:%S.%f %z").astimezone(datetime.timezone.utc)
    res.append({"isodate": t.strftime("%Y-%m-%d %H:%M:%S.%f"), "os_version": line["os_version"]})
print(json.dumps(sorted(res, key=lambda e: e["isodate"])))
`, [dump])));
    assert.deepEqual(r.timeline.map((t) => t.data), ['Recorded iOS version iPhone OS 14.4.2 (18D70)', 'Recorded iOS version iPhone OS 14.5 (18E199)']);
  });

  it('writes times as Python does for any offset and fraction', () => {
    const stamps: string[] = [];
    fc.assert(fc.property(
      fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2035-12-31T23:59:59Z') }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(),
      (ms, digits, micros, offsetMin, colon) => {
        const frac = String(micros).padStart(6, '0').slice(0, digits);
        const sign = offsetMin < 0 ? '-' : '+';
        const off = `${String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(Math.abs(offsetMin) % 60).padStart(2, '0')}`;
        stamps.push(`${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${frac} ${sign}${off}`);
      },
    ), { numRuns: 200 });
    const expected = python(`
import datetime, sys
for s in sys.stdin.read().splitlines():
    print(datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f %z").astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f"))
`, [], stamps.join('\n')).trim().split('\n');
    assert.deepEqual(stamps.map(journalTime), expected);
    assert.deepEqual([journalTime('2021-04-28 11:15:00 +0200'), journalTime('not a time'), journalTime('2021-13-28 11:15:00.0 +0200')], [null, null, null]);
  });

  it('a journal whose first line is not JSON stops that module only, with a typed error naming it', async () => {
    const dump = buildFsDump(tempDir());
    fs.writeFileSync(path.join(dump, 'private/var/db/analyticsd/Analytics-Journal-2021-05-01-000000.ips'), 'garbage\n');
    const r = await runDeviceCheck(fsSource(dump), only('version_history', 'cache_files'), pegasus);
    const failed = r.modules.find((m) => m.slug === 'version_history')!;
    assert.match(JSON.stringify(failed.error), /DEVICE_JOURNAL/);
    assert.match(JSON.stringify(failed.error), /Analytics-Journal-2021-05-01-000000\.ips/);
    assert.equal(r.modules.find((m) => m.slug === 'cache_files')?.records, 2);
  });
});

describe('cache_files', () => {
  it('gives MVT\'s dictionary of each Cache.db\'s responses, passes other Cache.db by, and a Pegasus URL CRITICAL; check-iocs reads it back', async () => {
    const dump = buildFsDump(tempDir());
    const out = tempDir();
    const r = await runDeviceCheck(fsSource(dump), only('cache_files', 'analytics'), new MatchIndex([]), out);
    sameJson(readModuleJson(out, 'cache_files'), JSON.parse(python(`
import json, os, sqlite3, sys
res = {}
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name != "Cache.db":
            continue
        p = os.path.join(root, name)
        cur = sqlite3.connect(p).cursor()
        try:
            cur.execute("SELECT * FROM cfurl_cache_response;")
        except sqlite3.OperationalError:
            continue
        res.setdefault(os.path.relpath(p, sys.argv[1]), []).extend({"entry_id": x[0], "version": x[1], "hash_value": x[2], "storage_policy": x[3], "url": x[4], "isodate": x[5]} for x in cur)
print(json.dumps(res))
`, [dump])));
    assert.deepEqual(r.alerts, []);
    assert.ok(r.timeline.some((t) => t.timestamp === '2021-05-03 07:12:44' && t.data.endsWith(`recorded visit to URL https://static.${PLANTED.cacheDomain}/c/4e1a.js`)));
    const again = recheckResults(out, pegasus);
    assert.deepEqual(again.alerts.map((a) => [a.module, a.level, a.matched_indicator?.value]), [['analytics', 'HIGH', PLANTED.analyticsProcess], ['cache_files', 'CRITICAL', PLANTED.cacheDomain]]);
    assert.match(again.alerts[1].message, /^response cached in private\/var\/mobile\/Containers\/Data\/Application\/3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A\/Library\/Caches\/com\.example\.news\/Cache\.db from /);
  });
});

describe('Python repr of a record', () => {
  it('writes an integer past 2^53 (a BigInt) with its digits, as Python\'s repr of an int', () => {
    const record = { count: 13264333200000001n, name: "it's", n: 3 };
    assert.equal(pythonRepr(record), python('print(repr({"count": 13264333200000001, "name": "it\'s", "n": 3}))').trim());
  });

  it('writes dates and bytes of a property list as Python\'s repr of what plistlib gives', () => {
    const lists = fc.sample(fc.record({ when: fc.integer({ min: 0, max: 2e12 }).map((ms) => new Date(Date.UTC(2001, 0, 1) + ms)), data: fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)) }), { numRuns: 200, seed: 9 }).map((v) => bplist(v));
    const expected = python(`
import plistlib, sys
for line in sys.stdin.read().split():
    print(repr(plistlib.loads(bytes.fromhex(line))))`, [], lists.map((b) => b.toString('hex')).join('\n')).trimEnd().split('\n');
    assert.deepEqual(lists.map((b) => pythonRepr(parsePlist(b, 'test'))), expected);
  });
});

describe('outdated iOS, as MVT\'s is_ios_version_outdated', () => {
  it('orders versions by PEP 440\'s release segments, as packaging.version does', () => {
    const versions = fc.sample(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')), { numRuns: 300, seed: 5 });
    const pairs = versions.map((v, i) => [v, versions[(i * 7 + 3) % versions.length]]);
    const expected = JSON.parse(python(`
import json, sys
# PEP 440's order of release segments, as packaging.version applies it: numbers left to right,
# trailing zeros dropped ("18" == "18.0").
def parse(v):
    parts = [int(p) for p in v.split('.')]
    while len(parts) > 1 and parts[-1] == 0: parts.pop()
    return tuple(parts)
pairs = json.loads(sys.stdin.read())
print(json.dumps([(parse(a) > parse(b)) - (parse(a) < parse(b)) for a, b in pairs]))`, [], JSON.stringify(pairs)));
    assert.deepEqual(pairs.map(([a, b]) => compareVersions(a, b)), expected);
  });

  it('tells a version or build older than the newest listed, and says nothing of one it cannot read', () => {
    assert.equal(LATEST_LISTED_IOS, '18.5');
    assert.deepEqual(['14.5', '18E199', '18.4.1', '18.5', '18.5.0', '26.1', '99Z1', 'beta'].map(outdatedIos), [true, true, true, false, false, false, undefined, undefined]);
  });
});
