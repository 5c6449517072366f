// Bad Zeek records are counted and skipped with their file and line, as telemetry's are (they were
// dropped without a word); TSV and JSON logs read the same fields the same way.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHunt } from '../../src/hunt/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { rejectedAt, ROOT, tempDir } from '../helpers/fixtures.ts';

const RULES = path.join(ROOT, 'rules/spyware-infrastructure');
// A Pegasus domain from Amnesty's list, which the hunt's indicators hold.
const IOCS = path.join(ROOT, 'data/iocs/amnesty-pegasus-2021/pegasus.stix2');
const PEGASUS = 'free247downloads.com';
const FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'qtype_name', 'rcode_name', 'answers'];

function dnsRow(ts: string, host: string, query: string, answers = '198.51.100.7,198.51.100.8'): string[] {
  return [ts, `C${host.replace(/\D/g, '')}`, host, '5353', '10.0.0.1', '53', 'udp', query, 'A', 'NOERROR', answers];
}

async function hunt(file: string) {
  const s = await drivers[0].open();
  try {
    const r = await runHunt(s, { caseName: 'zeek', rules: [RULES], data: [file], iocs: [IOCS], vault: await testVault(s) });
    const dns = r.queries.find((q) => q.name === 'spyware_infra_zeek_dns_domain')!;
    return { r, dnsMatches: dns.matches };
  } finally {
    await s.close();
  }
}

describe('Zeek logs with bad records', () => {
  it('TSV: counts lines with the wrong number of fields or no time, with their lines; honours the header\'s unset and empty marks', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dns.log');
    const lines = [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(none)', '#unset_field\t?', '#path\tdns', `#fields\t${FIELDS.join('\t')}`,
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tstring\tvector[string]',
      dnsRow('1556766847.123', '10.0.0.7', PEGASUS).join('\t'), // line 8: a hit
      dnsRow('yesterday', '10.0.0.8', PEGASUS).join('\t'), // 9: no time
      dnsRow('1556766848.5', '10.0.0.9', PEGASUS).slice(0, 4).join('\t'), // 10: cut short
      '', // 11: blank, not a record
      [...dnsRow('1556766849', '10.0.0.10', PEGASUS), 'extra'].join('\t'), // 12: one field too many
      dnsRow('1556766850', '10.0.0.11', 'example.org', '(none)').join('\t'), // 13: good, no answers
      '#close\t2019-05-02-00-00-00', // 14
      dnsRow('1556766851', '10.0.0.12', `www.${PEGASUS}`, '?').join('\t'), // 15: a hit, answers unset
    ];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { r, dnsMatches } = await hunt(file);
    assert.equal(r.rows.zeek_dns, 3);
    assert.equal(r.rejectedTotal, 3);
    assert.deepEqual(rejectedAt(r), [
      ['dns.log', 9, 'ts is not a time'],
      ['dns.log', 10, 'wrong number of fields: 4 (the header names 11)'],
      ['dns.log', 12, 'wrong number of fields: 12 (the header names 11)'],
    ]);
    assert.equal(dnsMatches, 2);
  });

  it('rotated logs, read in one scan: each bad line at its own file and line; a file with other fields by its own header', async () => {
    const dir = tempDir();
    const header = (fields: string[]) => ['#separator \\x09', '#path\tdns', `#fields\t${fields.join('\t')}`];
    const hour = (h: number, rows: string[]) => {
      const file = path.join(dir, `dns.${String(h).padStart(2, '0')}:00:00-${String(h + 1).padStart(2, '0')}:00:00.log`);
      fs.writeFileSync(file, [...header(FIELDS), ...rows, '#close\t2019-05-02-00-00-00'].join('\n') + '\n');
    };
    const good = (i: number) => dnsRow(String(1556766847 + i), `10.0.0.${i}`, i % 2 ? PEGASUS : 'example.org').join('\t');
    for (let h = 0; h < 12; h++) hour(h, [good(h * 3), good(h * 3 + 1), good(h * 3 + 2)]);
    hour(12, [good(40), 'junk', good(41), '', 'yesterday\tC9']); // lines 5 and 8
    hour(13, ['junk', good(42)]); // line 4
    // A later Zeek adds a field: that file has its own header, read by it.
    const wider = [...FIELDS, 'rtt'];
    fs.writeFileSync(path.join(dir, 'dns.14:00:00-15:00:00.log'), [...header(wider), `${good(43)}\t0.01`, good(44)].join('\n') + '\n');
    const { r, dnsMatches } = await hunt(path.join(dir, 'dns.*.log'));
    assert.equal(r.rows.zeek_dns, 36 + 2 + 1 + 1);
    assert.deepEqual(r.rejected.map((x) => [path.basename(x.file).slice(0, 6), x.line, x.reason.split(':')[0]]), [
      ['dns.12', 5, 'wrong number of fields'],
      ['dns.12', 8, 'wrong number of fields'],
      ['dns.13', 4, 'wrong number of fields'],
      ['dns.14', 5, 'wrong number of fields'],
    ]);
    assert.equal(dnsMatches, 18 + 1 + 1); // odd rows query the Pegasus domain: 18 in hours 0-11, 41 and 43
  });

  it('JSON: counts lines that are not JSON objects or have no time; arrays read as TSV writes them', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dns.json');
    const obj = (row: string[]) => {
      const o: Record<string, unknown> = Object.fromEntries(FIELDS.map((f, i) => [f, row[i]]));
      o.answers = row[10].split(',');
      o['id.orig_p'] = Number(row[3]);
      o.ts = Number(row[0]) || row[0];
      return JSON.stringify(o);
    };
    const { answers: _unset, ...noAnswers } = JSON.parse(obj(dnsRow('1556766852', '10.0.0.13', `cdn.${PEGASUS}`)));
    const lines = [
      obj(dnsRow('1556766847.123', '10.0.0.7', PEGASUS)), // 1: a hit
      '{"ts": 1556766848, "uid": ', // 2: cut short
      obj(dnsRow('yesterday', '10.0.0.8', PEGASUS)), // 3: no time
      '', // 4: blank
      '["an", "array"]', // 5: JSON, not an object
      JSON.stringify(noAnswers), // 6: Zeek leaves unset fields out: a hit
      JSON.stringify({ ...noAnswers, ts: 1556766853, answers: [] }), // 7: an empty vector: a hit, no answers
    ];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const r = await runHunt(s, { caseName: 'zeek', rules: [RULES], data: [file], iocs: [IOCS], vault });
      assert.equal(r.rows.zeek_dns, 3);
      assert.deepEqual(r.rejected.map((x) => [x.line, x.reason]), [[2, 'not a JSON object'], [3, 'ts is not a time'], [5, 'not a JSON object']]);
      const ev = (await s.query<{ evidence_enc: string }>(`SELECT evidence_enc FROM detections WHERE rule_name = 'spyware_infra_zeek_dns_domain'`)).map((d) => JSON.parse(vault.decrypt(d.evidence_enc)));
      assert.deepEqual(ev.map((e) => e.answers).sort(), ['198.51.100.7,198.51.100.8', null, null]);
      assert.deepEqual(ev.map((e) => e.ts).sort(), ['2019-05-02T03:14:07.123Z', '2019-05-02T03:14:12.000Z', '2019-05-02T03:14:13.000Z']);
    } finally {
      await s.close();
    }
  });
});
