// The hunt as a user runs it: generate, import indicators, check and compile rules, hunt, report, score.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { ROOT, tempDir, writeTemp } from '../helpers/fixtures.ts';

describe('vigil telemetry, rules and hunt commands', () => {
  it('generates, hunts, reports and scores a small campaign', async () => {
    const home = tempDir();
    const data = tempDir();
    const env = { VIGIL_HOME: home };
    const gen = await vigil(['telemetry', 'generate', '--out', data, '--events', '30000', '--seed', '4', '--format', 'jsonl', '--targets', '60', '--attackers', '5', '--json'], env);
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(JSON.parse(gen.stdout).truth.targets, 60);
    assert.ok(fs.existsSync(path.join(data, 'events.jsonl')));

    assert.equal((await vigil(['iocs', 'import', path.join(data, 'campaign-iocs.stix2')], env)).code, 0);
    const run = await vigil(['hunt', 'run', '--rules', path.join(ROOT, 'rules/cve-2019-3568'), '--data', data, '--case', 'demo', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.targets, 60);
    assert.equal(summary.attackers, 5);
    assert.deepEqual(summary.ignored.map((f: string) => path.basename(f)), ['truth.json']);

    const score = await vigil(['hunt', 'score', '--case', 'demo', '--truth', path.join(data, 'truth.json')], env);
    assert.equal(score.code, 0);
    assert.match(score.stdout, /targets\s+precision 1\.0000\s+recall 1\.0000/);
    assert.match(score.stdout, /attackers\s+precision 1\.0000\s+recall 1\.0000/);

    const report = await vigil(['hunt', 'report', '--case', 'demo'], env);
    assert.equal(report.code, 0);
    assert.match(report.stdout, /60 targets in 20 countries/);
    assert.match(report.stdout, /cve_2019_3568_t1_offer/);

    const missing = await vigil(['hunt', 'report', '--case', 'no-such-case'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no case named 'no-such-case'/);
  });

  it('checks rule packs, and shows every problem with file and line', async () => {
    const ok = await vigil(['rules', 'check', path.join(ROOT, 'rules')]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /14 compiled, 0 problems/);

    const dir = tempDir();
    writeTemp(dir, 'bad.yml', 'title: bad\nlogsource: {product: vigil, service: call_telemetry}\ndetection:\n  s:\n    nosuch: 1\n    event|base64: x\n  condition: s and missing\n');
    writeTemp(dir, 'worse.yml', 'title: [unclosed\n');
    const bad = await vigil(['rules', 'check', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /bad\.yml:5:5 \[bad\]: unknown field 'nosuch'/);
    assert.match(bad.stdout, /bad\.yml:6:5 \[bad\]: the base64 modifier is not supported/);
    assert.match(bad.stdout, /bad\.yml:7:\d+ \[bad\]: condition names 'missing'/);
    assert.match(bad.stdout, /worse\.yml:\d+:\d+: YAML/);
  });

  it('shows the compiled SQL and its bound parameters', async () => {
    const r = await vigil(['rules', 'compile', path.join(ROOT, 'rules/cve-2019-3568/t1-oversized-malformed-offer.yml'), '--dialect', 'duckdb']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /FROM src_call_telemetry AS e WHERE/);
    assert.match(r.stdout, /-- parameters: \["call_offer",true,1200\]/);
    const other = await vigil(['rules', 'compile', path.join(ROOT, 'rules/cve-2019-3568/t1-oversized-malformed-offer.yml'), '--dialect', 'splunk']);
    assert.equal(other.code, 2);
  });

  it('refuses a hunt over data whose columns do not fit, and stores nothing', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const file = writeTemp(tempDir(), 'calls.jsonl', '{"ts":"2019-05-01T00:00:00.000Z","event":"call_offer","call_id":"x","caller":"+1","callee":"+2"}\n');
    const r = await vigil(['hunt', 'run', '--rules', path.join(ROOT, 'rules/cve-2019-3568'), '--data', file, '--case', 'x'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\[DATA_COLUMNS\] columns missing for call_telemetry: sender, src_ip/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
