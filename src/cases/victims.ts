// Victims of a case: from the hunt's targets and from investigators' CSV files, enriched with
// country, region and language from the number and with sectors from rosters. Numbers, names and
// organisations go through the PII vault; nothing here writes them in clear.
import fs from 'node:fs';
import { decodeText, InputError, parseCsv, UsageError, utcIso } from '../core/index.ts';
import { normalizeAs } from '../indicators/index.ts';
import type { Store } from '../store/index.ts';
import { countryOf } from './country.ts';
import { languageOf, regionOf } from './countries.ts';
import { redact, type PiiVault } from './pii.ts';
import * as q from './queries.ts';

export const SECTORS = ['government', 'military', 'journalist', 'human-rights', 'civil-society', 'business', 'other'] as const;
export type Sector = (typeof SECTORS)[number] | 'unknown';

export interface Target {
  account: string;
  firstSeen: string | null;
  lastSeen: string | null;
  calls: number;
  evidence: Record<string, unknown>;
}

/** A victim's number as stored and looked up: E.164. */
export function victimNumber(raw: string): string | undefined {
  const n = normalizeAs('phone', raw);
  return n.ok ? n.value : undefined;
}

export function victimRow(vault: PiiVault, t: Target, source: 'hunt' | 'import', huntId: number | null): q.VictimRow {
  const country = countryOf(t.account);
  return {
    accountHash: vault.hash('account', t.account),
    accountEnc: vault.encrypt(t.account),
    country,
    region: regionOf(country),
    language: languageOf(country),
    firstTargeted: t.firstSeen,
    lastTargeted: t.lastSeen,
    calls: t.calls,
    source,
    huntId,
    evidence: t.evidence,
  };
}

async function caseId(store: Store, name: string): Promise<number> {
  const c = await q.findCase(store, name);
  if (!c) throw new UsageError(`no case named '${name}'`, { hint: 'hunt into it first (vigil hunt run --case NAME) or import victims with vigil victims import' });
  return c.id;
}

export interface FileProblems {
  accepted: number;
  rejected: { line: number; reason: string }[];
}

function readCsvFile(file: string) {
  if (!fs.existsSync(file)) throw new InputError('INPUT_MISSING', 'no such file', { where: file });
  return parseCsv(decodeText(fs.readFileSync(file)), file);
}

