// Real peers for the channel tests: an HTTP sink that checks signatures and idempotency keys (and
// can be told to fail), and an SMTP server whose messages the tests parse.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { signature } from '../../src/notify/index.ts';

export interface SinkRequest {
  key: string;
  body: Record<string, unknown>;
  signatureOk: boolean;
}

export interface HttpSink {
  url: string;
  requests: SinkRequest[];
  /** Distinct idempotency keys accepted (2xx). */
  accepted: Map<string, number>;
  /** Status to answer for the next requests, in order; then 200. */
  failNext(...statuses: number[]): void;
  /** Answer nothing for this long on the next request (a timeout). */
  stallNext(ms: number): void;
  close(): Promise<void>;
}

export async function startHttpSink(secret: string): Promise<HttpSink> {
  const queue: number[] = [];
  let stall = 0;
  const requests: SinkRequest[] = [];
  const accepted = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const ts = String(req.headers['x-vigil-timestamp'] ?? '');
      const sig = String(req.headers['x-vigil-signature'] ?? '');
      const signatureOk = sig === `sha256=${signature(secret, ts, data)}`;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(data);
      } catch {
        body = {};
      }
      requests.push({ key, body, signatureOk });
      const answer = () => {
        const status = queue.length > 0 ? queue.shift()! : !signatureOk || !key ? 401 : 200;
        if (status >= 200 && status < 300) accepted.set(key, (accepted.get(key) ?? 0) + 1);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { id: `m-${key.slice(0, 8)}` } : { error: 'refused' }));
      };
      if (stall > 0) {
        const ms = stall;
        stall = 0;
        setTimeout(answer, ms);
      } else answer();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/warnings`,
    requests,
    accepted,
    failNext: (...s) => queue.push(...s),
    stallNext: (ms) => (stall = ms),
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** SMTP reply code for the next messages' DATA, then accept. */
  failNext(...codes: number[]): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const queue: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const code = queue.shift();
      simpleParser(stream).then((mail) => {
        if (code) {
          const err = new Error(code >= 500 ? 'mailbox unavailable' : 'try again later') as Error & { responseCode: number };
          err.responseCode = code;
          return callback(err);
        }
        messages.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext: (...c) => queue.push(...c),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
