// Times in device results are MVT's text, digit for digit: Python itself is the reference here,
// running MVT's conversions (convert_unix_to_iso, convert_mactime_to_iso, plistlib's dates) over
// the same values. A time no datetime can hold (corrupt databases) is null, never an exception.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addSeconds, APPLE_SECONDS, msOfMvtTime, mvtTimeOfApple, mvtTimeOfDate, mvtTimeOfParts, mvtTimeOfUnix } from '../../src/device/time.ts';
import { parsePlist } from '../../src/device/plist.ts';
import { bplist } from '../../src/device/synthetic/bplist-write.ts';
import { python } from '../helpers/python.ts';

// MVT's own functions (mvt/common/utils.py), and plistlib's reading of a binary date.
const PYTHON = `
import datetime, json, sys
def iso(d):
    if not d: return ""
    if d.tzinfo: d = d.astimezone(tz=datetime.timezone.utc)
    return d.strftime("%Y-%m-%d %H:%M:%S.%f")
def unix(t):
    try: return iso(datetime.datetime.fromtimestamp(float(t), tz=datetime.timezone.utc))
    except Exception: return ""
def mac(t):
    if not t: return ""
    if isinstance(t, int) and len(str(t)) == 18: t = int(str(t)[:9])
    t = t + 978307200
    try: return iso(datetime.datetime.fromtimestamp(float(t), tz=datetime.timezone.utc))
    except (OSError, OverflowError, ValueError): return ""
def plist(f):
    try: return iso(datetime.datetime(2001, 1, 1) + datetime.timedelta(seconds=f))
    except OverflowError: return ""
q = json.load(sys.stdin)
print(json.dumps({"unix": [unix(t) for t in q["unix"]], "mac": [mac(t) for t in q["mac"]], "plist": [plist(t) for t in q["plist"]]}))
`;

function pythonTimes(q: { unix: number[]; mac: number[]; plist: number[] }): { unix: string[]; mac: string[]; plist: string[] } {
  // Whole numbers go as JSON integers (Python's int), others as floats, as SQLite hands them to MVT.
  return JSON.parse(python(PYTHON, [], JSON.stringify(q)));
}

const orNull = (s: string) => (s === '' ? null : s);

describe('MVT time text', () => {
  it('agrees with Python over unix seconds, Apple seconds and nanoseconds, and binary plist dates', () => {
    // From year 1000: Python's strftime on Linux writes earlier years without their zeros ("1-01-01");
    // vigil keeps four digits there (no phone holds such a time; a corrupt one stays sortable).
    const floats = fc.sample(fc.double({ min: -3.06e10, max: 2.6e11, noNaN: true }), 4000);
    const nearNow = fc.sample(fc.double({ min: 1e9, max: 2e9, noNaN: true }), 2000);
    const apple = fc.sample(fc.oneof(fc.double({ min: -1e9, max: 2e9, noNaN: true }), fc.integer({ min: 1, max: 2e9 }), fc.double({ min: 1e17, max: 9.99e17, noNaN: true }).map(Math.round)), 3000);
    const plistDates = fc.sample(fc.double({ min: -3e10, max: 2e11, noNaN: true }), 2000);
    const edges = [0, -0.5, -1, 1.5, 0.0000005, 0.0000015, 1e9 + 0.0000005, 86_399.9999996, 253_402_300_799, 253_402_300_800, -30_610_224_000, -30_610_223_999.5];
    // A binary plist date as the reader gives it: the Date, and the seconds it kept for exact microseconds.
    const dates = [...plistDates, ...edges].map((t) => (parsePlist(bplist({ d: new Date(Date.UTC(2001, 0, 1) + t * 1000) }), 'test') as { d: Date & { [APPLE_SECONDS]?: number } }).d);
    const q = { unix: [...floats, ...nearNow, ...edges], mac: [...apple, ...edges.filter((t) => Math.abs(t) < 1e11), 600_000_000_123_456_789], plist: dates.map((d) => d[APPLE_SECONDS]!) };
    const expected = pythonTimes(q);
    q.unix.forEach((t, i) => assert.equal(mvtTimeOfUnix(t), orNull(expected.unix[i]), `unix ${t}`));
    q.mac.forEach((t, i) => assert.equal(mvtTimeOfApple(t), orNull(expected.mac[i]), `mac ${t}`));
    dates.forEach((d, i) => assert.equal(mvtTimeOfDate(d), orNull(expected.plist[i]), `plist ${q.plist[i]}`));
  });

  it('writes years 1 to 9999 and nothing else; 0 is Apple\'s "never"', () => {
    assert.equal(mvtTimeOfParts(-62_135_596_800, 0), '0001-01-01 00:00:00.000000');
    assert.equal(mvtTimeOfParts(253_402_300_799, 999_999), '9999-12-31 23:59:59.999999');
    assert.equal(mvtTimeOfParts(253_402_300_800, 0), null);
    for (const v of [Infinity, -Infinity, NaN, 1e300]) assert.equal(mvtTimeOfUnix(v), null);
    assert.equal(mvtTimeOfApple(0), null);
    assert.equal(mvtTimeOfApple(1e30), null);
    assert.equal(mvtTimeOfApple('junk'), null);
    assert.equal(mvtTimeOfApple(578_000_000), '2019-04-26 19:33:20.000000');
    // Nanoseconds in other than 18 digits, which MVT leaves blank, are still read as nanoseconds.
    assert.equal(mvtTimeOfApple(60_000_000_000_000_000), '2002-11-26 10:40:00.000000');
    assert.equal(mvtTimeOfDate(new Date(Date.UTC(2020, 1, 29, 1, 2, 3, 456))), '2020-02-29 01:02:03.456000');
    assert.equal(mvtTimeOfDate('2020-01-01'), null);
  });

  it('reads its own text back, and moves it by seconds keeping the microseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800, max: 253_402_300_000 }), fc.integer({ min: 0, max: 999_999 }), (s, us) => {
        const text = mvtTimeOfParts(s, us)!;
        assert.ok(Math.abs(msOfMvtTime(text) - (s * 1000 + us / 1000)) < 0.001);
        assert.equal(addSeconds(text, 300), mvtTimeOfParts(s + 300, us));
      }),
    );
    assert.ok(Number.isNaN(msOfMvtTime('2020-01-01T00:00:00Z')));
  });
});
