// Victims and warnings as an operator meets them: import, stats, plan, four eyes, dry run, send, status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { startHttpSink } from '../helpers/sinks.ts';
import { tempDir, writeTemp } from '../helpers/fixtures.ts';

describe('vigil victims and notify commands', () => {
  it('imports victims, counts them, and rolls out warnings with four eyes', async () => {
    const home = tempDir();
    const sink = await startHttpSink('cli-secret');
    const env = { VIGIL_HOME: home, VIGIL_INAPP_URL: sink.url, VIGIL_INAPP_SECRET: 'cli-secret', VIGIL_SMS_URL: sink.url, VIGIL_SMS_SECRET: 'cli-secret' };
    try {
      const csv = writeTemp(tempDir(), 'v.csv', 'number,sector,name,first_targeted\n+525512345678,journalist,Ana,2019-05-02T00:00:00Z\n+97333123456,government,,2019-05-03T00:00:00Z\nnope,other,,\n');
      const imp = await vigil(['victims', 'import', csv, '--case', 'cli'], env);
      assert.equal(imp.code, 1, 'a rejected row makes the exit code 1');
      assert.match(imp.stdout, /2 victims imported into cli; 1 rows rejected/);
      assert.match(imp.stdout, /line 4: not a phone number/);

      const list = await vigil(['victims', 'list', '--case', 'cli'], env);
      assert.match(list.stdout, /\+52••••••••78/);
      assert.doesNotMatch(list.stdout, /5512345678|Ana/);
      const revealed = await vigil(['victims', 'list', '--case', 'cli', '--reveal', '--json'], env);
      assert.deepEqual(JSON.parse(revealed.stdout).map((v: { account: string }) => v.account).sort(), ['+525512345678', '+97333123456']);

      const stats = JSON.parse((await vigil(['victims', 'stats', '--case', 'cli', '--json'], env)).stdout);
      assert.deepEqual(stats.headline, { victims: 2, countries: 2, officials: 1, officialsShare: 0.5, civilSociety: 1, labelled: 2 });

      const plan = await vigil(['notify', 'plan', '--case', 'cli', '--channels', 'inapp,sms', '--as', 'ana', '--preview', 'es', '--json'], env);
      assert.equal(plan.code, 0, plan.stderr);
      const id = String(JSON.parse(plan.stdout).planId);
      const early = await vigil(['notify', 'send', '--plan', id], env);
      assert.equal(early.code, 1);
      assert.match(early.stderr, /\[NOTIFY_NOT_APPROVED\]/);
      const self = await vigil(['notify', 'approve', '--plan', id, '--as', 'ana'], env);
      assert.equal(self.code, 1);
      assert.match(self.stderr, /\[NOTIFY_FOUR_EYES\] ana planned plan \d+ and cannot also approve it/);
      assert.equal((await vigil(['notify', 'approve', '--plan', id, '--as', 'ben'], env)).code, 0);
      const dry = await vigil(['notify', 'send', '--plan', id, '--dry-run'], env);
      assert.match(dry.stdout, /dry run: 4 warnings rendered, none sent/);
      assert.equal(sink.requests.length, 0);
      const send = await vigil(['notify', 'send', '--plan', id, '--rate', '100'], env);
      assert.equal(send.code, 0, send.stderr);
      assert.match(send.stdout, /sent 4, failed 0/);
      assert.equal(sink.accepted.size, 4);
      const status = await vigil(['notify', 'status', '--plan', id], env);
      assert.match(status.stdout, /approved by ben/);
      assert.match(status.stdout, /inapp\s+0\s+0\s+0\s+2\s+0/);
      assert.match(status.stdout, /sms\s+0\s+0\s+2\s+0\s+0/);

      const log = JSON.parse((await vigil(['audit', 'list', '--case', 'cli', '--json'], env)).stdout) as { actor: string; action: string }[];
      const actions = log.map((e) => `${e.action}`).reverse();
      assert.deepEqual(actions, ['victims.import', 'victims.reveal', 'notify.plan', 'notify.approve', 'notify.dry-run', 'notify.send']);
      assert.deepEqual(log.find((e) => e.action === 'notify.plan')!.actor, 'ana');
      assert.deepEqual(log.find((e) => e.action === 'notify.approve')!.actor, 'ben');
    } finally {
      await sink.close();
    }
  });

  it('refuses to read victims with another key, in one line', async () => {
    const home = tempDir();
    const csv = writeTemp(tempDir(), 'v.csv', 'number\n+525512345678\n');
    await vigil(['victims', 'import', csv, '--case', 'k'], { VIGIL_HOME: home });
    const r = await vigil(['victims', 'list', '--case', 'k'], { VIGIL_HOME: home, VIGIL_KEY: 'ab'.repeat(32) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\[PII_KEY_MISMATCH\]/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const stats = await vigil(['victims', 'stats', '--case', 'k'], { VIGIL_HOME: home, VIGIL_KEY: 'ab'.repeat(32) });
    assert.equal(stats.code, 0, 'counts need no key');
  });
});
