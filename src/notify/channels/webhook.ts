// Webhook channels: the messaging service's in-app notices and an SMS gateway. The body is signed
// (HMAC-SHA-256 over timestamp and body) and every request carries the warning's Idempotency-Key.
// HTTP semantics: timeouts, network errors and 5xx are worth retrying; 4xx is not.
import crypto from 'node:crypto';
import type { Channel, ChannelName, OutgoingWarning, SendResult } from './types.ts';

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
}

export function signature(secret: string, timestamp: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

function payload(name: ChannelName, w: OutgoingWarning): object {
  if (name === 'sms') return { to: w.recipient, text: w.rendered.sms, language: w.rendered.language, idempotency_key: w.idempotencyKey };
  return {
    account: w.recipient,
    notice: w.rendered.inapp,
    kind: w.kind,
    case: w.caseName,
    idempotency_key: w.idempotencyKey,
  };
}

export function webhookChannel(name: 'inapp' | 'sms', o: WebhookOptions): Channel {
  return {
    name,
    async send(w): Promise<SendResult> {
      const body = JSON.stringify(payload(name, w));
      const ts = String(Math.floor(Date.now() / 1000));
      let res: Response;
      try {
        res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': w.idempotencyKey,
            'x-vigil-timestamp': ts,
            'x-vigil-signature': `sha256=${signature(o.secret, ts, body)}`,
          },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
      } catch (e) {
        const err = e as Error;
        return { ok: false, retryable: true, reason: err.name === 'TimeoutError' ? 'timeout' : `network: ${err.message}` };
      }
      const text = await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) {
        let id: string | undefined;
        try {
          id = (JSON.parse(text) as { id?: string }).id;
        } catch {
          id = undefined;
        }
        return { ok: true, status: name === 'inapp' ? 'delivered' : 'sent', messageId: id };
      }
      return { ok: false, retryable: res.status >= 500, reason: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
    },
    async close() {},
  };
}
