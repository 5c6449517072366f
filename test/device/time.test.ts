// Times in evidence: written as Date#toISOString writes them, and a time no Date can hold (corrupt
// databases) is null, never an exception.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isoOfEpochMs } from '../../src/device/time.ts';
import { appleTime } from '../../src/device/sqlite.ts';

describe('isoOfEpochMs', () => {
  it('agrees with toISOString over the whole range a Date holds, fractions included', () => {
    fc.assert(
      fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (ms) => {
        assert.equal(isoOfEpochMs(ms), new Date(ms).toISOString());
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees over years 1 to 9999, the times it writes itself', () => {
    fc.assert(
      fc.property(fc.double({ min: -62_135_596_800_000, max: 253_402_300_799_999.9, noNaN: true }), (ms) => {
        assert.equal(isoOfEpochMs(ms), new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees at the edges: epoch, leap days, year 0 and 9999, negative fractions', () => {
    for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '1900-03-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2024-12-31T12:00:00.005Z', '0001-01-01T00:00:00.000Z', '1600-02-29T12:34:56.789Z', '2100-03-01T00:00:00.000Z']) {
      assert.equal(isoOfEpochMs(Date.parse(text)), text);
    }
    assert.equal(isoOfEpochMs(-0.5), new Date(-0.5).toISOString());
    assert.equal(isoOfEpochMs(-1), '1969-12-31T23:59:59.999Z');
  });

  it('gives null for times no Date holds', () => {
    for (const v of [Infinity, -Infinity, NaN, 8.64e15 + 1, -1e300]) assert.equal(isoOfEpochMs(v), null);
    // A corrupt Apple timestamp: far beyond any date, once a RangeError that stopped the module.
    assert.equal(appleTime(1e30), null);
    assert.equal(appleTime(578_000_000), '2019-04-26T19:33:20.000Z');
  });
});
