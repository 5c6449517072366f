// `vigil report`: the campaign report as HTML or PDF with its exports, written to a folder.
import fs from 'node:fs';
import path from 'node:path';
import { audit, operatorName, type PiiVault } from '../../cases/index.ts';
import { VigilError } from '../../core/index.ts';
import type { Store } from '../../store/index.ts';
import { gatherReport } from './data.ts';
import { stixBundle, toCsv } from './exports.ts';
import { reportHtml } from './html.ts';

export interface ReportFiles {
  dir: string;
  files: string[];
}

async function htmlToPdf(html: string, out: string): Promise<void> {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new VigilError('REPORT_PDF', 'PDF needs playwright-core and Chromium', { hint: 'install Debian chromium (scripts/bootstrap does), or use --format html' });
  }
  const exe = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(exe)) throw new VigilError('REPORT_PDF', `no Chromium at ${exe}`, { hint: 'install Debian chromium or set VIGIL_CHROMIUM; or use --format html' });
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: out, format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}

export async function writeReport(store: Store, vault: PiiVault, caseName: string, out: string, format: 'html' | 'pdf', reveal: boolean, actor?: string): Promise<ReportFiles> {
  const d = await gatherReport(store, vault, caseName, reveal);
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const write = (name: string, text: string) => {
    const p = path.join(out, name);
    fs.writeFileSync(p, text, { mode: 0o600 });
    return p;
  };
  const html = reportHtml(d);
  const files: string[] = [];
  if (format === 'pdf') {
    const p = path.join(out, 'report.pdf');
    await htmlToPdf(html, p);
    files.push(p);
  } else files.push(write('report.html', html));
  const victims = d.victims.map((v) => ({ id: v.id, number: v.account, country: v.country, region: v.region, language: v.language, sector: v.sector, name: reveal ? v.name : null, organisation: reveal ? v.organisation : null, first_targeted: v.firstTargeted, last_targeted: v.lastTargeted, calls: v.calls, kind: (v.evidence as { kind?: string }).kind ?? null }));
  files.push(write('victims.csv', toCsv(victims)), write('victims.json', JSON.stringify(victims, null, 1) + '\n'));
  files.push(write('detections.csv', toCsv(d.detections)), write('detections.json', JSON.stringify(d.detections, null, 1) + '\n'));
  files.push(write('attackers.stix2.json', JSON.stringify(stixBundle(d), null, 1) + '\n'));
  if (reveal) await audit(store, actor ?? operatorName(), 'report.reveal', caseName, { out, format });
  return { dir: out, files };
}
