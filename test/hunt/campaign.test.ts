// End to end on generated data: 1M events with a planted campaign, hunted with the shipped pack,
// for three seeds (Parquet, JSON Lines, CSV): precision and recall of targets and attackers ≥ 0.995.
// Zeek: every planted host found, no other. And the generator is deterministic for a seed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { huntReport, huntScore, runHunt } from '../../src/hunt/index.ts';
import { generateTelemetry, generateZeek, type TelemetryFormat } from '../../src/telemetry/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { PEGASUS_STIX, ROOT, tempDir } from '../helpers/fixtures.ts';

const PACK = path.join(ROOT, 'rules/cve-2019-3568');
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('campaign hunt on generated telemetry', () => {
  for (const [seed, format] of [[11, 'parquet'], [22, 'jsonl'], [33, 'csv']] as [number, TelemetryFormat][]) {
    it(`seed ${seed} (${format}): targets and attackers with precision and recall >= 0.995`, async () => {
      const dir = tempDir();
      const gen = await generateTelemetry({ out: dir, events: 1_000_000, seed, format });
      assert.ok(gen.events >= 1_000_000);
      assert.ok(gen.truth.targets.length >= 1390 && gen.truth.targets.length <= 1400);
      const s = await drivers[0].open();
      try {
        const vault = await testVault(s);
        const summary = await runHunt(s, { caseName: `seed-${seed}`, rules: [PACK], data: [gen.dataFile], iocs: [gen.iocFile], vault });
        assert.equal(summary.rejectedTotal, 0);
        // The rules run over the rows the pack's scan plan keeps: a few percent of a million.
        assert.ok(summary.ruleRows! > 0 && summary.ruleRows! < summary.rows.call_telemetry / 20, `scan plan kept ${summary.ruleRows}`);
        const score = await huntScore(s, `seed-${seed}`, gen.truthFile, vault);
        for (const k of ['targets', 'attackers'] as const) {
          assert.ok(score[k].precision >= 0.995, `${k} precision ${score[k].precision}: false ${score[k].falsePositives.slice(0, 5)}`);
          assert.ok(score[k].recall >= 0.995, `${k} recall ${score[k].recall}: missed ${score[k].falseNegatives.slice(0, 5)}`);
        }
        const report = await huntReport(s, `seed-${seed}`, vault);
        assert.equal(Object.keys(report.targets.byCountry).length, 20);
        assert.equal(Object.keys(report.targets.byCountry)[0], 'MX');
        assert.ok(report.targets.probeOnly > 0, 'probe-only targets are found (T6)');
        const t1 = report.rules.find((r) => r.rule_name === 'cve_2019_3568_t1_offer');
        assert.ok(t1 && t1.n > 0);
        // Every stored target carries the attempts that made it one.
        const sample = report.targetList[0].evidence as { attempts: { attacker: string; callIds: string[] }[] };
        assert.ok(sample.attempts.length > 0 && sample.attempts[0].callIds.length > 0);
      } finally {
        await s.close();
      }
    });
  }

  it('is deterministic for a seed and different across seeds', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await generateTelemetry({ out: a, events: 20_000, seed: 5, format: 'jsonl', targets: 50, attackers: 4 });
    await generateTelemetry({ out: b, events: 20_000, seed: 5, format: 'jsonl', targets: 50, attackers: 4 });
    await generateTelemetry({ out: c, events: 20_000, seed: 6, format: 'jsonl', targets: 50, attackers: 4 });
    for (const f of ['events.jsonl', 'truth.json', 'campaign-iocs.stix2']) assert.equal(sha(path.join(a, f)), sha(path.join(b, f)), f);
    assert.notEqual(sha(path.join(a, 'events.jsonl')), sha(path.join(c, 'events.jsonl')));
  });
});

describe('infrastructure hunt on generated Zeek logs', () => {
  for (const format of ['tsv', 'json'] as const) {
    it(`${format}: every planted host is found and no other`, async () => {
      const dir = tempDir();
      const z = await generateZeek({ out: dir, seed: 3, hosts: 150, days: 2, format });
      const s = await drivers[0].open();
      try {
        const vault = await testVault(s);
        const summary = await runHunt(s, { caseName: 'office', rules: [path.join(ROOT, 'rules/spyware-infrastructure')], data: [dir], iocs: [PEGASUS_STIX], vault });
        assert.deepEqual(Object.keys(summary.rows).sort(), ['zeek_conn', 'zeek_dns', 'zeek_http', 'zeek_ssl']);
        const report = await huntReport(s, 'office', vault);
        assert.deepEqual(report.hosts.map((h) => h.host).sort(), z.truth.hosts);
        // Every planted contact shows up as a DNS detection of its name.
        const dns = await s.query<{ actor_enc: string; evidence_enc: string }>(
          `SELECT a.actor_enc, d.evidence_enc FROM detections d JOIN hunt_actors a USING (hunt_id, actor_hash) WHERE d.rule_name = 'spyware_infra_zeek_dns_domain'`,
        );
        const seen = new Set(dns.map((d) => `${vault.decrypt(d.actor_enc)} ${JSON.parse(vault.decrypt(d.evidence_enc)).query}`));
        for (const c of z.truth.contacts) assert.ok(seen.has(`${c.host} ${c.name}`), `${c.host} ${c.name}`);
        // Each host is sealed once, stored once with the hunt: its lookup hash is its own.
        const byHash = await s.query<{ actor_hash: string; encs: string[] }>(
          'SELECT d.actor_hash, array_agg(DISTINCT a.actor_enc) AS encs FROM detections d JOIN hunt_actors a USING (hunt_id, actor_hash) GROUP BY d.actor_hash',
        );
        assert.equal(Number((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunt_actors'))[0].n), z.truth.hosts.length);
        assert.equal(byHash.length, z.truth.hosts.length);
        for (const h of byHash) {
          assert.equal(h.encs.length, 1);
          assert.equal(h.actor_hash, vault.hash('actor', vault.decrypt(h.encs[0])));
        }
      } finally {
        await s.close();
      }
    });
  }
});
