// What a case's latest hunt found: attackers, targets, by country, first/last seen, top rules;
// and scoring against a generator's truth.json (precision and recall of targets and attackers).
import fs from 'node:fs';
import { InputError, UsageError } from '../core/index.ts';
import * as cases from '../cases/index.ts';
import type { Store } from '../store/index.ts';
import type { Truth } from '../telemetry/index.ts';

export interface HuntReport {
  case: string;
  hunt: { id: number; startedAt: string; finishedAt: string | null; window: { start: string | null; end: string | null }; stats: Record<string, unknown> };
  attackers: cases.Attacker[];
  targets: { total: number; byCountry: Record<string, number>; probeOnly: number; firstSeen: string | null; lastSeen: string | null };
  /** Targets the latest hunt found; numbers redacted unless the report was asked to reveal them. */
  targetList: cases.Victim[];
  rules: { rule_name: string; rule_title: string; level: string; n: number; actors: number }[];
  /** Internal hosts seen reaching indicator infrastructure in network logs. */
  hosts: { host: string; detections: number; rules: string[]; firstSeen: string; lastSeen: string }[];
}

async function caseOrFail(store: Store, name: string) {
  const c = await cases.findCase(store, name);
  if (!c) throw new UsageError(`no case named '${name}'`, { hint: 'run vigil hunt run --case NAME first, or see vigil case list' });
  const hunt = await cases.latestHunt(store, c.id);
  if (!hunt) throw new UsageError(`case '${name}' has no hunt yet`, { hint: 'run vigil hunt run --case NAME' });
  return { c, hunt };
}

/** `victims`: the case's victims when the caller has already read them, with the same vault and reveal. */
export async function huntReport(store: Store, caseName: string, vault?: cases.PiiVault, reveal = false, victims?: cases.Victim[]): Promise<HuntReport> {
  const { c, hunt } = await caseOrFail(store, caseName);
  const targets = (victims ?? (await cases.listVictims(store, vault, caseName, reveal))).filter((v) => v.foundByLatestHunt);
  const byCountry: Record<string, number> = {};
  for (const t of targets) byCountry[t.country ?? 'unknown'] = (byCountry[t.country ?? 'unknown'] ?? 0) + 1;
  const sorted = Object.fromEntries(Object.entries(byCountry).sort((a, b) => b[1] - a[1]));
  const times = targets.flatMap((t) => [t.firstTargeted, t.lastTargeted]).filter((x): x is string => Boolean(x)).sort();
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const hosts = await cases.detectionActors(store, c.id, 'zeek');
  const host = (enc: string) => (vault ? vault.decrypt(enc) : '(encrypted)');
  return {
    case: c.name,
    hunt: { id: hunt.id, startedAt: iso(hunt.started_at)!, finishedAt: iso(hunt.finished_at), window: { start: iso(hunt.window_start), end: iso(hunt.window_end) }, stats: hunt.stats },
    attackers: await cases.attackersOf(store, c.id),
    targets: {
      total: targets.length,
      byCountry: sorted,
      probeOnly: targets.filter((t) => (t.evidence as { kind?: string }).kind === 'probe-only').length,
      firstSeen: times[0] ?? null,
      lastSeen: times[times.length - 1] ?? null,
    },
    targetList: targets,
    rules: await cases.detectionCounts(store, c.id),
    hosts: hosts
      .map((h) => ({ host: host(h.actor_enc), detections: h.detections, rules: h.rules, firstSeen: iso(h.first_ts)!, lastSeen: iso(h.last_ts)! }))
      .sort((a, b) => a.host.localeCompare(b.host)),
  };
}

export interface Score {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
}

function score(found: string[], truth: string[]): Score {
  const t = new Set(truth);
  const f = new Set(found);
  const tp = [...f].filter((x) => t.has(x)).length;
  return {
    precision: f.size === 0 ? (t.size === 0 ? 1 : 0) : tp / f.size,
    recall: t.size === 0 ? 1 : tp / t.size,
    truePositives: tp,
    falsePositives: [...f].filter((x) => !t.has(x)).sort(),
    falseNegatives: [...t].filter((x) => !f.has(x)).sort(),
  };
}

export function readTruth(file: string): Truth {
  let doc: Truth;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Truth;
  } catch (e) {
    throw new InputError('TRUTH', `cannot read truth file: ${(e as Error).message}`, { where: file });
  }
  if (!Array.isArray(doc.attackers) || !Array.isArray(doc.targets)) throw new InputError('TRUTH', 'truth.json needs "attackers" and "targets" lists', { where: file });
  return doc;
}

/** Scores need the numbers themselves, so they read them through the vault. */
export async function huntScore(store: Store, caseName: string, truthFile: string, vault: cases.PiiVault): Promise<{ targets: Score; attackers: Score }> {
  const truth = readTruth(truthFile);
  const { c } = await caseOrFail(store, caseName);
  const targets = (await cases.listVictims(store, vault, caseName, true)).filter((v) => v.foundByLatestHunt).map((v) => v.account);
  return {
    targets: score(targets, truth.targets),
    attackers: score((await cases.attackersOf(store, c.id)).map((a) => a.account), truth.attackers),
  };
}
