// Crash safety: a rollout of 2,000 victims × 2 channels whose dispatcher is killed with SIGKILL at
// random moments, at least ten times, and restarted until it finishes. At the sink every victim
// has exactly one accepted warning per channel by idempotency key; none is lost. Raw re-deliveries
// (the same key sent again after a kill) are counted and printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importVictims } from '../../src/cases/index.ts';
import { approve, createPlan } from '../../src/notify/index.ts';
import { startHttpSink } from '../helpers/sinks.ts';
import { openPostgresWithUrl, TEST_KEY, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir, writeTemp } from '../helpers/fixtures.ts';

const SECRET = 'crash-secret';
const VICTIMS = 2000;

describe('rollout through crashes', () => {
  it(`${VICTIMS} victims × 2 channels, dispatcher killed at random at least 10 times`, { timeout: 600_000 }, async () => {
    const { store: s, url: dbUrl } = await openPostgresWithUrl();
    const sink = await startHttpSink(SECRET);
    try {
      const vault = await testVault(s);
      const rows = ['number,first_targeted'];
      for (let i = 0; i < VICTIMS; i++) rows.push(`+5215${String(510000000 + i)},2019-05-02T10:00:00Z`);
      await importVictims(s, vault, 'crash', writeTemp(tempDir(), 'v.csv', rows.join('\n')));
      const plan = await createPlan(s, 'crash', ['inapp', 'sms'], 'alice');
      await approve(s, plan.planId, 'bob');
      // The worker sends at a bounded rate so that the kills land mid-rollout.
      const env = { ...process.env, CRASH_DB_URL: dbUrl, CRASH_KEY: TEST_KEY, CRASH_SINK: sink.url, CRASH_SECRET: SECRET, CRASH_PLAN: String(plan.planId), CRASH_RATE: '250' };
      let kills = 0;
      let runs = 0;
      for (;;) {
        runs++;
        if (runs > 80) assert.fail('the rollout did not finish');
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/notify/crash-worker.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        const timer = kills < 12 ? setTimeout(() => child.kill('SIGKILL'), 1200 + Math.floor(Math.random() * 1500)) : undefined;
        const code = await exited;
        if (timer) clearTimeout(timer);
        if (code === null) {
          kills++;
          continue;
        }
        assert.equal(code, 0, err.slice(-2000));
        break; // a dispatcher that exits by itself found nothing left to send
      }
      const keys = [...sink.accepted.keys()];
      const extra = sink.requests.length - keys.length;
      console.log(`crash test: ${kills} SIGKILLs over ${runs} runs; ${keys.length} distinct warnings accepted, ${sink.requests.length} requests, ${extra} raw re-deliveries`);
      assert.ok(kills >= 10, `killed ${kills} times`);
      assert.equal(keys.length, VICTIMS * 2, 'every victim has a warning on each channel');
      const rowsDone = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM warnings WHERE plan_id = $1 AND status IN ('sent', 'delivered')`, [plan.planId]);
      assert.equal(rowsDone[0].n, VICTIMS * 2, 'the outbox agrees');
      // Exactly one warning per victim and channel by key: every key maps to one outbox row.
      const outboxKeys = await s.query<{ idempotency_key: string }>('SELECT idempotency_key FROM warnings WHERE plan_id = $1', [plan.planId]);
      assert.deepEqual(new Set(outboxKeys.map((r) => r.idempotency_key)), new Set(keys));
    } finally {
      await sink.close();
      await s.close();
    }
  });
});
