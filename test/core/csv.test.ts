// The investigators' CSV reader: files as spreadsheets write them (semicolons, tabs, UTF-16, BOM,
// CRLF), line numbers for errors, and a round trip of any fields through quoting (fast-check).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeText, ParseError, parseCsv } from '../../src/core/index.ts';

describe('investigator CSV files', () => {
  it('reads comma, semicolon (Excel in comma-decimal locales) and tab files alike', () => {
    for (const d of [',', ';', '\t']) {
      const text = [`number${d}name${d}sector`, `+5255123456${d}"Ana${d} Lopez"${d}journalist`, `+442079460958${d}Bob${d}`].join('\r\n');
      const { header, rows } = parseCsv(text, 'x.csv');
      assert.deepEqual(header, ['number', 'name', 'sector']);
      assert.deepEqual(rows.map((r) => [r.line, r.values.number, r.values.name, r.values.sector]), [[2, '+5255123456', `Ana${d} Lopez`, 'journalist'], [3, '+442079460958', 'Bob', '']]);
    }
  });

  it('keeps commas inside a semicolon file\'s fields, and a delimiter inside a quoted header name', () => {
    assert.deepEqual(parseCsv('number;note\n+1;"a, b";\n', 'x').rows[0].values, { number: '+1', note: 'a, b' });
    assert.deepEqual(parseCsv('"a;b",c\n1,2\n', 'x').header, ['a;b', 'c']);
  });

  it('decodes UTF-8 (with or without BOM) and UTF-16 in either byte order (Excel\'s "Unicode text")', () => {
    const text = 'number\tname\n+5255123456\tJosé Ñandú\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [Buffer.from(text), Buffer.from(`\ufeff${text}`), le, be]) {
      assert.deepEqual(parseCsv(decodeText(bytes), 'x').rows[0].values, { number: '+5255123456', name: 'José Ñandú' });
      // Cut short by one byte: the rest is still read.
      assert.match(decodeText(bytes.subarray(0, bytes.length - 1)), /^\uFEFF?number\tname\n\+5255123456\tJosé Ñandú/);
    }
  });

  it('names the line of an unterminated quote, and refuses an empty file', () => {
    assert.throws(() => parseCsv('number\n+1\n"+2\n', 'v.csv'), (e: unknown) => e instanceof ParseError && /line 3/.test(e.message) && e.where === 'v.csv');
    assert.throws(() => parseCsv('', 'v.csv'), ParseError);
  });

  it('gives back any fields written with RFC 4180 quoting, whatever the delimiter (fast-check)', () => {
    const field = fc.string({ maxLength: 12 }).map((s) => s.trim());
    fc.assert(
      fc.property(fc.constantFrom(',', ';', '\t'), fc.integer({ min: 1, max: 5 }), fc.array(fc.array(field, { minLength: 5, maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (d, width, table, eol) => {
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const quote = (v: string) => (/["\r\n,;\t]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
        const rows = table.map((r) => r.slice(0, width));
        const text = [header.join(d), ...rows.map((r) => r.map(quote).join(d))].join(eol);
        const parsed = parseCsv(text, 'x');
        assert.deepEqual(parsed.header, header);
        // In a one-column file a row with nothing in it is a blank line, no record, quoted or not.
        assert.deepEqual(parsed.rows.map((r) => header.map((h) => r.values[h])), rows.filter((r) => !(width === 1 && r[0] === '')));
      }),
      { numRuns: 300 },
    );
  });
});
