// The rollout end to end on each store: plan, four eyes, send through real peers with failures
// injected; every victim warned exactly once per channel; statuses recorded; content complete.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importVictims } from '../../src/cases/index.ts';
import { approve, createPlan, dispatch, LANGUAGES, MESSAGES, NotifyError, planStatus, renderWarning, smtpChannel, webhookChannel } from '../../src/notify/index.ts';
import type { Store } from '../../src/store/index.ts';
import { startHttpSink, startSmtpSink } from '../helpers/sinks.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { tempDir, writeTemp } from '../helpers/fixtures.ts';

const SECRET = 's3cret';

async function seedVictims(s: Store, n: number) {
  const vault = await testVault(s);
  const rows = ['number,first_targeted,last_targeted,email,language'];
  const ccs = ['+52155', '+97333', '+91981', '+97254', '+33612'];
  for (let i = 0; i < n; i++) rows.push(`${ccs[i % ccs.length]}${String(100000 + i).padStart(6, '0')},2019-05-0${1 + (i % 9)}T10:00:00Z,2019-05-10T00:00:00Z,v${i}@example.org,`);
  const r = await importVictims(s, vault, 'rollout', writeTemp(tempDir(), 'v.csv', rows.join('\n')));
  assert.equal(r.rejected.length, 0);
  return vault;
}

describe('warning content', () => {
  it('exists in every required language, complete, right to left where the script is', () => {
    for (const l of ['en', 'es', 'ar', 'hi', 'ur', 'fr', 'id', 'he', 'hu', 'nl']) assert.ok(LANGUAGES.includes(l), l);
    for (const [lang, m] of Object.entries(MESSAGES)) {
      assert.equal(m.todo.length, 4, lang);
      assert.equal(m.genuine.length, 3, lang);
      assert.ok(m.todo[3].includes('https://www.accessnow.org/help'), `${lang}: helpline`);
      assert.ok(m.happened.includes('{{from}}') && m.happened.includes('{{to}}') && m.sms.includes('{{from}}'), `${lang}: dates`);
      assert.equal(m.dir, ['ar', 'he', 'ur'].includes(lang) ? 'rtl' : 'ltr', lang);
      const r = renderWarning({ language: lang, kind: 'probe', from: '2019-04-29T00:00:00Z', to: '2019-05-10T00:00:00Z' });
      assert.ok(r.text.includes('2019-04-29') && !r.text.includes('{{'), `${lang}: filled`);
      assert.ok(r.sms.length <= 320, `${lang}: SMS of ${r.sms.length} characters`);
    }
  });

  it('falls back to English for a language without a template', () => {
    assert.equal(renderWarning({ language: 'kk', kind: 'exploit', from: '2019-05-01T00:00:00Z', to: '2019-05-02T00:00:00Z' }).language, 'en');
  });
});

