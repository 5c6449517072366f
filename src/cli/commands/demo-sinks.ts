// What the demo warns through: local stand-ins for the messaging service's in-app endpoint, an
// SMS gateway and a mail server, each checking signatures and writing what it got to a folder;
// and an investigator roster for the demo's victims.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { signature } from '../../notify/index.ts';
import { Rng } from '../../telemetry/rng.ts';

export interface DemoSinks {
  dir: string;
  secret: string;
  inappUrl: string;
  smsUrl: string;
  smtpUrl: string;
  received(): number;
  close(): Promise<void>;
}

export async function startDemoSinks(dir: string): Promise<DemoSinks> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = crypto.randomBytes(16).toString('hex');
  const seen = new Set<string>();
  const files: Record<string, fs.WriteStream> = {};
  const log = (name: string, line: string) => (files[name] ??= fs.createWriteStream(path.join(dir, `${name}.jsonl`), { flags: 'a', mode: 0o600 })).write(line + '\n');
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const ok = req.headers['x-vigil-signature'] === `sha256=${signature(secret, String(req.headers['x-vigil-timestamp']), body)}`;
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!ok || !key) {
        res.writeHead(401).end();
        return;
      }
      if (!seen.has(key)) {
        seen.add(key);
        log(req.url === '/sms' ? 'sms' : 'inapp', body);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: key.slice(0, 12) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? crypto.randomUUID();
        if (!seen.has(id)) {
          seen.add(id);
          fs.writeFileSync(path.join(dir, `mail-${crypto.createHash('sha256').update(id).digest('hex').slice(0, 16)}.eml`), raw, { mode: 0o600 });
        }
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  return {
    dir,
    secret,
    inappUrl: `http://127.0.0.1:${port}/inapp`,
    smsUrl: `http://127.0.0.1:${port}/sms`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    received: () => seen.size,
    async close() {
      for (const f of Object.values(files)) f.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}

const SECTORS = ['journalist', 'human-rights', 'civil-society', 'government', 'military', 'business', 'other'];

/** An investigator's roster for some of the demo's targets: sectors, a few names, some emails. */
export function writeDemoRoster(file: string, targets: string[], seed: number): string {
  const rng = new Rng(seed ^ 0x5eed);
  const rows = ['number,sector,name,organisation,email'];
  for (const [i, t] of targets.entries()) {
    if (!rng.chance(0.3)) continue;
    const sector = SECTORS[Math.floor(rng.next() * SECTORS.length)];
    rows.push(`${t},${sector},Person ${i},Organisation ${i % 50},${rng.chance(0.5) ? `person${i}@demo.invalid` : ''}`);
  }
  fs.writeFileSync(file, rows.join('\n') + '\n', { mode: 0o600 });
  return file;
}
