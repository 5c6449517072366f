// Importing real and crafted indicator files into the store, with every drop accounted for.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importIndicatorFile, indicatorStats, listDropped, loadIndicators } from '../../src/indicators/index.ts';
import type { Store } from '../../src/store/index.ts';
import fs from 'node:fs';
import { InputError, ParseError } from '../../src/core/index.ts';
import { drivers } from '../helpers/stores.ts';
import { CYTROX_STIX, PEGASUS_DIR, PEGASUS_STIX, tempDir, writeTemp } from '../helpers/fixtures.ts';

const pglite = drivers[0];
/** The same store, but any statement containing `needle` fails inside transactions. */
function failOn(s: Store, needle: string): Store {
  return {
    ...s,
    transaction: (fn) =>
      s.transaction((tx) =>
        fn({
          query: (sql, params) => (sql.includes(needle) ? Promise.reject(new Error('injected failure')) : tx.query(sql, params)),
        }),
      ),
  };
}

const setOf = (recs: { type: string; value: string }[]) => new Set(recs.map((r) => `${r.type}:${r.value}`));

describe('indicator import', () => {
  for (const driver of drivers) {
    it(`imports all of Amnesty's Pegasus STIX: 1,549 indicators, 0 dropped (${driver.name})`, async () => {
      const s = await driver.open();
      try {
        const r = await importIndicatorFile(s, PEGASUS_STIX);
        assert.equal(r.sourceItems, 1549);
        assert.equal(r.imported, 1549);
        assert.deepEqual(r.byType, { domain: 1438, process: 81, email: 29, file_name: 1 });
        assert.equal(r.dropped.length, 0);
        assert.deepEqual(r.collections, ['Pegasus']);
        const recs = await loadIndicators(s);
        const weather = recs.find((x) => x.value === 'weather4free.com')!;
        assert.equal(weather.collection, 'Pegasus');
        assert.equal(weather.stixId, 'indicator--05b7c427-1452-437e-a19e-32590edf60c3');
        assert.equal(weather.source, 'pegasus.stix2');
        assert.equal(weather.validFrom, '2024-01-26T21:28:21.013Z');
      } finally {
        await s.close();
      }
    });
  }

  it('imports all 343 of Cytrox Predator: 336 domains, 6 file paths, 1 configuration profile', async () => {
    const s = await pglite.open();
    try {
      const r = await importIndicatorFile(s, CYTROX_STIX);
      assert.equal(r.imported, 343);
      assert.deepEqual(r.byType, { domain: 336, file_path: 6, profile_id: 1 });
      assert.equal(r.dropped.length, 0);
      assert.deepEqual(r.collections, ['Predator']);
    } finally {
      await s.close();
    }
  });

  it('reads files Windows tools write: a UTF-8 byte-order mark before JSON, a UTF-16 plain list', async () => {
    const s = await pglite.open();
    try {
      const dir = tempDir();
      const bom = path.join(dir, 'cytrox-bom.stix2');
      fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(CYTROX_STIX)]));
      assert.equal((await importIndicatorFile(s, bom)).imported, 343);
      const u16 = path.join(dir, 'list.txt');
      fs.writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# type: domain\nexample-bad.com\nfoo-bad.net\n', 'utf16le')]));
      const r = await importIndicatorFile(s, u16);
      assert.deepEqual([r.imported, r.byType], [2, { domain: 2 }]);
    } finally {
      await s.close();
    }
  });

  it('agrees with Amnesty\'s plain lists value for value', async () => {
    const s = await pglite.open();
    try {
      await importIndicatorFile(s, PEGASUS_STIX);
      const stix = setOf(await loadIndicators(s, { source: 'pegasus.stix2' }));
      await importIndicatorFile(s, path.join(PEGASUS_DIR, 'domains.txt'));
      await importIndicatorFile(s, path.join(PEGASUS_DIR, 'emails.txt'));
      await importIndicatorFile(s, path.join(PEGASUS_DIR, 'processes.txt'), { type: 'process' });
      await importIndicatorFile(s, path.join(PEGASUS_DIR, 'files.txt'), { type: 'file_name' });
      const all = await loadIndicators(s);
      const lists = setOf(all.filter((r) => r.source !== 'pegasus.stix2'));
      assert.equal(lists.size, stix.size);
      assert.deepEqual([...lists].filter((v) => !stix.has(v)), []);
      assert.deepEqual([...stix].filter((v) => !lists.has(v)), []);
    } finally {
      await s.close();
    }
  });

  it('stores a list longer than one statement carries, every value once, and accounts for every bad line', async () => {
    // 12,345 values and 6,000 bad lines: both cross the store's rows-per-statement slices.
    const good = Array.from({ length: 12_345 }, (_, i) => `host${i}.example-campaign.net`);
    const bad = Array.from({ length: 6_000 }, (_, i) => `not a domain ${i}`);
    const file = writeTemp(tempDir(), 'long.txt', [...good, ...bad].join('\n') + '\n');
    const s = await pglite.open();
    try {
      const r = await importIndicatorFile(s, file, { type: 'domain' });
      assert.equal(r.imported, good.length);
      assert.equal(r.dropped.length, bad.length);
      assert.deepEqual(new Set((await loadIndicators(s)).map((x) => x.value)), new Set(good));
      assert.deepEqual((await listDropped(s, path.resolve(file))).map((d) => d.original), bad);
    } finally {
      await s.close();
    }
  });

  it('refuses a file with nothing usable and keeps its earlier import', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'feed.txt', 'evil1.example\nevil2.example\n');
    const s = await pglite.open();
    try {
      await importIndicatorFile(s, file, { type: 'domain' });
      for (const [content, message] of [['', /the file holds no indicator/], ['not a domain\nhttp://\n', /none of its 2 items is a usable indicator \(first: line 1: not a valid domain name\)/]] as const) {
        fs.writeFileSync(file, content);
        await assert.rejects(importIndicatorFile(s, file, { type: 'domain' }), (e: unknown) => e instanceof InputError && e.code === 'IOCS_NOTHING_USABLE' && message.test(e.message));
      }
      assert.deepEqual((await loadIndicators(s)).map((r) => r.value).sort(), ['evil1.example', 'evil2.example']);
    } finally {
      await s.close();
    }
  });

  it('re-importing a file replaces its earlier import instead of doubling it', async () => {
    const s = await pglite.open();
    try {
      await importIndicatorFile(s, CYTROX_STIX);
      await importIndicatorFile(s, CYTROX_STIX);
      assert.equal((await indicatorStats(s)).total, 343);
    } finally {
      await s.close();
    }
  });

  it('lists every unusable indicator with its reason and keeps the rest', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      const bundle = {
        type: 'bundle',
        id: 'bundle--1',
        objects: [
          { type: 'indicator', id: 'indicator--a', pattern: "[domain-name:value = 'good.example.org']", pattern_type: 'stix' },
          { type: 'indicator', id: 'indicator--b', pattern: "[domain-name:value = 'not a domain']", pattern_type: 'stix' },
          { type: 'indicator', id: 'indicator--c', pattern: 'rule x { condition: true }', pattern_type: 'yara' },
          { type: 'indicator', id: 'indicator--d', pattern: "[domain-name:value = 'x.com'", pattern_type: 'stix' },
          { type: 'indicator', id: 'indicator--e', pattern: "[mutex:name = 'm']", pattern_type: 'stix' },
          { type: 'indicator', id: 'indicator--f', pattern: "[domain-name:value = 'gone.example.org']", revoked: true },
          { type: 'indicator', id: 'indicator--g', pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/24' AND ipv4-addr:value != '203.0.113.9']" },
        ],
      };
      const file = writeTemp(dir, 'mixed.json', JSON.stringify(bundle));
      const r = await importIndicatorFile(s, file);
      assert.equal(r.sourceItems, 7);
      assert.equal(r.imported, 2);
      const reasons = Object.fromEntries(r.dropped.map((d) => [d.location.split(' ')[1], d.reason]));
      assert.match(reasons['indicator--b'], /not a valid domain/);
      assert.match(reasons['indicator--c'], /pattern_type 'yara'/);
      assert.match(reasons['indicator--d'], /expected '\]'/);
      assert.match(reasons['indicator--e'], /mutex:name is not supported/);
      assert.match(reasons['indicator--f'], /revoked/);
      const cidr = (await loadIndicators(s)).find((x) => x.stixId === 'indicator--g')!;
      assert.equal(cidr.match, 'cidr');
      assert.deepEqual(cidr.conditions, [{ path: 'ipv4-addr:value', op: '!=', negated: false, value: '203.0.113.9' }]);
      // The documentation range is on the built-in warninglist: kept, reported as suppressed.
      assert.deepEqual(r.suppressed.map((x) => x.value), ['203.0.113.0/24']);
    } finally {
      await s.close();
    }
  });

  it('leaves the store as it was when a file fails as a whole', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      await importIndicatorFile(s, CYTROX_STIX);
      const broken = writeTemp(dir, 'broken.stix2', '{"type": "bundle", "objects": [');
      await assert.rejects(importIndicatorFile(s, broken), (e: unknown) => e instanceof ParseError && e.code === 'STIX_JSON');
      // A failure in the middle of the writes (here injected into the last insert) rolls the
      // whole file back, and the earlier import of the same file survives untouched.
      const failing = failOn(s, 'INSERT INTO ioc_dropped');
      const mixed = writeTemp(dir, 'cytrox-copy.stix2', '');
      fs.copyFileSync(CYTROX_STIX, mixed);
      await importIndicatorFile(s, mixed);
      fs.writeFileSync(mixed, fs.readFileSync(CYTROX_STIX, 'utf8').replace("[domain-name:value='shortenurls.me']", "[domain-name:value='not valid']"));
      await assert.rejects(importIndicatorFile(failing, mixed), /injected failure/);
      const st = await indicatorStats(s);
      assert.equal(st.total, 686);
      assert.deepEqual(st.sources.map((x) => [x.name, x.indicators, x.dropped]), [['cytrox.stix2', 343, 0], ['cytrox-copy.stix2', 343, 0]]);
    } finally {
      await s.close();
    }
  });

  it('stores values with NUL bytes and very long values without failing the file', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      const longUrl = `https://long.example.org/${'a'.repeat(9000)}`;
      const r = await importIndicatorFile(s, writeTemp(dir, 'odd.txt', `${longUrl}\n# type: file_name\nbad\u0000name\n`));
      assert.equal(r.imported, 1);
      assert.match(r.dropped[0].reason, /NUL/);
      assert.equal((await loadIndicators(s, { type: 'url' }))[0].value, longUrl);
      assert.equal((await listDropped(s, path.resolve(dir, 'odd.txt')))[0].original, 'bad\ufffdname');
    } finally {
      await s.close();
    }
  });

  it('imports MISP events: attributes, objects, composite types; to_ids off is dropped with a reason', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      const event = {
        Event: {
          uuid: 'e-1',
          info: 'Operation Test',
          Attribute: [
            { type: 'domain', value: 'evil[.]example.net', to_ids: true, uuid: 'a1', category: 'Network activity', timestamp: '1617184561' },
            // A feed's broken timestamp is stored as unknown; it used to fail the whole import.
            { type: 'domain', value: 'late.example.net', to_ids: true, timestamp: '1e20' },
            { type: 'ip-dst', value: '2001:db8:1::5', to_ids: true },
            { type: 'domain|ip', value: 'c2.example.net|192.0.2.44', to_ids: true },
            { type: 'filename|sha256', value: `x.bin|${'b'.repeat(64)}`, to_ids: true },
            { type: 'url', value: 'hxxps://evil.example.net/x', to_ids: false },
            { type: 'comment', value: 'free text', to_ids: true },
            { type: 'domain', value: 'old.example.net', to_ids: true, deleted: true },
          ],
          Object: [{ name: 'process', Attribute: [{ object_relation: 'name', type: 'text', value: 'bh', to_ids: true }] }],
        },
      };
      const r = await importIndicatorFile(s, writeTemp(dir, 'event.json', JSON.stringify(event)));
      assert.equal(r.format, 'misp');
      assert.deepEqual(r.byType, { domain: 3, ipv6: 1, ipv4: 1, file_name: 1, sha256: 1, process: 1 });
      const created = Object.fromEntries((await s.query<{ value: string; created: Date | null }>(`SELECT value, created FROM indicators WHERE type = 'domain'`)).map((x) => [x.value, x.created?.toISOString() ?? null]));
      assert.equal(created['evil.example.net'], '2021-03-31T09:56:01.000Z');
      assert.equal(created['late.example.net'], null);
      assert.deepEqual(r.collections, ['Operation Test']);
      assert.deepEqual(r.dropped.map((d) => d.reason.split(' (')[0].split(';')[0]), ['to_ids is off', "MISP type 'comment' is not supported", 'attribute is deleted']);
    } finally {
      await s.close();
    }
  });

  it('imports Zeek intel files with their #fields header', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      const text = [
        '#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc',
        'evil.example.net\tIntel::DOMAIN\tfeedA\tc2',
        '192.0.2.0/24\tIntel::SUBNET\tfeedA\t-',
        'evil.example.net/x.apk\tIntel::URL\tfeedB\t-',
        `${'c'.repeat(40)}\tIntel::CERT_HASH\tfeedB\t-`,
        'x\tIntel::SOFTWARE\tfeedB\t-',
      ].join('\n');
      const r = await importIndicatorFile(s, writeTemp(dir, 'intel.dat', text));
      assert.equal(r.format, 'zeek');
      assert.deepEqual(r.byType, { domain: 1, ipv4: 1, url: 1, cert_sha1: 1 });
      assert.deepEqual(r.collections, ['feedA', 'feedB']);
      assert.match(r.dropped[0].reason, /Intel::SOFTWARE/);
      const url = (await loadIndicators(s, { type: 'url' }))[0];
      assert.equal(url.value, 'http://evil.example.net/x.apk');
    } finally {
      await s.close();
    }
  });

  it('reads type and collection directives in plain lists and un-defangs values', async () => {
    const dir = tempDir();
    const s = await pglite.open();
    try {
      const text = '# collection: Field notes\nevil[.]example[.]org\nhxxp://evil(.)example(.)org/a\n# type: process\nbh  # comment\n';
      const r = await importIndicatorFile(s, writeTemp(dir, 'notes.txt', text));
      assert.deepEqual(r.byType, { domain: 1, url: 1, process: 1 });
      assert.deepEqual(r.collections, ['Field notes']);
      const values = (await loadIndicators(s)).map((x) => x.value).sort();
      assert.deepEqual(values, ['bh', 'evil.example.org', 'http://evil.example.org/a']);
    } finally {
      await s.close();
    }
  });
});
