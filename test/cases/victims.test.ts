// Victims: from the hunt and from CSV, sectors from rosters, statistics, and never a victim's
// number, name or organisation in clear anywhere in the store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { annotateVictims, importVictims, listVictims, victimStats } from '../../src/cases/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { generateTelemetry } from '../../src/telemetry/index.ts';
import type { Store } from '../../src/store/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir, writeTemp } from '../helpers/fixtures.ts';

async function allStoredText(s: Store): Promise<string> {
  const tables = await s.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await s.query<{ t: string }>(`SELECT row_to_json(x)::text AS t FROM "${table_name}" x`);
    parts.push(...rows.map((r) => r.t));
  }
  return parts.join('\n');
}

describe('victims', () => {
  for (const driver of drivers) {
    it(`come from the hunt encrypted, are annotated, counted, and never stored in clear (${driver.name})`, async () => {
      const data = tempDir();
      const gen = await generateTelemetry({ out: data, events: 40_000, seed: 8, format: 'parquet', targets: 80, attackers: 6 });
      const s = await driver.open();
      try {
        const vault = await testVault(s);
        await runHunt(s, { caseName: 'c', rules: [path.join(ROOT, 'rules/cve-2019-3568')], data: [gen.dataFile], iocs: [gen.iocFile], vault });
        const targets = gen.truth.targets;
        const [a, b, c] = targets;
        const roster = writeTemp(tempDir(), 'roster.csv', [
          'number,sector,name,organisation',
          `${a},journalist,"Ana Reportera, Jr.",Diario Libre`,
          `${b},government,,Ministry of Interior`,
          `${c},human-rights,Ibrahim Haddad,Rights Watch Gulf`,
          '+97300000000,military,Not A Victim,',
          'not-a-number,business,,',
          `${a},astronaut,,`,
        ].join('\n'));
        const r = await annotateVictims(s, vault, 'c', roster);
        assert.equal(r.accepted, 3);
        assert.equal(r.notVictims, 1);
        assert.deepEqual(r.rejected.map((x) => x.line), [6, 7]);

        const stored = await allStoredText(s);
        for (const t of targets) assert.ok(!stored.includes(t) && !stored.includes(t.slice(1)), `victim ${t.slice(0, 4)}… stored in clear`);
        for (const word of ['Reportera', 'Diario Libre', 'Ministry of Interior', 'Haddad']) assert.ok(!stored.includes(word), `${word} stored in clear`);
        // Attacker accounts are indicators, not victims: they may be stored in clear.
        assert.ok(stored.includes(gen.truth.attackers[0]));

        const clear = await listVictims(s, vault, 'c', true);
        assert.deepEqual(clear.map((v) => v.account).sort(), [...targets].sort());
        const ana = clear.find((v) => v.account === a)!;
        assert.equal(ana.sector, 'journalist');
        assert.equal(ana.name, 'Ana Reportera, Jr.');
        assert.equal(ana.language, ana.country === 'MX' ? 'es' : ana.language);
        const redacted = await listVictims(s, vault, 'c', false);
        assert.ok(redacted.every((v) => v.account.includes('•') && !targets.includes(v.account)));
        assert.equal(redacted.find((v) => v.sector === 'journalist')!.name, 'A•••');

        const st = await victimStats(s, 'c');
        assert.equal(st.headline.victims, 80);
        assert.equal(st.headline.countries, 20);
        assert.equal(st.headline.officials, 1);
        assert.equal(st.headline.civilSociety, 2);
        assert.equal(st.bySector.unknown, 77);
        assert.equal(Object.values(st.byDay).reduce((x, y) => x + y, 0), 80);

        // A second hunt keeps what investigators set.
        await runHunt(s, { caseName: 'c', rules: [path.join(ROOT, 'rules/cve-2019-3568')], data: [gen.dataFile], iocs: [gen.iocFile], vault });
        const after = await listVictims(s, vault, 'c', true);
        assert.equal(after.length, 80);
        assert.equal(after.find((v) => v.account === a)!.sector, 'journalist');
      } finally {
        await s.close();
      }
    });
  }

  it('imports victims from CSV, rejecting bad rows with their line, in one transaction', async () => {
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const file = writeTemp(tempDir(), 'victims.csv', [
        'number,first_targeted,sector,language,name',
        '+52 55 1234 5678,2019-05-02T10:00:00Z,journalist,,Periodista',
        '+97333123456,2019-05-03T00:00:00Z,,en,',
        '5512345678,2019-05-02,,,',
        '+34600111222,,pilot,,',
      ].join('\r\n'));
      const r = await importVictims(s, vault, 'imported', file);
      assert.equal(r.accepted, 2);
      assert.deepEqual(r.rejected.map((x) => x.line), [4, 5]);
      const list = await listVictims(s, vault, 'imported', true);
      assert.deepEqual(list.map((v) => [v.account, v.country, v.region, v.language, v.sector]), [
        ['+525512345678', 'MX', 'Central America', 'es', 'journalist'],
        ['+97333123456', 'BH', 'Western Asia', 'en', 'unknown'],
      ]);
      await assert.rejects(importVictims(s, vault, 'imported', writeTemp(tempDir(), 'bad.csv', 'phone,sector\n+1,x\n')), /missing column: number/);
    } finally {
      await s.close();
    }
  });
});
