// Email through SMTP (nodemailer). The Message-ID is derived from the idempotency key, so a resent
// warning is recognisably the same message. SMTP semantics: 4xx replies and connection failures
// are temporary (retry), 5xx permanent.
import nodemailer from 'nodemailer';
import type { Channel, SendResult } from './types.ts';

export interface SmtpOptions {
  /** smtp://host:port (smtps:// for TLS). */
  url: string;
  from: string;
  timeoutMs?: number;
}

export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey}@warnings.vigil.invalid>`;
}

export function smtpChannel(o: SmtpOptions): Channel {
  const u = new URL(o.url);
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 25)),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: o.timeoutMs ?? 10_000,
    socketTimeout: o.timeoutMs ?? 10_000,
    tls: { rejectUnauthorized: u.hostname !== '127.0.0.1' && u.hostname !== 'localhost' },
  });
  return {
    name: 'smtp',
    async send(w): Promise<SendResult> {
      const messageId = messageIdFor(w.idempotencyKey);
      try {
        await transport.sendMail({
          from: o.from,
          to: w.recipient,
          subject: w.rendered.subject,
          text: w.rendered.text,
          html: w.rendered.html,
          messageId,
          headers: { 'X-Vigil-Idempotency-Key': w.idempotencyKey, 'Content-Language': w.rendered.language },
        });
        return { ok: true, status: 'sent', messageId };
      } catch (e) {
        const err = e as Error & { responseCode?: number; code?: string };
        const code = err.responseCode;
        return { ok: false, retryable: code === undefined || (code >= 400 && code < 500), reason: code ? `SMTP ${code}: ${err.message.slice(0, 200)}` : `${err.code ?? 'error'}: ${err.message.slice(0, 200)}` };
      }
    },
    async close() {
      transport.close();
    },
  };
}
