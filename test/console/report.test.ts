// The campaign report: self-contained HTML (or PDF), exports without victims' PII unless revealed,
// a STIX export of attackers and infrastructure that imports cleanly, and reveals audited.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { annotateVictims, auditEntries, ensureCase, insertDeviceCheck } from '../../src/cases/index.ts';
import { writeReport } from '../../src/console/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { parseIndicators } from '../../src/indicators/index.ts';
import type { PiiVault } from '../../src/cases/index.ts';
import type { Store } from '../../src/store/index.ts';
import { generateTelemetry, type Truth } from '../../src/telemetry/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir, writeTemp } from '../helpers/fixtures.ts';

describe('campaign report', () => {
  let store: Store;
  let vault: PiiVault;
  let truth: Truth;
  before(async () => {
    store = await drivers[0].open();
    vault = await testVault(store);
    const gen = await generateTelemetry({ out: tempDir(), events: 30_000, seed: 21, format: 'parquet', targets: 40, attackers: 4 });
    truth = gen.truth;
    await runHunt(store, { caseName: 'r', rules: [path.join(ROOT, 'rules/cve-2019-3568')], data: [gen.dataFile], iocs: [gen.iocFile], vault });
    // A phone examined for the case: its owner and contents must not reach the report, its findings' modules do.
    await insertDeviceCheck(store, await ensureCase(store, 'r'), vault.encrypt('Secret Name phone'), 'backup', { CRITICAL: 2, LOW: 1 }, vault.encrypt(JSON.stringify({ modules: [], alerts: [{ level: 'CRITICAL', module: 'sms', message: 'link https://secret-link.example/x' }, { level: 'LOW', module: 'profile_events', message: 'x' }] })));
    await annotateVictims(store, vault, 'r', writeTemp(tempDir(), 'roster.csv', `number,sector,name,organisation\n${truth.targets[0]},journalist,Secret Name,Secret Org\n`));
  });
  after(() => store.close());

  it('writes HTML and exports with no victim number, name or organisation unless revealed', async () => {
    const out = tempDir();
    const r = await writeReport(store, vault, 'r', out, 'html', false, 'tester');
    assert.deepEqual(r.files.map((f) => path.basename(f)), ['report.html', 'victims.csv', 'victims.json', 'detections.csv', 'detections.json', 'attackers.stix2.json']);
    for (const f of r.files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const t of truth.targets) assert.ok(!text.includes(t) && !text.includes(t.slice(1)), `${path.basename(f)} holds a victim number`);
      assert.ok(!text.includes('Secret Name') && !text.includes('Secret Org'), `${path.basename(f)} holds a name`);
      assert.equal(fs.statSync(f).mode & 0o077, 0, `${path.basename(f)} readable by others`);
    }
    const html = fs.readFileSync(r.files[0], 'utf8');
    assert.match(html, /<h1>Campaign report: r<\/h1>/);
    assert.match(html, /<svg role="img"/);
    assert.doesNotMatch(html, /<script|src="http|href="http/, 'self-contained, no script');
    assert.ok(truth.attackers.every((a) => html.includes(a)), 'attackers are listed');
    assert.match(html, /<h2>Phones examined<\/h2>/);
    assert.match(html, /<td>backup<\/td><td>2<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>sms<\/td>/);
    assert.ok(!html.includes('secret-link'), 'device findings are summarised, not quoted');
    assert.equal((await auditEntries(store, 'r')).filter((e) => e.action === 'report.reveal').length, 0);
  });

  it('exports attackers and infrastructure as STIX 2.1 that vigil imports without a drop', async () => {
    const out = tempDir();
    const r = await writeReport(store, vault, 'r', out, 'html', false);
    const file = r.files.find((f) => f.endsWith('attackers.stix2.json'))!;
    const imported = parseIndicators(fs.readFileSync(file, 'utf8'), file);
    assert.deepEqual(imported.dropped, []);
    const accounts = imported.indicators.filter((i) => i.type === 'account').map((i) => i.value).sort();
    assert.deepEqual(accounts, [...truth.attackers].sort());
    assert.ok(imported.indicators.some((i) => i.type === 'ipv4'));
  });

  it('reveals victims only with --reveal, and audits it', async () => {
    const out = tempDir();
    const r = await writeReport(store, vault, 'r', out, 'html', true, 'lead');
    const csv = fs.readFileSync(r.files.find((f) => f.endsWith('victims.csv'))!, 'utf8');
    assert.ok(truth.targets.every((t) => csv.includes(t)));
    assert.ok(csv.includes('Secret Name'));
    const log = await auditEntries(store, 'r');
    assert.ok(log.some((e) => e.actor === 'lead' && e.action === 'report.reveal'));
  });

  it('renders a PDF through Chromium', async () => {
    const out = tempDir();
    const r = await writeReport(store, vault, 'r', out, 'pdf', false);
    const pdf = fs.readFileSync(r.files[0]);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 10_000);
  });
});