for (const driver of drivers) {
  describe(`rollout on ${driver.name}`, () => {
    it('four eyes: the planner cannot approve, and nothing unapproved is sent', async () => {
      const s = await driver.open();
      const sink = await startHttpSink(SECRET);
      try {
        const vault = await seedVictims(s, 10);
        const plan = await createPlan(s, 'rollout', ['inapp'], 'alice');
        const channels = { inapp: webhookChannel('inapp', { url: sink.url, secret: SECRET }) };
        await assert.rejects(dispatch(s, { planId: plan.planId, channels, vault, caseName: 'rollout' }), (e: unknown) => e instanceof NotifyError && e.code === 'NOTIFY_NOT_APPROVED');
        await assert.rejects(approve(s, plan.planId, 'alice'), (e: unknown) => e instanceof NotifyError && e.code === 'NOTIFY_FOUR_EYES');
        // The database refuses it too, whatever code path tries.
        await assert.rejects(s.query("UPDATE warning_plans SET approved_by = planned_by WHERE id = $1", [plan.planId]));
        assert.equal(sink.requests.length, 0);
        await approve(s, plan.planId, 'bob');
        await assert.rejects(approve(s, plan.planId, 'carol'), /already approved by bob/);
      } finally {
        await sink.close();
        await s.close();
      }
    });

    it('warns every victim exactly once per channel through failures, and a second plan adds nothing', async () => {
      const s = await driver.open();
      const http = await startHttpSink(SECRET);
      const smtp = await startSmtpSink();
      try {
        const vault = await seedVictims(s, 60);
        const plan = await createPlan(s, 'rollout', ['inapp', 'sms', 'smtp'], 'alice');
        assert.deepEqual(plan.queued, { inapp: 60, sms: 60, smtp: 60 });
        assert.deepEqual(Object.keys(plan.byChannelLanguage.inapp).sort(), ['ar', 'es', 'fr', 'he', 'hi']);
        assert.ok(plan.previews['ar/probe'].html.includes('dir="rtl"'));
        await approve(s, plan.planId, 'bob');
        http.failNext(503, 500, 400);
        smtp.failNext(451, 550);
        const channels = {
          inapp: webhookChannel('inapp', { url: http.url, secret: SECRET }),
          sms: webhookChannel('sms', { url: http.url, secret: SECRET }),
          smtp: smtpChannel({ url: smtp.url, from: 'warnings@example.org' }),
        };
        const dry = await dispatch(s, { planId: plan.planId, channels, vault, caseName: 'rollout', dryRun: true });
        assert.equal(dry.rendered, 180);
        assert.equal(http.requests.length, 0, 'a dry run sends nothing');
        const r = await dispatch(s, { planId: plan.planId, channels, vault, caseName: 'rollout', concurrency: 8, batch: 25 });
        await channels.smtp.close();
        // One 400 and one 550 are permanent failures; the 503, 500 and 451 were retried.
        assert.equal(r.failed, 2);
        assert.equal(r.sent, 178);
        const st = await planStatus(s, plan.planId);
        const total = (c: string) => Object.values(st.byChannel[c]).reduce((a, b) => a + b, 0);
        assert.deepEqual([total('inapp'), total('sms'), total('smtp')], [60, 60, 60]);
        assert.equal((st.byChannel.inapp.delivered ?? 0) + (st.byChannel.sms.sent ?? 0) + (st.byChannel.smtp.sent ?? 0), 178);
        assert.equal(st.failures.length, 2);
        assert.ok(st.failures.some((f) => /HTTP 400/.test(f.last_error ?? '')) && st.failures.some((f) => /SMTP 550/.test(f.last_error ?? '')));
        for (const [, n] of http.accepted) assert.equal(n, 1);
        assert.equal(new Set(smtp.messages.map((m) => m.messageId)).size, smtp.messages.length);
        const again = await createPlan(s, 'rollout', ['inapp', 'sms', 'smtp'], 'carol');
        assert.deepEqual(again.queued, { inapp: 0, sms: 0, smtp: 0 });
        assert.deepEqual(again.alreadyQueued, { inapp: 60, sms: 60, smtp: 60 });
      } finally {
        await http.close();
        await smtp.close();
        await s.close();
      }
    });
  });
}

it('several dispatchers on PostgreSQL share a plan without sending anything twice (SKIP LOCKED)', async () => {
  const s = await drivers[1].open();
  const sink = await startHttpSink(SECRET);
  try {
    const vault = await seedVictims(s, 400);
    const plan = await createPlan(s, 'rollout', ['inapp', 'sms'], 'alice');
    await approve(s, plan.planId, 'bob');
    const channels = { inapp: webhookChannel('inapp', { url: sink.url, secret: SECRET }), sms: webhookChannel('sms', { url: sink.url, secret: SECRET }) };
    const results = await Promise.all(
      ['d1', 'd2', 'd3'].map((worker) => dispatch(s, { planId: plan.planId, channels, vault, caseName: 'rollout', worker, batch: 20, concurrency: 4 })),
    );
    assert.equal(results.reduce((n, r) => n + r.sent, 0), 800);
    assert.ok(results.filter((r) => r.sent > 0).length >= 2, `the work was shared: ${results.map((r) => r.sent)}`);
    assert.equal(sink.accepted.size, 800);
    assert.equal(sink.requests.length, 800, 'no warning was claimed by two dispatchers');
  } finally {
    await sink.close();
    await s.close();
  }
});

it('the outbox holds no recipient in clear', async () => {
  const s = await drivers[0].open();
  try {
    await seedVictims(s, 5);
    await createPlan(s, 'rollout', ['sms', 'smtp'], 'alice');
    const rows = await s.query<{ t: string }>('SELECT row_to_json(w)::text AS t FROM warnings w');
    for (const r of rows) assert.doesNotMatch(r.t, /\+52155|example\.org/);
  } finally {
    await s.close();
  }
});
