// One contract, every channel driver, each against a real peer: delivered with its idempotency
// key; a refused request is not retried; a server error or timeout is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { messageIdFor, renderWarning, smtpChannel, webhookChannel, type Channel, type OutgoingWarning } from '../../src/notify/index.ts';
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from '../helpers/sinks.ts';

const SECRET = 'test-secret';

function warning(key: string, recipient: string, language = 'en'): OutgoingWarning {
  return { idempotencyKey: key, recipient, rendered: renderWarning({ language, kind: 'exploit', from: '2019-04-29T00:00:00Z', to: '2019-05-10T00:00:00Z' }), caseName: 'c', kind: 'exploit' };
}

interface Driver {
  name: string;
  make(): Channel;
  recipient: string;
  /** Keys the peer accepted. */
  received(): string[];
  failNext(kind: 'retryable' | 'permanent'): void;
}

describe('channel contract', () => {
  let http: HttpSink;
  let smtp: SmtpSink;
  before(async () => {
    http = await startHttpSink(SECRET);
    smtp = await startSmtpSink();
  });
  after(async () => {
    await http.close();
    await smtp.close();
  });

  const drivers: Driver[] = [
    { name: 'inapp', make: () => webhookChannel('inapp', { url: http.url, secret: SECRET }), recipient: '+525512345678', received: () => [...http.accepted.keys()], failNext: (k) => http.failNext(k === 'retryable' ? 503 : 400) },
    { name: 'sms', make: () => webhookChannel('sms', { url: http.url, secret: SECRET }), recipient: '+97333123456', received: () => [...http.accepted.keys()], failNext: (k) => http.failNext(k === 'retryable' ? 502 : 422) },
    { name: 'smtp', make: () => smtpChannel({ url: smtp.url, from: 'warnings@example.org' }), recipient: 'victim@example.org', received: () => smtp.messages.map((m) => String(m.headers.get('x-vigil-idempotency-key'))), failNext: (k) => smtp.failNext(k === 'retryable' ? 451 : 550) },
  ];

  for (const d of drivers) {
    it(`${d.name}: delivers a warning with its idempotency key`, async () => {
      const ch = d.make();
      const r = await ch.send(warning(`${d.name}-k1`, d.recipient));
      await ch.close();
      assert.equal(r.ok, true);
      assert.ok(d.received().includes(`${d.name}-k1`));
    });

    it(`${d.name}: a temporary failure is retryable, a permanent one is not`, async () => {
      const ch = d.make();
      d.failNext('retryable');
      const t = await ch.send(warning(`${d.name}-k2`, d.recipient));
      d.failNext('permanent');
      const p = await ch.send(warning(`${d.name}-k3`, d.recipient));
      await ch.close();
      assert.deepEqual([t.ok, !t.ok && t.retryable], [false, true]);
      assert.deepEqual([p.ok, !p.ok && p.retryable], [false, false]);
      assert.ok(!t.ok && /5\d\d|4\d\d/.test(t.reason));
    });
  }

  it('webhooks sign the body; the sink verifies the signature and refuses a wrong secret', async () => {
    const good = webhookChannel('inapp', { url: http.url, secret: SECRET });
    const bad = webhookChannel('inapp', { url: http.url, secret: 'wrong' });
    assert.equal((await good.send(warning('sig-1', '+525512345678'))).ok, true);
    const r = await bad.send(warning('sig-2', '+525512345678'));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.retryable, false);
    const req = http.requests.find((x) => x.key === 'sig-1')!;
    assert.equal(req.signatureOk, true);
    assert.equal(req.body.idempotency_key, 'sig-1');
    assert.equal((req.body.notice as { language: string }).language, 'en');
  });

  it('a webhook timeout is retryable', async () => {
    const ch = webhookChannel('sms', { url: http.url, secret: SECRET, timeoutMs: 200 });
    http.stallNext(1000);
    const r = await ch.send(warning('slow-1', '+97333123456'));
    assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'timeout']);
    assert.equal(!r.ok && r.retryable, true);
  });

  it('email: deterministic Message-ID, text and HTML parts, right to left for Arabic', async () => {
    const ch = smtpChannel({ url: smtp.url, from: 'warnings@example.org' });
    await ch.send(warning('mail-ar', 'victim@example.org', 'ar'));
    await ch.close();
    const m = smtp.messages.find((x) => x.headers.get('x-vigil-idempotency-key') === 'mail-ar')!;
    assert.equal(m.messageId, messageIdFor('mail-ar'));
    assert.match(String(m.html), /<html lang="ar" dir="rtl">/);
    assert.match(String(m.html), /direction:rtl/);
    assert.match(m.text ?? '', /CVE-2019-3568/);
    assert.equal(m.subject, 'تنبيه أمني: استُهدف حسابك بهجوم');
    assert.doesNotMatch(String(m.html), /<a /, 'a warning carries no link to click');
  });
});
