// The main job, `vigil demo run`, at a small size: every step runs, the hunt finds the planted
// campaign, warnings go out, the phone check flags the planted traces, and the report is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('vigil demo run', () => {
  it('runs the campaign end to end on the embedded store', async () => {
    const home = path.join(tempDir(), 'demo');
    const r = await vigil(['demo', 'run', '--home', home, '--events', '150000'], { VIGIL_HOME: home });
    assert.equal(r.code, 0, r.stderr);
    for (const step of ['1. Indicators', '2. Telemetry', '3. Hunt', '4. Campaign', '5. Victims', '6. Warnings', '7. Device check', '8. Report']) assert.ok(r.stdout.includes(step), step);
    assert.match(r.stdout, /targets precision 1\.0000 recall 1\.0000/);
    assert.match(r.stdout, /critical or high in: .*sms.*triangle_check/);
    assert.ok(fs.existsSync(path.join(home, 'report', 'report.html')));
    assert.ok(fs.existsSync(path.join(home, 'device-check', 'alerts.json')));
    const sent = /sent (\d+), failed 0/.exec(r.stdout)?.[1];
    assert.ok(Number(sent) > 0, `warnings sent: ${sent}`);

    // Run again in the same folder: it starts afresh and shows the same campaign, warnings included.
    const again = await vigil(['demo', 'run', '--home', home, '--events', '150000'], { VIGIL_HOME: home });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /the last run's state was cleared/);
    assert.equal(/sent (\d+), failed 0/.exec(again.stdout)?.[1], sent);
    assert.match(again.stdout, /7\. Device check\n {3}encrypted iOS backup/);

    // A folder that is not a demo's is refused, and nothing in it is touched.
    const other = tempDir();
    fs.writeFileSync(path.join(other, 'thesis.txt'), 'mine');
    const refused = await vigil(['demo', 'run', '--home', other, '--events', '150000'], { VIGIL_HOME: other });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not a demo's folder \(it holds thesis\.txt\)/);
    assert.deepEqual(fs.readdirSync(other), ['thesis.txt']);
  });
});
