// Times do not depend on the machine's time zone. Hunts run as an investigator in Tokyo would run
// them (TZ=Asia/Tokyo) must give the UTC times of a hunt on a UTC server: Zeek's epoch seconds,
// Parquet's zoned timestamps and RFC 3339 offsets in JSON Lines alike. And JSON Lines records
// that leave out the keys of empty values (relay_ip, duration_ms, end_reason) are hunted as usual.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDuckDb, sqlString } from '../../src/core/index.ts';
import { generateTelemetry, generateZeek } from '../../src/telemetry/index.ts';
import { vigil } from '../helpers/cli.ts';
import { PEGASUS_STIX, ROOT, tempDir } from '../helpers/fixtures.ts';

const TOKYO = { TZ: 'Asia/Tokyo' };

interface Report {
  attackers: { account: string; firstSeen: string; lastSeen: string }[];
  targets: { total: number; firstSeen: string; lastSeen: string };
  hosts: { host: string; firstSeen: string }[];
}

async function huntAndReport(rules: string, data: string, extra: string[], env: Record<string, string>): Promise<Report> {
  const home = { VIGIL_HOME: tempDir(), ...env };
  const run = await vigil(['hunt', 'run', '--rules', path.join(ROOT, 'rules', rules), '--data', data, ...extra, '--case', 'tz', '--json'], home);
  assert.equal(run.code, 0, run.stderr);
  const report = await vigil(['hunt', 'report', '--case', 'tz', '--json'], home);
  assert.equal(report.code, 0, report.stderr);
  return JSON.parse(report.stdout) as Report;
}

/** `2019-05-02T03:14:07.123Z` as the same instant written at +02:00. */
const atPlusTwo = (iso: string) => new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');

describe('times are UTC whatever the machine time zone', () => {
  it('Zeek logs: the hosts are first seen at their planted UTC times', async () => {
    const dir = tempDir();
    const z = await generateZeek({ out: dir, seed: 8, hosts: 60, days: 1, format: 'tsv' });
    const report = await huntAndReport('spyware-infrastructure', dir, ['--iocs', PEGASUS_STIX], TOKYO);
    const planted = new Map<string, string>();
    for (const c of z.truth.contacts) if (!planted.has(c.host) || c.ts < planted.get(c.host)!) planted.set(c.host, c.ts);
    assert.ok(planted.size > 0);
    assert.deepEqual(Object.fromEntries(report.hosts.map((h) => [h.host, h.firstSeen])), Object.fromEntries(planted));
  });

  it('device checks: the same timeline in Tokyo as in UTC (zone-less Android times are UTC)', async () => {
    const dir = tempDir();
    const home = { VIGIL_HOME: tempDir() };
    for (const [kind, out] of [['androidqf', 'aqf'], ['fs', 'fs']]) {
      assert.equal((await vigil(['device', 'synth', kind, '--out', path.join(dir, out)], home)).code, 0);
      const timelines: string[] = [];
      for (const TZ of ['UTC', 'Asia/Tokyo']) {
        const output = path.join(dir, `${out}-${TZ.replace('/', '-')}`);
        const r = await vigil(['device', kind === 'fs' ? 'check-fs' : 'check-androidqf', path.join(dir, out), '--iocs', PEGASUS_STIX, '--output', output], { ...home, TZ });
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        timelines.push(fs.readFileSync(path.join(output, 'timeline.csv'), 'utf8'));
      }
      assert.ok(timelines[0].split('\n').length > 5, kind);
      assert.equal(timelines[1], timelines[0], kind);
    }
  });

  it('telemetry: zoned Parquet times and +02:00 offsets give the times of a UTC hunt; empty keys may be left out', async () => {
    const dir = tempDir();
    const gen = await generateTelemetry({ out: dir, events: 30_000, seed: 4, format: 'jsonl', targets: 60, attackers: 5 });
    const iocs = ['--iocs', gen.iocFile];
    const base = await huntAndReport('cve-2019-3568', gen.dataFile, iocs, { TZ: 'UTC' });
    assert.equal(base.targets.total, 60);

    const zoned = path.join(tempDir(), 'events.parquet');
    const db = await openDuckDb();
    try {
      await db.connection.run(`COPY (SELECT * REPLACE (CAST(ts AS TIMESTAMPTZ) AS ts) FROM read_json(${sqlString(gen.dataFile)}, format = 'newline_delimited'))
        TO ${sqlString(zoned)} (FORMAT parquet)`);
      const types = (await db.connection.runAndReadAll(`DESCRIBE SELECT ts FROM read_parquet(${sqlString(zoned)})`)).getRowObjectsJson();
      assert.equal(types[0].column_type, 'TIMESTAMP WITH TIME ZONE');
    } finally {
      db.close();
    }

    const offsets = path.join(tempDir(), 'events.jsonl');
    let leftOut = 0;
    const lines = fs.readFileSync(gen.dataFile, 'utf8').split('\n').filter(Boolean).map((line) => {
      const r = JSON.parse(line) as Record<string, unknown>;
      r.ts = atPlusTwo(String(r.ts));
      for (const k of ['relay_ip', 'duration_ms', 'end_reason']) {
        if (r[k] === '' || r[k] === null) {
          delete r[k];
          leftOut++;
        }
      }
      return JSON.stringify(r);
    });
    fs.writeFileSync(offsets, `${lines.join('\n')}\n`);
    assert.ok(leftOut > 0 && /\+02:00"/.test(lines[0]));

    for (const variant of [zoned, offsets]) {
      const tokyo = await huntAndReport('cve-2019-3568', variant, iocs, TOKYO);
      assert.deepEqual(tokyo.attackers.map((a) => [a.account, a.firstSeen, a.lastSeen]), base.attackers.map((a) => [a.account, a.firstSeen, a.lastSeen]), variant);
      assert.deepEqual(tokyo.targets, base.targets, variant);
    }
  });
});
