// Times read from files and flags are UTC when they name no zone, on a machine in any zone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isoOfMs, parseUtc, utcIso } from '../../src/core/index.ts';

// JavaScript reads a time without a zone as local time: in Tokyo, nine hours off UTC.
process.env.TZ = 'Asia/Tokyo';

describe('parseUtc and utcIso', () => {
  it('reads a date and time without a zone as UTC, not as the machine local time', () => {
    assert.equal(new Date(2019, 4, 2).getTimezoneOffset(), -540, 'the test runs in Tokyo time');
    assert.equal(utcIso('2019-05-02 03:14:07'), '2019-05-02T03:14:07.000Z');
    assert.equal(utcIso('2019-05-02T03:14'), '2019-05-02T03:14:00.000Z');
    assert.equal(utcIso(' 2019-05-02T03:14:07.5 '), '2019-05-02T03:14:07.500Z');
    assert.equal(utcIso('2019-05-02'), '2019-05-02T00:00:00.000Z');
  });

  it('applies a zone when one is named', () => {
    assert.equal(utcIso('2019-05-02T05:14:07.123+02:00'), '2019-05-02T03:14:07.123Z');
    assert.equal(utcIso('2019-05-02T03:14:07.123Z'), '2019-05-02T03:14:07.123Z');
    assert.equal(parseUtc('2019-05-01T22:14:07-05:00'), Date.parse('2019-05-02T03:14:07Z'));
  });

  it('gives null (utcIso) or NaN (parseUtc) for what is not a time', () => {
    for (const s of ['', 'garbage', '2019-13-45 99:99', undefined, null]) assert.equal(utcIso(s), null, String(s));
    // Outside years 1 to 9999: RFC 3339 cannot write them and PostgreSQL refuses year 0.
    for (const s of ['0000-06-01T00:00:00Z', '+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) assert.equal(utcIso(s), null, s);
    assert.equal(utcIso('9999-12-31T23:59:59.999Z'), '9999-12-31T23:59:59.999Z');
    assert.equal(utcIso('0001-01-01'), '0001-01-01T00:00:00.000Z');
    assert.equal(isoOfMs(1e23), null);
    assert.ok(Number.isNaN(parseUtc('next tuesday')));
  });

  it('agrees with the zone-explicit reading for every time written without a zone', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.boolean(), (d, space) => {
        const iso = d.toISOString();
        const bare = iso.slice(0, -1).replace('T', space ? ' ' : 'T');
        assert.equal(utcIso(bare), iso);
      }),
    );
  });
});
