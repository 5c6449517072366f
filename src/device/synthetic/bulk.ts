// A large synthetic backup for bench/device: the fixture backup with its Messages, Safari history
// and data-usage databases replaced by big ones (real schemas), a small share of rows carrying
// Amnesty indicators so the check has real work and real findings.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildBackup } from './ios.ts';
import { SAFARI_HISTORY_SCHEMA, safariWriter } from './safari-schema.ts';
import { SMS_DB_SCHEMA } from './sms-schema.ts';

export interface BulkSizes {
  sms: number;
  history: number;
  usage: number;
}

const APPLE_EPOCH = 978_307_200;
const storedFile = (root: string, domain: string, rel: string) => {
  const id = crypto.createHash('sha1').update(`${domain}-${rel}`).digest('hex');
  return path.join(root, id.slice(0, 2), id);
};

/** Deterministic filler: a small linear congruential generator, so every run builds the same backup. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

export function buildBulkBackup(root: string, sizes: BulkSizes, badDomains: string[], badProcesses: string[]): string {
  buildBackup(root);
  const rand = rng(42);
  const t0 = Date.parse('2021-01-01T00:00:00Z') / 1000 - APPLE_EPOCH;
  const benign = ['example.org', 'news.example.com', 'maps.example.net', 'shop.example.co.uk', 'video.example.tv'];

  const sms = storedFile(root, 'HomeDomain', 'Library/SMS/sms.db');
  fs.rmSync(sms);
  const s = new Database(sms);
  s.pragma('journal_mode = OFF');
  s.exec(SMS_DB_SCHEMA);
  s.transaction(() => {
    const h = s.prepare('INSERT INTO handle (ROWID, id, service) VALUES (?, ?, ?)');
    for (let i = 1; i <= 500; i++) h.run(i, `+4915${String(10_000_000 + i)}`, 'SMS');
    const m = s.prepare('INSERT INTO message (guid, text, date, date_read, handle_id, is_from_me, service, account, is_read, is_delivered, is_finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)');
    for (let i = 0; i < sizes.sms; i++) {
      const r = rand();
      const link = r < 0.3 ? ` https://${r < 0.0005 ? badDomains[i % badDomains.length] : benign[i % benign.length]}/p/${i}` : '';
      const date = Math.round((t0 + i * 60) * 1e9);
      m.run(`g${i}`, `message ${i} about the meeting${link}`, date, i % 2 ? null : date + 90e9, 1 + (i % 500), i % 2, 'SMS', 'p:+4915100000000');
    }
  })();
  s.close();

  const hist = storedFile(root, 'AppDomain-com.apple.mobilesafari', 'Library/Safari/History.db');
  fs.rmSync(hist);
  const h = new Database(hist);
  h.pragma('journal_mode = OFF');
  h.exec(SAFARI_HISTORY_SCHEMA);
  h.transaction(() => {
    const w = safariWriter(h);
    const items = Math.max(1, Math.floor(sizes.history / 5));
    const urls: string[] = [];
    for (let i = 1; i <= items; i++) urls.push(`https://${rand() < 0.001 ? badDomains[i % badDomains.length] : `${i % 997}.${benign[i % benign.length]}`}/page/${i}`);
    for (let i = 0; i < sizes.history; i++) {
      const url = urls[i % items];
      // Safari keeps a visit's time to the microsecond, as a real.
      const at = t0 + i * 30 + ((i * 7919) % 1_000_000) / 1e6;
      // One visit in a thousand is a plain-HTTP one upgraded to HTTPS on the same site: a redirect,
      // but not an injection.
      if (i % 1000 === 999) w.redirect(w.visit(url.replace('https:', 'http:'), at - 0.2), w.visit(url, at, `page ${i}`));
      // One in a hundred thousand is an injection: a plain-HTTP page sent elsewhere in 300 ms.
      else if (i % 100_000 === 50_000) w.redirect(w.visit(`http://news${i}.example.org/`, at - 0.3), w.visit(`https://cdn-track.example.net/r/${i}`, at));
      else w.visit(url, at, `page ${i}`);
    }
  })();
  h.close();

  const usage = storedFile(root, 'WirelessDomain', 'Library/Databases/DataUsage.sqlite');
  fs.rmSync(usage);
  const u = new Database(usage);
  u.pragma('journal_mode = OFF');
  u.exec(`CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, ZPROCNAME TEXT, ZBUNDLENAME TEXT, ZFIRSTTIMESTAMP REAL, ZTIMESTAMP REAL);
    CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, ZHASPROCESS INTEGER, ZWIFIIN REAL, ZWIFIOUT REAL, ZWWANIN REAL, ZWWANOUT REAL, ZTIMESTAMP REAL)`);
  u.transaction(() => {
    const p = u.prepare('INSERT INTO ZPROCESS VALUES (?, ?, ?, ?, ?)');
    const l = u.prepare('INSERT INTO ZLIVEUSAGE (ZHASPROCESS, ZWIFIIN, ZWIFIOUT, ZWWANIN, ZWWANOUT, ZTIMESTAMP) VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 1; i <= sizes.usage; i++) {
      const name = rand() < 0.002 ? badProcesses[i % badProcesses.length] : `proc${i % 3000}`;
      // One in ten thousand process records was deleted, its usage row left behind.
      if (i % 10_000 !== 5_000) p.run(i, name, `com.example.app${i % 3000}`, t0 + i, t0 + i + 600);
      l.run(i, i % 1000, i % 700, 0, i % 50, t0 + i + 600);
    }
  })();
  u.close();
  return root;
}