function requireColumns(header: string[], needed: string[], file: string): void {
  const missing = needed.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new InputError('CSV_COLUMNS', `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, { where: file, hint: `the header must name ${needed.join(', ')}` });
}

/** `vigil victims import`: number, optional country, first_targeted, last_targeted, language, sector, name, organisation, email. */
export async function importVictims(store: Store, vault: PiiVault, caseName: string, file: string): Promise<FileProblems> {
  const { header, rows } = readCsvFile(file);
  requireColumns(header, ['number'], file);
  const rejected: FileProblems['rejected'] = [];
  const victims: { row: q.VictimRow; sector?: string; name?: string; organisation?: string; language?: string; email?: string }[] = [];
  for (const r of rows) {
    const number = victimNumber(r.values.number ?? '');
    if (!number) {
      rejected.push({ line: r.line, reason: `not a phone number with a country code: ${redact(r.values.number, 'text')}` });
      continue;
    }
    const sector = r.values.sector?.toLowerCase();
    if (sector && !(SECTORS as readonly string[]).includes(sector)) {
      rejected.push({ line: r.line, reason: `unknown sector '${sector}' (one of ${SECTORS.join(', ')})` });
      continue;
    }
    victims.push({
      row: victimRow(vault, { account: number, firstSeen: utcIso(r.values.first_targeted), lastSeen: utcIso(r.values.last_targeted), calls: 0, evidence: { importedFrom: file, line: r.line } }, 'import', null),
      sector, name: r.values.name, organisation: r.values.organisation, language: r.values.language, email: r.values.email,
    });
  }
  await store.transaction(async (tx) => {
    const id = await q.ensureCase(tx, caseName);
    await q.upsertVictims(tx, id, victims.map((v) => v.row));
    for (const v of victims) {
      if (v.sector || v.name || v.organisation) await q.annotateVictim(tx, id, v.row.accountHash, v.sector ?? 'unknown', vault.encryptOrNull(v.name), vault.encryptOrNull(v.organisation));
      if (v.language) await q.setVictimLanguage(tx, id, v.row.accountHash, v.language.toLowerCase());
      if (v.email) await q.setVictimEmail(tx, id, v.row.accountHash, vault.encrypt(v.email));
    }
  });
  return { accepted: victims.length, rejected };
}

/** `vigil victims annotate`: labels sectors (and names, organisations) from an investigator's roster. */
export async function annotateVictims(store: Store, vault: PiiVault, caseName: string, file: string): Promise<FileProblems & { notVictims: number }> {
  const { header, rows } = readCsvFile(file);
  requireColumns(header, ['number', 'sector'], file);
  const id = await caseId(store, caseName);
  const rejected: FileProblems['rejected'] = [];
  let accepted = 0;
  let notVictims = 0;
  await store.transaction(async (tx) => {
    for (const r of rows) {
      const number = victimNumber(r.values.number ?? '');
      const sector = (r.values.sector ?? '').toLowerCase();
      if (!number) rejected.push({ line: r.line, reason: 'not a phone number with a country code' });
      else if (!(SECTORS as readonly string[]).includes(sector)) rejected.push({ line: r.line, reason: `unknown sector '${sector}' (one of ${SECTORS.join(', ')})` });
      else if (await q.annotateVictim(tx, id, vault.hash('account', number), sector, vault.encryptOrNull(r.values.name), vault.encryptOrNull(r.values.organisation))) {
        accepted++;
        if (r.values.email) await q.setVictimEmail(tx, id, vault.hash('account', number), vault.encrypt(r.values.email));
      } else notVictims++;
    }
  });
  return { accepted, rejected, notVictims };
}

export interface Victim {
  /** The victim's lookup hash: stable, and nothing can be read from it. */
  id: string;
  account: string;
  country: string | null;
  region: string | null;
  language: string;
  sector: Sector;
  name: string | null;
  organisation: string | null;
  firstTargeted: string | null;
  lastTargeted: string | null;
  calls: number;
  source: string;
  foundByLatestHunt: boolean;
  evidence: Record<string, unknown>;
}

/** Victims of a case; numbers, names and organisations in clear only with `reveal`. */
export async function listVictims(store: Store, vault: PiiVault | undefined, caseName: string, reveal: boolean): Promise<Victim[]> {
  const id = await caseId(store, caseName);
  const rows = await q.victimsOf(store, id);
  const open = (enc: string | null, kind: 'number' | 'text') => {
    if (!enc) return null;
    if (!vault) return kind === 'number' ? '(encrypted)' : '•••';
    const plain = vault.decrypt(enc);
    return reveal ? plain : redact(plain, kind);
  };
  return rows.map((r) => ({
    id: r.account_hash,
    account: open(r.account_enc, 'number')!,
    country: r.country,
    region: r.region,
    language: r.language,
    sector: r.sector as Sector,
    name: open(r.name_enc, 'text'),
    organisation: open(r.organisation_enc, 'text'),
    firstTargeted: r.first_targeted ? new Date(r.first_targeted).toISOString() : null,
    lastTargeted: r.last_targeted ? new Date(r.last_targeted).toISOString() : null,
    calls: r.calls,
    source: r.source,
    foundByLatestHunt: r.hunt_id !== null,
    evidence: (typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence) as Record<string, unknown>,
  }));
}

export interface VictimStats {
  case: string;
  headline: { victims: number; countries: number; officials: number; officialsShare: number; civilSociety: number; labelled: number };
  byCountrySector: Record<string, Record<string, number>>;
  byCountry: Record<string, number>;
  bySector: Record<string, number>;
  byDay: Record<string, number>;
  /** Calls flagged by the hunt's rules, per day. */
  attemptsByDay: Record<string, number>;
}

/** Counts only: no number, name or organisation is read, so no key is needed. */
export async function victimStats(store: Store, caseName: string): Promise<VictimStats> {
  const id = await caseId(store, caseName);
  const rows = await q.victimsOf(store, id);
  const byCountrySector: Record<string, Record<string, number>> = {};
  const byCountry: Record<string, number> = {};
  const bySector: Record<string, number> = {};
  const byDay: Record<string, number> = {};
  for (const r of rows) {
    const c = r.country ?? 'unknown';
    (byCountrySector[c] ??= {})[r.sector] = (byCountrySector[c][r.sector] ?? 0) + 1;
    byCountry[c] = (byCountry[c] ?? 0) + 1;
    bySector[r.sector] = (bySector[r.sector] ?? 0) + 1;
    if (r.first_targeted) {
      const day = new Date(r.first_targeted).toISOString().slice(0, 10);
      byDay[day] = (byDay[day] ?? 0) + 1;
    }
  }
  const officials = (bySector.government ?? 0) + (bySector.military ?? 0);
  const sorted = <T extends Record<string, number>>(o: T) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]));
  return {
    case: caseName,
    headline: {
      victims: rows.length,
      countries: Object.keys(byCountry).filter((c) => c !== 'unknown').length,
      officials,
      officialsShare: rows.length ? officials / rows.length : 0,
      civilSociety: (bySector.journalist ?? 0) + (bySector['human-rights'] ?? 0) + (bySector['civil-society'] ?? 0),
      labelled: rows.filter((r) => r.sector !== 'unknown').length,
    },
    byCountrySector,
    byCountry: sorted(byCountry),
    bySector: sorted(bySector),
    byDay: Object.fromEntries(Object.entries(byDay).sort()),
    attemptsByDay: Object.fromEntries((await q.attemptsPerDay(store, id)).map((r) => [r.day, r.attempts])),
  };
}
