// The vigil CLI as a user meets it: help everywhere, exit codes, one-line errors, --json.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProgram } from '../../src/cli/main.ts';
import { vigil } from '../helpers/cli.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir, writeTemp } from '../helpers/fixtures.ts';
import type { Command } from 'commander';

function leafCommands(c: Command, prefix: string[] = []): string[][] {
  const here = [...prefix, c.name()].slice(1);
  return c.commands.length === 0 ? [here] : c.commands.flatMap((s) => leafCommands(s, [...prefix, c.name()]));
}

describe('vigil CLI', () => {
  it('answers --help on every command with exit code 0', async () => {
    const commands = leafCommands(buildProgram());
    assert.ok(commands.length >= 10);
    const results = await Promise.all(commands.map((c) => vigil([...c, '--help'])));
    results.forEach((r, i) => {
      assert.equal(r.code, 0, commands[i].join(' '));
      assert.match(r.stdout, /^Usage: vigil /m, commands[i].join(' '));
    });
  });

  it('exits 2 on usage errors, with a one-line message and no stack trace', async () => {
    const unknown = await vigil(['iocs', 'frobnicate']);
    assert.equal(unknown.code, 2);
    const badType = await vigil(['iocs', 'match', 'x', '--type', 'bogus'], { VIGIL_HOME: tempDir() });
    assert.equal(badType.code, 2);
    assert.match(badType.stderr, /\[USAGE\] unknown indicator type 'bogus'/);
    assert.doesNotMatch(badType.stderr, /\n\s+at /);
  });

  it('imports, matches (exit 1 on a finding, 0 without), scans and reports stats as JSON', async () => {
    const home = tempDir();
    const env = { VIGIL_HOME: home };
    const imp = await vigil(['iocs', 'import', PEGASUS_STIX, CYTROX_STIX, '--json'], env);
    assert.equal(imp.code, 0, imp.stderr);
    const reports = JSON.parse(imp.stdout);
    assert.deepEqual(reports.map((r: { imported: number }) => r.imported), [1549, 343]);

    const hit = await vigil(['iocs', 'match', 'a.b.weather4free.com', '--json'], env);
    assert.equal(hit.code, 1);
    const [m] = JSON.parse(hit.stdout);
    assert.equal(m.matches[0].indicator.value, 'weather4free.com');
    assert.equal(m.matches[0].indicator.collection, 'Pegasus');

    const miss = await vigil(['iocs', 'match', 'example.org'], env);
    assert.equal(miss.code, 0);
    assert.match(miss.stdout, /no match/);

    const log = writeTemp(tempDir(), 'dns.log', 'q a.b.weather4free.com\nq xweather4free.com.example\nq shortenurls.me\n');
    const scan = await vigil(['iocs', 'scan', log], env);
    assert.equal(scan.code, 1);
    assert.match(scan.stdout, /dns\.log:1: q a\.b\.weather4free\.com/);
    assert.match(scan.stdout, /dns\.log:3: q shortenurls\.me/);
    assert.doesNotMatch(scan.stdout, /dns\.log:2:/);

    const stats = JSON.parse((await vigil(['iocs', 'stats', '--json'], env)).stdout);
    assert.equal(stats.total, 1892);
    assert.deepEqual(stats.byCollection.Predator, { domain: 336, file_path: 6, profile_id: 1 });
  });

  it('refuses to match or scan against no indicators, which would read as clean', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const log = writeTemp(tempDir(), 'dns.log', 'q a.b.weather4free.com\n');
    for (const args of [['iocs', 'scan', log], ['iocs', 'match', 'weather4free.com']]) {
      const r = await vigil(args, env);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /IOCS_NONE\] the store holds no indicator to match against/);
      assert.doesNotMatch(r.stdout, /no match|0 matching lines/);
    }
    const junk = writeTemp(tempDir(), 'junk.txt', 'not an indicator\n');
    const r = await vigil(['iocs', 'scan', log, '--iocs', junk], env);
    assert.match(r.stderr, /IOCS_NONE\] the indicator files hold no usable indicator/);
  });

  it('reports a missing file as one clear line and keeps importing the others', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const r = await vigil(['iocs', 'import', '/nonexistent/iocs.stix2', CYTROX_STIX], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/nonexistent\/iocs\.stix2: \[INPUT_MISSING\] no such file/);
    assert.match(r.stdout, /cytrox\.stix2 \(stix\): imported 343/);
  });

  it('exports to a file and says what the format could not hold', async () => {
    const dir = tempDir();
    const env = { VIGIL_HOME: dir };
    await vigil(['iocs', 'import', PEGASUS_STIX], env);
    const out = `${dir}/pegasus.zeek`;
    const r = await vigil(['iocs', 'export', '--format', 'zeek', '--out', out], env);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /exported 1468 indicators as zeek; skipped 81/);
  });
});
