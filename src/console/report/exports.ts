// Machine-readable exports of a report: victims and detections as CSV and JSON, and the attacker
// accounts and infrastructure found as a STIX 2.1 bundle that other tools (and vigil) can import.
import crypto from 'node:crypto';
import type { ReportData } from './data.ts';

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Quote everything that needs it; a leading =, +, - or @ is prefixed so spreadsheets do not run it.
  const safe = /^[=+\-@]/.test(s) && !/^[+-]\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

const id = (type: string, seed: string) => {
  const h = crypto.createHash('sha1').update(`vigil-report|${seed}`).digest('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function stixBundle(d: ReportData): object {
  const now = d.generatedAt;
  const campaign = { type: 'campaign', spec_version: '2.1', id: id('campaign', d.caseName), created: now, modified: now, name: d.caseName, description: `Found by vigil: ${d.hunt.attackers.length} attacker accounts, ${d.stats.headline.victims} targets` };
  const objects: object[] = [campaign];
  const add = (pattern: string, name: string) => {
    const ind = { type: 'indicator', spec_version: '2.1', id: id('indicator', `${d.caseName}|${pattern}`), created: now, modified: now, name, indicator_types: ['malicious-activity'], pattern, pattern_type: 'stix', valid_from: now };
    objects.push(ind, { type: 'relationship', spec_version: '2.1', id: id('relationship', `${ind.id}`), created: now, modified: now, relationship_type: 'indicates', source_ref: ind.id, target_ref: campaign.id });
  };
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  for (const a of d.hunt.attackers) add(`[user-account:account_login = ${quote(a.account)}]`, `attacker account ${a.account}`);
  for (const i of d.infrastructure) add(`[ipv4-addr:value = ${quote(i.address)}]`, `attacker infrastructure ${i.address}`);
  return { type: 'bundle', id: id('bundle', `${d.caseName}|${now}`), objects };
}
