// Export then import gives the same set, for every format (what a format cannot hold is reported).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportIndicators, importIndicatorFile, loadIndicators, type ExportFormat, type IndicatorRecord } from '../../src/indicators/index.ts';
import { drivers } from '../helpers/stores.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir, writeTemp } from '../helpers/fixtures.ts';

const key = (r: IndicatorRecord) => `${r.collection}|${r.type}|${r.match}|${r.value}`;

const EXTRA = {
  type: 'bundle',
  id: 'bundle--x',
  objects: [
    { type: 'malware', id: 'malware--x', name: 'Field kit', is_family: false },
    ...[
      "[ipv4-addr:value ISSUBSET '45.77.10.0/24']",
      "[ipv6-addr:value = '2a05:f480:1::/48']",
      "[url:value = 'https://drop.example.org/a?b=1']",
      "[file:hashes.'SHA-256' = '" + 'c'.repeat(64) + "']",
      "[file:hashes.MD5 = '" + 'd'.repeat(32) + "']",
      "[app:id = 'com.evil.spy']",
      "[x509-certificate:hashes.'SHA-1' = '" + 'e'.repeat(40) + "']",
      "[android-property:name = 'persist.evil']",
      "[user-account:account_login = '+97333123456']",
      "[phone-number:value = '+525512345678']",
      "[domain-name:value LIKE '%.evil-cdn.net']",
    ].flatMap((pattern, i) => [
      { type: 'indicator', id: `indicator--x${i}`, pattern, pattern_type: 'stix' },
      { type: 'relationship', id: `relationship--x${i}`, relationship_type: 'indicates', source_ref: `indicator--x${i}`, target_ref: 'malware--x' },
    ]),
  ],
};

describe('indicator export', () => {
  for (const format of ['stix', 'misp', 'zeek', 'txt'] as ExportFormat[]) {
    it(`${format}: export then import gives the same set`, async () => {
      const dir = tempDir();
      const a = await drivers[0].open();
      const b = await drivers[0].open();
      try {
        await importIndicatorFile(a, PEGASUS_STIX);
        await importIndicatorFile(a, CYTROX_STIX);
        await importIndicatorFile(a, writeTemp(dir, 'extra.json', JSON.stringify(EXTRA)));
        const original = await loadIndicators(a);
        const out = exportIndicators(original, format);
        const skippedKeys = new Set(out.skipped.map((s) => `${s.type}|${s.value}`));
        const file = writeTemp(dir, `export.${format}`, out.text);
        const r = await importIndicatorFile(b, file, { format });
        assert.deepEqual(r.dropped, []);
        const expected = original.filter((x) => !skippedKeys.has(`${x.type}|${x.value}`)).map(key).sort();
        assert.deepEqual((await loadIndicators(b)).map(key).sort(), expected);
        assert.equal(out.exported, expected.length);
        // Each format names what it could not carry rather than dropping it silently.
        if (format === 'stix') assert.equal(out.skipped.length, 0);
        if (format === 'zeek') assert.ok(out.skipped.some((s) => s.type === 'process'));
        if (format === 'misp' || format === 'txt') assert.deepEqual(out.skipped.map((s) => s.value), ['%.evil-cdn.net']);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }

  it('stix: keeps the original STIX ids and patterns, and ids are stable across exports', () => {
    const recs: IndicatorRecord[] = [
      { id: 1, type: 'domain', value: 'a.com', match: 'exact', original: 'a.com', collection: 'C', source: 's', location: 'l', stixId: 'indicator--1', pattern: "[domain-name:value IN ('a.com', 'b.com')]", conditions: null, validFrom: null },
      { id: 2, type: 'domain', value: 'b.com', match: 'exact', original: 'b.com', collection: 'C', source: 's', location: 'l', stixId: 'indicator--1', pattern: "[domain-name:value IN ('a.com', 'b.com')]", conditions: null, validFrom: null },
      { id: 3, type: 'process', value: "it's", match: 'exact', original: "it's", collection: 'C', source: 's', location: 'l', stixId: null, pattern: null, conditions: null, validFrom: null },
    ];
    const one = JSON.parse(exportIndicators(recs, 'stix').text);
    const two = JSON.parse(exportIndicators(recs, 'stix').text);
    const indicators = one.objects.filter((o: { type: string }) => o.type === 'indicator');
    assert.equal(indicators.length, 2);
    assert.equal(indicators[0].id, 'indicator--1');
    assert.equal(indicators[1].pattern, "[process:name = 'it\\'s']");
    assert.deepEqual(
      one.objects.map((o: { id: string }) => o.id).filter((id: string) => !id.startsWith('bundle')),
      two.objects.map((o: { id: string }) => o.id).filter((id: string) => !id.startsWith('bundle')),
    );
  });
});
